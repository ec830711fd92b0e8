import { randomUUID } from 'node:crypto';
import type { LanyardStore, LanyardTransaction } from '../store/lanyard-store';
import type { ReadonlyCollection } from '../store/record-store';
import type { StoredDevice } from '../store/schema';
import { fleetOnEnrolment } from '../fleets/fleet-membership';
/** Device facts reported at Authenticate. */
export interface AuthenticateFacts {
  udid: string;
  invitationId: string | null;
  certificateSha256: string;
  platform: StoredDevice['platform'];
  name: string;
  serialNumber: string;
  model: string;
  modelName: string;
  productName: string;
  osVersion: string;
  buildVersion: string;
}

/**
 * The check-in store role: enrollments by UDID (a unique index of the
 * store). Reads come from memory; every change goes through the store and
 * is durable when it resolves.
 */
export class DeviceRegistry {
  constructor(
    private readonly store: LanyardStore,
    private readonly now: () => Date = () => new Date(),
  ) {}

  byUdid(udid: string): StoredDevice | null {
    return this.store.collection('devices').by('udid', udid) ?? null;
  }

  byId(id: string): StoredDevice | null {
    return this.store.collection('devices').get(id) ?? null;
  }

  /** The devices collection, for paging through its indexes. */
  records(): ReadonlyCollection<StoredDevice> {
    return this.store.collection('devices');
  }

  list(): Iterable<StoredDevice> {
    return this.store.collection('devices').values();
  }

  count(status: StoredDevice['enrollmentStatus']): number {
    return this.store.collection('devices').countWhere('enrollmentStatus', status);
  }

  /** Creates or refreshes the enrollment; not enrolled until the first TokenUpdate. */
  authenticateIn(tx: LanyardTransaction, facts: AuthenticateFacts): StoredDevice {
    const at = this.now().toISOString();
    const existing = this.byUdid(facts.udid);
    const device: StoredDevice = {
      id: existing?.id ?? randomUUID(),
      channel: 'mdm',
      udid: facts.udid,
      invitationId: facts.invitationId,
      fleetId: fleetOnEnrolment(this.store, facts.invitationId, existing?.fleetId),
      platform: facts.platform,
      enrollmentStatus: 'authenticated',
      certificateSha256: facts.certificateSha256,
      name: facts.name || existing?.name || facts.udid,
      serialNumber: facts.serialNumber || existing?.serialNumber || '',
      model: facts.model || existing?.model || '',
      modelName: facts.modelName || existing?.modelName || '',
      productName: facts.productName || existing?.productName || '',
      osVersion: facts.osVersion || existing?.osVersion || '',
      buildVersion: facts.buildVersion || existing?.buildVersion || '',
      supervised: existing?.supervised ?? null,
      authenticatedAt: at,
      // Kept when the same enrollment re-authenticates (profile reinstalled), so it is not counted twice.
      enrolledAt: existing && existing.invitationId === facts.invitationId && existing.enrollmentStatus === 'enrolled' ? existing.enrolledAt : null,
      checkedOutAt: null,
      removedAt: null,
      lastSeenAt: at,
      tokenUpdates: 0,
      push: null,
      sealedUnlockToken: null,
      sealedBootstrapToken: existing?.sealedBootstrapToken ?? null,
      information: existing?.information ?? {},
      security: existing?.security ?? null,
      profiles: existing?.profiles ?? null,
      apps: existing?.apps ?? null,
      location: null,
      inventoryAt: existing?.inventoryAt ?? null,
      agent: null,
    };
    tx.put('devices', device);
    return device;
  }

  /** Applies a change to one device inside a store update, stores the device again, and returns the result. */
  change<R>(udid: string, change: (device: StoredDevice, tx: LanyardTransaction) => R): Promise<R> {
    return this.store.update((tx) => this.changeIn(tx, udid, change));
  }

  /** The same, for a change whose loss in a crash does no harm (a push went out): it rides with the next write. */
  changeSoon<R>(udid: string, change: (device: StoredDevice, tx: LanyardTransaction) => R): R {
    return this.store.touch((tx) => this.changeIn(tx, udid, change));
  }

  changeIn<R>(tx: LanyardTransaction, udid: string, change: (device: StoredDevice, tx: LanyardTransaction) => R): R {
    const device = this.byUdid(udid);
    if (!device) throw new Error(`unknown device ${udid}`);
    const result = change(device, tx);
    tx.put('devices', device);
    return result;
  }
}
