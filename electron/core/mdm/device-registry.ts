import { randomUUID } from 'node:crypto';
import type { DataStore } from '../store/data-store';
import type { LanyardData, StoredDevice } from '../store/schema';

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
 * The check-in store role: enrollments keyed by UDID. Reads come from
 * memory; every change goes through the store and is durable when it resolves.
 */
export class DeviceRegistry {
  private readonly byUdidIndex = new Map<string, StoredDevice>();

  constructor(
    private readonly store: DataStore,
    private readonly now: () => Date = () => new Date(),
  ) {
    for (const device of store.read().devices) this.byUdidIndex.set(device.udid, device);
  }

  byUdid(udid: string): StoredDevice | null {
    return this.byUdidIndex.get(udid) ?? null;
  }

  byId(id: string): StoredDevice | null {
    return this.store.read().devices.find((d) => d.id === id) ?? null;
  }

  list(): readonly StoredDevice[] {
    return this.store.read().devices;
  }

  /** Creates or refreshes the enrollment; not enrolled until the first TokenUpdate. */
  authenticateIn(data: LanyardData, facts: AuthenticateFacts): StoredDevice {
    const at = this.now().toISOString();
    const existing = this.byUdidIndex.get(facts.udid);
    const device: StoredDevice = {
      id: existing?.id ?? randomUUID(),
      udid: facts.udid,
      invitationId: facts.invitationId,
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
    };
    const index = data.devices.findIndex((d) => d.udid === facts.udid);
    if (index === -1) data.devices.push(device);
    else data.devices[index] = device;
    this.byUdidIndex.set(device.udid, device);
    return device;
  }

  /** Applies a change to one device inside a store update and returns it. */
  change<R>(udid: string, change: (device: StoredDevice, data: LanyardData) => R): Promise<R> {
    return this.store.update((data) => {
      const device = this.byUdidIndex.get(udid);
      if (!device) throw new Error(`unknown device ${udid}`);
      return change(device, data);
    });
  }

  /** Re-indexes after devices were replaced outside this class (tests, migrations). */
  reindex(): void {
    this.byUdidIndex.clear();
    for (const device of this.store.read().devices) this.byUdidIndex.set(device.udid, device);
  }
}
