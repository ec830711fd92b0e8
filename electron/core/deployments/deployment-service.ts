import { KeyedSerializer } from '../system/keyed-serializer';
import { KeyedThrottle } from '../system/keyed-throttle';
import { randomUUID } from 'node:crypto';
import type { CommandView, DeviceChannel, DeviceSummary } from '../../../contract/command-models';
import {
  deploymentStatuses,
  finalDeploymentStatuses,
  type DeploymentCounts,
  type DeploymentDeviceRow,
  type DeploymentItem,
  type DeploymentStatus,
  type DeploymentTarget,
  type DeploymentView,
} from '../../../contract/deployment-models';
import { ApiError } from '../../../contract/errors';
import { compareKeyParts, takePage, type Page, type PageRequest } from '../../../contract/paging';
import { commandView } from '../devices/device-views';
import type { TaskChannel } from '../devices/task-channel';
import type { TaskQueue } from '../devices/task-queue';
import type { EventBus } from '../events/event-bus';
import type { Logger } from '../logger';
import { pageOfSortedIndex } from '../store/index-page';
import type { LanyardStore } from '../store/lanyard-store';
import type { StoredCommand, StoredDeployment, StoredDeploymentRow, StoredDevice } from '../store/schema';
import { describeItem, taskFor, type ItemLookups } from './deployment-items';
import { rowStatusOf } from './task-outcome';

export interface DeploymentServiceOptions {
  store: LanyardStore;
  queue: TaskQueue;
  events: EventBus;
  logger: Logger;
  /** Each channel's side of the one task queue. */
  channels: Record<DeviceChannel, TaskChannel>;
  /** The files and profiles items name. */
  lookups: ItemLookups;
  /** Progress events per deployment at most this often (ms); 250 by default. */
  progressEveryMs?: number;
  now?: () => Date;
}

/** Tasks made and stored per transaction while fanning out. */
const fanOutChunk = 200;

/**
 * Deployments: one item or command sent to a fleet, a list of devices, or
 * all, as one task per device on the shared task queue, over either channel.
 *
 * Durable without double-sending: the deployment and a pending row per
 * device are stored first; each device's task is then stored in the same
 * transaction as the row that names it, so after a restart a row either has
 * its task (followed from the queue) or has none yet (made then). Rows
 * follow their task through `commands.changed`; those updates ride with the
 * next write, and `start` re-reads every open row from the queue.
 * Progress events (`deployments.changed`) are batched per deployment.
 */
export class DeploymentService {
  private readonly running = new Set<string>();
  private readonly chains = new KeyedSerializer();
  /** Progress events, batched per deployment. */
  private readonly progress: KeyedThrottle;
  private readonly unsubscribe: (() => void)[] = [];
  private stopped = false;

  constructor(private readonly options: DeploymentServiceOptions) {
    this.progress = new KeyedThrottle(options.progressEveryMs ?? 250, (id) => {
      const deployment = this.store.collection('deployments').get(id);
      if (deployment) this.options.events.emit('deployments.changed', this.view(deployment));
    });
  }

  private get store() {
    return this.options.store;
  }

  private get lookups(): ItemLookups {
    return this.options.lookups;
  }

  private now(): Date {
    return (this.options.now ?? (() => new Date()))();
  }

  /**
   * Catches up after a restart: open rows re-read from the queue, rows
   * without a task given one, and devices that joined a running fleet
   * deployment just before the stop (the join follows the move's commit) given their row.
   */
  async start(): Promise<void> {
    const rows = this.store.collection('deploymentRows');
    const unfinished = [...this.store.collection('deployments').values()].filter((d) => d.finishedAt === null);
    const corrected: StoredDeploymentRow[] = [];
    const at = this.now().toISOString();
    for (const deployment of unfinished) {
      this.running.add(deployment.id);
      const fleetId = deployment.target.fleetId;
      if (typeof fleetId === 'string' && !deployment.canceledAt) {
        for (const device of this.store.collection('devices').where('fleetId', fleetId)) {
          if (device.enrollmentStatus === 'enrolled' && !rows.get(`${deployment.id}/${device.id}`)) corrected.push(this.pendingRow(deployment.id, device.id, at));
        }
      }
      for (const row of rows.where('deploymentId', deployment.id)) {
        if (finalDeploymentStatuses.has(row.status) || row.commandUuid === null) continue;
        const task = this.options.queue.get(row.commandUuid);
        const next = task ? rowStatusOf(commandView(task)) : { status: 'failed' as const, reason: 'its task is no longer in the queue' };
        if (next.status !== row.status || next.reason !== row.reason) corrected.push({ ...row, ...next, updatedAt: at });
      }
    }
    if (corrected.length > 0) await this.store.update((tx) => corrected.forEach((row) => tx.put('deploymentRows', row)));
    this.unsubscribe.push(this.options.events.on('commands.changed', (command) => this.followTask(command)));
    this.unsubscribe.push(this.options.events.on('devices.changed', (device) => this.joinIfTargeted(device)));
    for (const deployment of unfinished) this.advance(deployment.id);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe.splice(0).forEach((off) => off());
    this.progress.stop();
    await this.chains.idle();
  }

  /** Starts a deployment: the rows are stored before this resolves; the tasks follow in the background. */
  async create(item: DeploymentItem, target: DeploymentTarget, startedBy: StoredDeployment['startedBy']): Promise<DeploymentView> {
    if (item.kind === 'file' && !this.store.collection('files').get(item.fileId)) throw new ApiError('not_found', `no file with id ${item.fileId} in the library`, 'item.fileId');
    if (item.kind === 'profile' && !this.lookups.profile(item.profileId)) throw new ApiError('not_found', `no profile with id ${item.profileId} in the library`, 'item.profileId');
    const devices = this.targetDevices(target);
    const at = this.now().toISOString();
    const deployment: StoredDeployment = {
      id: randomUUID(),
      item: item as unknown as StoredDeployment['item'],
      target: target as unknown as StoredDeployment['target'],
      summary: `${describeItem(item, this.lookups)} on ${this.describeTarget(target, devices.length)}`,
      startedAt: at,
      startedBy,
      finishedAt: null,
      canceledAt: null,
    };
    await this.store.update((tx) => {
      tx.put('deployments', deployment);
      for (const device of devices) tx.put('deploymentRows', this.pendingRow(deployment.id, device.id, at));
    });
    this.running.add(deployment.id);
    const view = this.view(deployment);
    this.options.events.emit('deployments.changed', view);
    this.advance(deployment.id);
    return view;
  }

  list(page: PageRequest): Page<DeploymentView> {
    const deployments = this.store.collection('deployments');
    return pageOfSortedIndex(deployments, 'byStart', page, { keyOf: (d: StoredDeployment) => [d.startedAt, d.id], view: (d) => this.view(d), backwards: true, total: deployments.size });
  }

  get(id: string): DeploymentView {
    return this.view(this.stored(id));
  }

  /** A page of the deployment's devices, by name; optionally only those with one status. */
  devices(id: string, page: PageRequest, status?: DeploymentStatus): Page<DeploymentDeviceRow> {
    this.stored(id);
    const rows = status ? this.store.collection('deploymentRows').where('deploymentStatus', `${id}|${status}`) : this.store.collection('deploymentRows').where('deploymentId', id);
    const views = rows.map((row) => this.rowView(row)).sort((a, b) => compareKeyParts(a.deviceName.toLowerCase(), b.deviceName.toLowerCase()) || compareKeyParts(a.deviceId, b.deviceId));
    return takePage(views, page, { key: (row) => [row.deviceName.toLowerCase(), row.deviceId], compare: (a, b) => compareKeyParts(a[0], b[0]) || compareKeyParts(a[1], b[1]) });
  }

  /** Sends the item again to every device whose part failed. */
  async retry(id: string): Promise<{ deployment: DeploymentView; retried: number }> {
    const deployment = this.stored(id);
    const failed = this.store.collection('deploymentRows').where('deploymentStatus', `${id}|failed`);
    if (failed.length === 0) return { deployment: this.view(deployment), retried: 0 };
    const at = this.now().toISOString();
    await this.store.update((tx) => {
      for (const row of failed) tx.put('deploymentRows', this.pendingRow(id, row.deviceId, at));
      tx.put('deployments', { ...deployment, finishedAt: null });
    });
    this.running.add(id);
    this.advance(id);
    const view = this.view(this.stored(id));
    this.options.events.emit('deployments.changed', view);
    return { deployment: view, retried: failed.length };
  }

  /** Cancels every part not yet final: tasks still queued or sent are cancelled on the queue; devices joining the fleet get nothing. */
  async cancel(id: string): Promise<{ deployment: DeploymentView; canceled: number }> {
    const deployment = this.stored(id);
    // After any fan-out in progress, so no task is made for a part once it is canceled.
    const canceled = await this.serialized(id, async () => {
      const rows = this.store.collection('deploymentRows');
      const open = [...rows.where('deploymentStatus', `${id}|pending`), ...rows.where('deploymentStatus', `${id}|sent`)];
      const at = this.now().toISOString();
      const tasks: StoredCommand[] = [];
      await this.store.update((tx) => {
        for (const row of open) {
          if (row.commandUuid) {
            const outcome = this.options.queue.cancelIn(tx, row.commandUuid);
            if (typeof outcome === 'object') tasks.push(outcome);
          }
          tx.put('deploymentRows', { ...row, status: 'canceled', reason: 'canceled by the admin', updatedAt: at });
        }
        tx.put('deployments', { ...this.stored(id), canceledAt: deployment.canceledAt ?? at });
      });
      for (const task of tasks) this.options.events.emit('commands.changed', commandView(task));
      return open.length;
    });
    await this.finishIfDone(id);
    const view = this.view(this.stored(id));
    this.options.events.emit('deployments.changed', view);
    return { deployment: view, canceled };
  }

  view(deployment: StoredDeployment): DeploymentView {
    const rows = this.store.collection('deploymentRows');
    const counts = Object.fromEntries(deploymentStatuses.map((status) => [status, rows.countWhere('deploymentStatus', `${deployment.id}|${status}`)])) as DeploymentCounts;
    return {
      id: deployment.id,
      item: deployment.item,
      target: deployment.target,
      summary: deployment.summary,
      counts,
      total: rows.countWhere('deploymentId', deployment.id),
      startedAt: deployment.startedAt,
      startedBy: deployment.startedBy,
      finishedAt: deployment.finishedAt,
      canceledAt: deployment.canceledAt,
      failure: counts.failed > 0 ? this.aFailure(deployment.id) : null,
    };
  }

  /** The most recent failure of a deployment, with its device's name, for the dashboard. */
  private aFailure(id: string): DeploymentView['failure'] {
    const failed = this.store.collection('deploymentRows').where('deploymentStatus', `${id}|failed`);
    const latest = failed.reduce<StoredDeploymentRow | null>((newest, row) => (!newest || row.updatedAt > newest.updatedAt ? row : newest), null);
    if (!latest) return null;
    return { deviceName: this.store.collection('devices').get(latest.deviceId)?.name ?? latest.deviceId, reason: latest.reason ?? 'failed' };
  }

  private stored(id: string): StoredDeployment {
    const deployment = this.store.collection('deployments').get(id);
    if (!deployment) throw new ApiError('not_found', `no deployment with id ${id}`, 'id');
    return deployment;
  }

  private rowView(row: StoredDeploymentRow): DeploymentDeviceRow {
    const device = this.store.collection('devices').get(row.deviceId);
    return { deviceId: row.deviceId, deviceName: device?.name ?? row.deviceId, channel: device?.channel ?? 'mdm', status: row.status, reason: row.reason, note: row.note ?? null, commandUuid: row.commandUuid, updatedAt: row.updatedAt };
  }

  private pendingRow(deploymentId: string, deviceId: string, at: string): StoredDeploymentRow {
    return { id: `${deploymentId}/${deviceId}`, deploymentId, deviceId, status: 'pending', reason: null, commandUuid: null, updatedAt: at };
  }

  private targetDevices(target: DeploymentTarget): StoredDevice[] {
    const devices = this.store.collection('devices');
    if ('fleetId' in target) {
      if (!this.store.collection('fleets').get(target.fleetId)) throw new ApiError('not_found', `no fleet with id ${target.fleetId}`, 'target.fleetId');
      return devices.where('fleetId', target.fleetId).filter((device) => device.enrollmentStatus === 'enrolled');
    }
    if ('deviceIds' in target) {
      const ids = [...new Set(target.deviceIds)];
      const unknown = ids.filter((id) => {
        const device = devices.get(id);
        return !device || device.enrollmentStatus === 'removed';
      });
      if (unknown.length > 0) throw new ApiError('bad_request', `target.deviceIds: no managed device with id ${unknown.slice(0, 5).join(', ')}${unknown.length > 5 ? ` and ${unknown.length - 5} more` : ''}`, 'target.deviceIds');
      return ids.map((id) => devices.get(id)!);
    }
    return [...devices.values()].filter((device) => device.enrollmentStatus === 'enrolled');
  }

  private describeTarget(target: DeploymentTarget, count: number): string {
    const devices = `${count} device${count === 1 ? '' : 's'}`;
    if ('fleetId' in target) return `the fleet "${this.store.collection('fleets').get(target.fleetId)?.name ?? target.fleetId}" (${devices})`;
    if ('deviceIds' in target) return devices;
    return `every device (${devices})`;
  }

  /** Runs deployment work one step at a time per deployment. */
  private serialized<R>(id: string, work: () => Promise<R>): Promise<R> {
    return this.chains.run(id, work);
  }

  /** Makes the tasks of every pending row that has none, in chunks of one transaction each. */
  private advance(id: string): void {
    void this.serialized(id, async () => {
      const deployment = this.store.collection('deployments').get(id);
      if (!deployment || deployment.canceledAt) return;
      const waiting = this.store
        .collection('deploymentRows')
        .where('deploymentStatus', `${id}|pending`)
        .filter((row) => row.commandUuid === null);
      for (let start = 0; start < waiting.length && !this.stopped; start += fanOutChunk) await this.fanOut(deployment, waiting.slice(start, start + fanOutChunk));
      await this.finishIfDone(id);
    }).catch((error: Error) => this.options.logger.error(`deployment ${id}: ${error.message}`));
  }

  private async fanOut(deployment: StoredDeployment, rows: StoredDeploymentRow[]): Promise<void> {
    const devices = this.store.collection('devices');
    const item = deployment.item as unknown as DeploymentItem;
    const made: { device: StoredDevice; task: StoredCommand; channel: TaskChannel; row: StoredDeploymentRow }[] = [];
    const settled: StoredDeploymentRow[] = [];
    const at = this.now().toISOString();
    for (const row of rows) {
      const device = devices.get(row.deviceId);
      const give = (status: DeploymentStatus, reason: string) => settled.push({ ...row, status, reason, updatedAt: at });
      if (!device || device.enrollmentStatus === 'removed') {
        give('not_applicable', 'the device was removed from management');
        continue;
      }
      const plan = await taskFor(item, device, this.lookups);
      if ('notApplicable' in plan) {
        give('not_applicable', plan.notApplicable);
        continue;
      }
      if ('failed' in plan) {
        give('failed', plan.failed);
        continue;
      }
      const channel = this.options.channels[device.channel];
      try {
        const task = await channel.prepare(device, plan.requestType, plan.params, 'admin');
        if (plan.profile) await this.lookups.noteProfileTask(device.id, plan.profile, task);
        made.push({ device, task, channel, row: { ...row, commandUuid: task.uuid, note: plan.note ?? null, updatedAt: at } });
      } catch (error) {
        if (error instanceof ApiError && error.code === 'conflict') give('not_applicable', error.message);
        else give('failed', (error as Error).message);
      }
    }
    await this.store.update((tx) => {
      for (const { device, task, channel, row } of made) {
        channel.storeIn(tx, device, task);
        tx.put('deploymentRows', row);
      }
      for (const row of settled) tx.put('deploymentRows', row);
    });
    for (const { task, channel } of made) channel.dispatch(task);
    this.progress.touch(deployment.id);
  }

  /** A task changed on the queue: its row follows. */
  private followTask(command: CommandView): void {
    const row = this.store.collection('deploymentRows').by('commandUuid', command.commandUuid);
    if (!row) return;
    const next = rowStatusOf(command);
    if (next.status === row.status && next.reason === row.reason) return;
    this.store.touch((tx) => tx.put('deploymentRows', { ...row, ...next, updatedAt: this.now().toISOString() }));
    this.progress.touch(row.deploymentId);
    if (finalDeploymentStatuses.has(next.status)) void this.serialized(row.deploymentId, () => this.finishIfDone(row.deploymentId)).catch((error: Error) => this.options.logger.error(`deployment ${row.deploymentId}: ${error.message}`));
  }

  /** A device enrolled into, or moved into, the fleet of a running deployment: it gets its part. */
  private joinIfTargeted(device: DeviceSummary): void {
    if (device.enrollmentStatus !== 'enrolled') return;
    for (const id of this.running) {
      const deployment = this.store.collection('deployments').get(id);
      if (!deployment || deployment.canceledAt || deployment.target.fleetId !== device.fleetId) continue;
      if (this.store.collection('deploymentRows').get(`${id}/${device.id}`)) continue;
      void this.serialized(id, async () => {
        if (this.store.collection('deploymentRows').get(`${id}/${device.id}`)) return;
        await this.store.update((tx) => tx.put('deploymentRows', this.pendingRow(id, device.id, this.now().toISOString())));
      }).then(
        () => this.advance(id),
        (error: Error) => this.options.logger.error(`deployment ${id}: ${error.message}`),
      );
    }
  }

  private async finishIfDone(id: string): Promise<void> {
    const deployment = this.store.collection('deployments').get(id);
    if (!deployment || deployment.finishedAt) return;
    const rows = this.store.collection('deploymentRows');
    const open = rows.countWhere('deploymentStatus', `${id}|pending`) + rows.countWhere('deploymentStatus', `${id}|sent`);
    if (open > 0) return;
    const finished = { ...deployment, finishedAt: this.now().toISOString() };
    await this.store.update((tx) => tx.put('deployments', finished));
    // A fleet deployment keeps taking devices that join while it runs; once finished it is history.
    this.running.delete(id);
    this.progress.now(id);
  }
}
