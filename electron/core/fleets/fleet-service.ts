import { randomUUID } from 'node:crypto';
import { ApiError } from '../../../contract/errors';
import { defaultFleetId, type FleetView } from '../../../contract/fleet-models';
import type { Page, PageRequest } from '../../../contract/paging';
import { deviceSummary } from '../devices/device-views';
import type { TaskQueue } from '../devices/task-queue';
import type { EventBus } from '../events/event-bus';
import { pageOfSortedIndex } from '../store/index-page';
import { fleetNameKey, type LanyardStore, type LanyardTransaction } from '../store/lanyard-store';
import type { StoredDevice, StoredFleet } from '../store/schema';

/** Devices that changed fleet: who, from where, to where. Blueprints and deployments follow these. */
export interface FleetMove {
  device: StoredDevice;
  from: string;
  to: string;
}

/**
 * Fleets: create, rename, delete (its devices go back to the default fleet,
 * which cannot be deleted), and moving devices between them. Every change
 * is one store transaction, then events: `fleets.changed` for each fleet
 * whose name or count changed, `devices.changed` for each device moved.
 */
export class FleetService {
  private readonly moveListeners: ((moves: FleetMove[]) => void)[] = [];

  constructor(
    private readonly store: LanyardStore,
    private readonly events: EventBus,
    private readonly queue: TaskQueue,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Called after devices changed fleet (moved, or their fleet deleted), once the change is durable. */
  onDevicesMoved(listener: (moves: FleetMove[]) => void): void {
    this.moveListeners.push(listener);
  }

  list(page: PageRequest): Page<FleetView> {
    const fleets = this.store.collection('fleets');
    return pageOfSortedIndex(fleets, 'byName', page, { keyOf: (f: StoredFleet) => [f.id === defaultFleetId ? 0 : 1, fleetNameKey(f.name), f.id], view: (f) => this.view(f), total: fleets.size });
  }

  get(id: string): FleetView {
    return this.view(this.stored(id));
  }

  /** The fleet's record; a 404 naming `field` when there is none. */
  stored(id: string, field = 'id'): StoredFleet {
    const fleet = this.store.collection('fleets').get(id);
    if (!fleet) throw new ApiError('not_found', `no fleet with id ${id}`, field);
    return fleet;
  }

  async create(name: string): Promise<FleetView> {
    this.refuseTakenName(name, null);
    const fleet: StoredFleet = { id: randomUUID(), name, createdAt: this.now().toISOString() };
    await this.store.update((tx) => tx.put('fleets', fleet));
    const view = this.view(fleet);
    this.events.emit('fleets.changed', view);
    return view;
  }

  async rename(id: string, name: string): Promise<{ before: string; after: FleetView }> {
    const fleet = this.stored(id);
    this.refuseTakenName(name, id);
    const renamed = { ...fleet, name };
    await this.store.update((tx) => tx.put('fleets', renamed));
    const view = this.view(renamed);
    this.events.emit('fleets.changed', view);
    return { before: fleet.name, after: view };
  }

  /** Deletes a fleet; its devices join the default fleet and invitations that named it name none. */
  async remove(id: string): Promise<{ fleet: StoredFleet; moved: number }> {
    const fleet = this.stored(id);
    if (id === defaultFleetId) throw new ApiError('conflict', `"${fleet.name}" is the default fleet: devices go there when they leave another fleet, so it cannot be deleted`, 'id');
    const moves = await this.store.update((tx) => {
      const moved = this.moveIn(tx, this.store.collection('devices').where('fleetId', id), defaultFleetId);
      for (const invitation of this.store.collection('invitations').where('fleetId', id)) tx.put('invitations', { ...invitation, fleetId: null });
      tx.delete('fleets', id);
      return moved;
    });
    this.events.emit('fleets.removed', { id });
    this.announce(moves);
    return { fleet, moved: moves.length };
  }

  /** Moves devices into a fleet: all of them, or none when one is unknown or removed from management. */
  async move(id: string, deviceIds: readonly string[]): Promise<{ fleet: FleetView; moved: number }> {
    const fleet = this.stored(id);
    const devices = this.store.collection('devices');
    const unknown = [...new Set(deviceIds)].filter((deviceId) => {
      const device = devices.get(deviceId);
      return !device || device.enrollmentStatus === 'removed';
    });
    if (unknown.length > 0) throw new ApiError('bad_request', `deviceIds: no managed device with id ${unknown.slice(0, 5).join(', ')}${unknown.length > 5 ? ` and ${unknown.length - 5} more` : ''}; nothing was moved`, 'deviceIds');
    const moves = await this.store.update((tx) => this.moveIn(tx, [...new Set(deviceIds)].map((deviceId) => devices.get(deviceId)!), id));
    this.announce(moves);
    return { fleet: this.view(fleet), moved: moves.length };
  }

  view(fleet: StoredFleet): FleetView {
    return { id: fleet.id, name: fleet.name, isDefault: fleet.id === defaultFleetId, deviceCount: this.store.collection('devices').countWhere('fleetId', fleet.id), createdAt: fleet.createdAt };
  }

  private moveIn(tx: LanyardTransaction, devices: readonly StoredDevice[], to: string): FleetMove[] {
    const moves: FleetMove[] = [];
    for (const device of devices) {
      if (device.fleetId === to) continue;
      const moved = { ...device, fleetId: to };
      tx.put('devices', moved);
      moves.push({ device: moved, from: device.fleetId, to });
    }
    return moves;
  }

  /** Events for a durable move: each device, then each fleet whose count changed. */
  private announce(moves: FleetMove[]): void {
    if (moves.length === 0) return;
    for (const { device } of moves) this.events.emit('devices.changed', deviceSummary(device, this.queue));
    const touched = new Set(moves.flatMap((move) => [move.from, move.to]));
    for (const fleetId of touched) {
      const fleet = this.store.collection('fleets').get(fleetId);
      if (fleet) this.events.emit('fleets.changed', this.view(fleet));
    }
    for (const listener of this.moveListeners) listener(moves);
  }

  private refuseTakenName(name: string, self: string | null): void {
    const taken = this.store.collection('fleets').by('nameKey', fleetNameKey(name));
    if (taken && taken.id !== self) throw new ApiError('conflict', `there is already a fleet named "${taken.name}"`, 'name');
  }
}
