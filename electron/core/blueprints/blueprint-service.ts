import { blueprintItemKey, blueprintStates, type BlueprintItem, type BlueprintState, type BlueprintView } from '../../../contract/blueprint-models';
import type { CommandView, DeviceChannel, DeviceSummary } from '../../../contract/command-models';
import { ApiError } from '../../../contract/errors';
import { describeItem, taskFor, type ItemLookups } from '../deployments/deployment-items';
import { rowStatusOf } from '../deployments/task-outcome';
import { commandView } from '../devices/device-views';
import type { TaskChannel } from '../devices/task-channel';
import type { TaskQueue } from '../devices/task-queue';
import type { EventBus } from '../events/event-bus';
import type { FleetMove } from '../fleets/fleet-service';
import type { Logger } from '../logger';
import type { LanyardStore } from '../store/lanyard-store';
import type { StoredBlueprintState, StoredCommand, StoredDevice } from '../store/schema';
import { KeyedSerializer } from '../system/keyed-serializer';
import { KeyedThrottle } from '../system/keyed-throttle';

export interface BlueprintServiceOptions {
  store: LanyardStore;
  queue: TaskQueue;
  events: EventBus;
  logger: Logger;
  channels: Record<DeviceChannel, TaskChannel>;
  lookups: ItemLookups;
  /** Told after devices changed fleet. */
  onDevicesMoved(listener: (moves: FleetMove[]) => void): void;
  /** blueprints.changed per fleet at most this often (ms); 250 by default. */
  progressEveryMs?: number;
  now?: () => Date;
}

type Json = StoredBlueprintState['item'];

/**
 * Fleets' blueprints, kept true on every device by reconciling one device
 * at a time: what its fleet's blueprint holds and the device has no state
 * for is installed (a task on its channel, stored with the state in one
 * transaction); what the device has from a blueprint that its fleet's no
 * longer holds is removed with the removal recorded at install time
 * (RemoveProfile, RemoveApplication with the bundle id the device reported,
 * RemoveFile), and nothing else. A device is reconciled when its fleet's
 * blueprint changes, when it enrols or changes fleet, when one of its
 * blueprint tasks finishes, and once at start, so a stop between two steps
 * is caught up.
 */
export class BlueprintService {
  private readonly perDevice = new KeyedSerializer();
  private readonly progress: KeyedThrottle;
  private readonly unsubscribe: (() => void)[] = [];
  private stopped = false;

  constructor(private readonly options: BlueprintServiceOptions) {
    this.progress = new KeyedThrottle(options.progressEveryMs ?? 250, (fleetId) => {
      if (this.store.collection('fleets').get(fleetId)) this.options.events.emit('blueprints.changed', this.view(fleetId));
    });
    options.onDevicesMoved((moves) => {
      for (const move of moves) {
        this.progress.touch(move.from);
        this.reconcileSoon(move.device.id);
      }
    });
  }

  private get store() {
    return this.options.store;
  }

  private now(): string {
    return (this.options.now ?? (() => new Date()))().toISOString();
  }

  async start(): Promise<void> {
    const states = this.store.collection('blueprintStates');
    // Tasks that finished while Lanyard was stopping: their outcome, read from the queue.
    for (const state of [...states.values()]) if (state.taskUuid) this.followTask(this.options.queue.get(state.taskUuid));
    this.unsubscribe.push(this.options.events.on('commands.changed', (command) => this.followTask(command)));
    this.unsubscribe.push(this.options.events.on('devices.changed', (device) => this.deviceChanged(device)));
    const withBlueprint = new Set([...this.store.collection('blueprints').values()].filter((b) => b.items.length > 0).map((b) => b.id));
    const devices = new Set<string>([...states.values()].map((s) => s.deviceId));
    for (const fleetId of withBlueprint) for (const device of this.store.collection('devices').where('fleetId', fleetId)) devices.add(device.id);
    for (const id of devices) this.reconcileSoon(id);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe.splice(0).forEach((off) => off());
    this.progress.stop();
    await this.perDevice.idle();
  }

  /** Waits until every reconciliation asked for so far has run (tests, shutdown). */
  idle(): Promise<void> {
    return this.perDevice.idle();
  }

  view(fleetId: string): BlueprintView {
    if (!this.store.collection('fleets').get(fleetId)) throw new ApiError('not_found', `no fleet with id ${fleetId}`, 'id');
    const blueprint = this.store.collection('blueprints').get(fleetId);
    const states = this.store.collection('blueprintStates');
    const items = (blueprint?.items ?? []) as unknown as BlueprintItem[];
    const keys = new Set(items.map(blueprintItemKey));
    const removing = states.where('fleetState', `${fleetId}|removing`).filter((s) => !keys.has(s.key)).length;
    return {
      fleetId,
      updatedAt: blueprint?.updatedAt ?? null,
      removing,
      items: items.map((item) => {
        const key = blueprintItemKey(item);
        const counts = Object.fromEntries(blueprintStates.map((state) => [state, states.countWhere('fleetKeyState', `${fleetId}|${key}|${state}`)])) as Record<BlueprintState, number>;
        return { key, item, summary: describeItem(item, this.options.lookups), counts };
      }),
    };
  }

  /** Replaces the fleet's blueprint; every device in the fleet is then brought in line. */
  async set(fleetId: string, items: BlueprintItem[]): Promise<{ view: BlueprintView; added: number; removed: number }> {
    if (!this.store.collection('fleets').get(fleetId)) throw new ApiError('not_found', `no fleet with id ${fleetId}`, 'id');
    items.forEach((item, index) => {
      if (item.kind === 'profile' && !this.options.lookups.profile(item.profileId)) throw new ApiError('not_found', `no profile with id ${item.profileId} in the library`, `items.${index}.profileId`);
      if (item.kind === 'file' && this.options.lookups.fileName(item.fileId) === null) throw new ApiError('not_found', `no file with id ${item.fileId} in the library`, `items.${index}.fileId`);
    });
    const before = new Set(((this.store.collection('blueprints').get(fleetId)?.items ?? []) as unknown as BlueprintItem[]).map(blueprintItemKey));
    const after = new Set(items.map(blueprintItemKey));
    await this.store.update((tx) => tx.put('blueprints', { id: fleetId, items: items as unknown as Json[], updatedAt: this.now() }));
    for (const device of this.store.collection('devices').where('fleetId', fleetId)) this.reconcileSoon(device.id);
    this.progress.now(fleetId);
    return { view: this.view(fleetId), added: [...after].filter((key) => !before.has(key)).length, removed: [...before].filter((key) => !after.has(key)).length };
  }

  /** How many devices of the fleet have `key` installed or on the way: what taking it out touches. */
  devicesWith(fleetId: string, key: string): number {
    const states = this.store.collection('blueprintStates');
    return states.countWhere('fleetKeyState', `${fleetId}|${key}|installed`) + states.countWhere('fleetKeyState', `${fleetId}|${key}|installing`);
  }

  private deviceChanged(device: DeviceSummary): void {
    const states = this.store.collection('blueprintStates').where('deviceId', device.id);
    const desired = this.desiredKeys(device);
    const settled = states.length === desired.size && states.every((s) => desired.has(s.key) && s.fleetId === device.fleetId);
    if (!settled) this.reconcileSoon(device.id);
  }

  private desiredKeys(device: Pick<StoredDevice, 'fleetId' | 'enrollmentStatus'>): Map<string, BlueprintItem> {
    if (device.enrollmentStatus !== 'enrolled') return new Map();
    const items = (this.store.collection('blueprints').get(device.fleetId)?.items ?? []) as unknown as BlueprintItem[];
    return new Map(items.map((item) => [blueprintItemKey(item), item]));
  }

  private reconcileSoon(deviceId: string): void {
    if (this.stopped) return;
    this.perDevice.run(deviceId, () => this.reconcile(deviceId)).catch((error: Error) => this.options.logger.error(`blueprint for device ${deviceId}: ${error.message}`));
  }

  private async reconcile(deviceId: string): Promise<void> {
    if (this.stopped) return;
    const device = this.store.collection('devices').get(deviceId);
    const states = this.store.collection('blueprintStates').where('deviceId', deviceId);
    const at = this.now();
    if (!device || device.enrollmentStatus === 'removed') {
      // A device off management keeps nothing to track: there is no one to send a removal to.
      if (states.length > 0) await this.store.update((tx) => states.forEach((s) => tx.delete('blueprintStates', s.id)));
      for (const fleetId of new Set(states.map((s) => s.fleetId))) this.progress.touch(fleetId);
      return;
    }
    const desired = this.desiredKeys(device);
    const channel = this.options.channels[device.channel];
    const puts: StoredBlueprintState[] = [];
    const deletes: string[] = [];
    const tasks: StoredCommand[] = [];
    const touched = new Set<string>([device.fleetId]);
    for (const state of states) {
      touched.add(state.fleetId);
      if (desired.has(state.key)) {
        // The same item in the new fleet's blueprint: kept as it is, now on that fleet's account.
        if (state.fleetId !== device.fleetId && state.state !== 'removing') puts.push({ ...state, fleetId: device.fleetId, updatedAt: at });
        continue;
      }
      if (state.state === 'failed' || state.state === 'not_applicable') deletes.push(state.id);
      else if (state.state === 'installed') {
        if (!state.removal) {
          this.options.logger.warn(`blueprint: cannot take ${state.key} off device ${deviceId}: the device never said what it installed`);
          deletes.push(state.id);
          continue;
        }
        const task = await this.prepare(channel, device, state.removal.requestType, state.removal.params);
        if ('error' in task) {
          deletes.push(state.id);
          continue;
        }
        tasks.push(task.task);
        puts.push({ ...state, state: 'removing', reason: null, taskUuid: task.task.uuid, updatedAt: at });
      }
      // installing or removing: its task's outcome reconciles the device again.
    }
    const present = new Set(states.map((s) => s.key));
    for (const [key, item] of desired) {
      if (present.has(key)) continue;
      const base: StoredBlueprintState = { id: `${deviceId}|${key}`, deviceId, fleetId: device.fleetId, key, item: item as unknown as Json, state: 'installing', reason: null, taskUuid: null, removal: null, updatedAt: at };
      const plan = await taskFor(item, device, this.options.lookups);
      if ('notApplicable' in plan) {
        puts.push({ ...base, state: 'not_applicable', reason: plan.notApplicable });
        continue;
      }
      if ('failed' in plan) {
        puts.push({ ...base, state: 'failed', reason: plan.failed });
        continue;
      }
      const task = await this.prepare(channel, device, plan.requestType, plan.params);
      if ('error' in task) {
        puts.push({ ...base, state: task.notApplicable ? 'not_applicable' : 'failed', reason: task.error });
        continue;
      }
      if (plan.profile) await this.options.lookups.noteProfileTask(device.id, plan.profile, task.task);
      tasks.push(task.task);
      puts.push({ ...base, taskUuid: task.task.uuid, removal: removalFor(item, this.options.lookups) });
    }
    if (puts.length === 0 && deletes.length === 0) return;
    await this.store.update((tx) => {
      for (const task of tasks) channel.storeIn(tx, device, task);
      for (const state of puts) tx.put('blueprintStates', state);
      for (const id of deletes) tx.delete('blueprintStates', id);
    });
    for (const task of tasks) channel.dispatch(task);
    for (const fleetId of touched) this.progress.touch(fleetId);
  }

  private async prepare(channel: TaskChannel, device: StoredDevice, requestType: string, params: Record<string, unknown>): Promise<{ task: StoredCommand } | { error: string; notApplicable: boolean }> {
    try {
      return { task: await channel.prepare(device, requestType, params, 'admin') };
    } catch (error) {
      return { error: (error as Error).message, notApplicable: error instanceof ApiError && error.code === 'conflict' };
    }
  }

  /** A blueprint task moved on the queue: its state follows, and a final outcome reconciles the device again. */
  private followTask(command: CommandView | StoredCommand | null): void {
    if (!command) return;
    const view = 'commandUuid' in command ? command : commandView(command);
    const state = this.store.collection('blueprintStates').by('taskUuid', view.commandUuid);
    if (!state) return;
    const outcome = rowStatusOf(view);
    if (outcome.status === 'pending' || outcome.status === 'sent') {
      if (state.reason !== outcome.reason) this.store.touch((tx) => tx.put('blueprintStates', { ...state, reason: outcome.reason, updatedAt: this.now() }));
      return;
    }
    const ok = outcome.status === 'acknowledged' || outcome.status === 'done';
    const at = this.now();
    if (state.state === 'removing') {
      if (!ok) this.options.logger.warn(`blueprint: removing ${state.key} from device ${state.deviceId} failed: ${outcome.reason ?? outcome.status}`);
      this.store.touch((tx) => tx.delete('blueprintStates', state.id));
    } else {
      const removal = ok && !state.removal ? appRemoval(view) : state.removal;
      const next: StoredBlueprintState = ok
        ? { ...state, state: 'installed', reason: null, removal, updatedAt: at }
        : { ...state, state: outcome.status === 'not_applicable' ? 'not_applicable' : 'failed', reason: outcome.reason, updatedAt: at };
      this.store.touch((tx) => tx.put('blueprintStates', next));
    }
    this.progress.touch(state.fleetId);
    this.reconcileSoon(state.deviceId);
  }
}

/** How to take an item off again, when it is known before the device answers. */
function removalFor(item: BlueprintItem, lookups: ItemLookups): StoredBlueprintState['removal'] {
  switch (item.kind) {
    case 'profile': {
      const profile = lookups.profile(item.profileId);
      return profile ? { requestType: 'RemoveProfile', params: { identifier: profile.identifier } } : null;
    }
    case 'file':
      return { requestType: 'RemoveFile', params: { path: item.destination } };
    case 'app':
      // The bundle id comes with the device's answer to InstallApplication.
      return null;
  }
}

function appRemoval(command: CommandView): StoredBlueprintState['removal'] {
  const identifier = command.requestType === 'InstallApplication' ? command.result?.Identifier : undefined;
  return typeof identifier === 'string' && identifier ? { requestType: 'RemoveApplication', params: { identifier } } : null;
}
