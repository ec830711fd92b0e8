import type { DataStore } from '../store/data-store';
import type { LanyardData, StoredCommand } from '../store/schema';
import type { JsonValue } from './plist-json';

export type FinalStatus = 'acknowledged' | 'error' | 'format-error';
export type ReportOutcome = { kind: 'recorded'; command: StoredCommand } | { kind: 'duplicate'; command: StoredCommand } | { kind: 'unknown' };

/** Completed commands kept per device; older history is dropped first. */
export const historyPerDevice = 200;

const openStatuses = new Set<StoredCommand['status']>(['queued', 'sent', 'notnow']);

/**
 * The durable, per-device command queue role (NanoMDM's semantics):
 * queued → sent → acknowledged / error / format-error (final), or notnow
 * (skipped for the rest of that connection, offered again on the next),
 * cancelled by the admin, or expired.
 */
export class CommandQueue {
  private readonly byUuid = new Map<string, StoredCommand>();
  private readonly byDevice = new Map<string, StoredCommand[]>();

  constructor(
    private readonly store: DataStore,
    private readonly now: () => Date = () => new Date(),
  ) {
    for (const command of store.read().commands) this.index(command);
  }

  get(uuid: string): StoredCommand | null {
    return this.byUuid.get(uuid) ?? null;
  }

  forDevice(deviceId: string): readonly StoredCommand[] {
    return this.byDevice.get(deviceId) ?? [];
  }

  open(deviceId: string): StoredCommand[] {
    return this.forDevice(deviceId).filter((c) => openStatuses.has(c.status));
  }

  async enqueue(command: StoredCommand): Promise<StoredCommand> {
    await this.store.update((data) => this.enqueueIn(data, command));
    return command;
  }

  enqueueIn(data: LanyardData, command: StoredCommand): void {
    data.commands.push(command);
    this.index(command);
  }

  /** The oldest command still to do that this connection has not skipped; marks it sent. */
  nextIn(deviceId: string, skip: ReadonlySet<string>): StoredCommand | null {
    const at = this.now();
    for (const command of this.forDevice(deviceId)) {
      if (!openStatuses.has(command.status) || skip.has(command.uuid)) continue;
      if (new Date(command.expiresAt) <= at) {
        command.status = 'expired';
        command.completedAt = at.toISOString();
        finish(command);
        continue;
      }
      command.status = 'sent';
      command.sentAt = at.toISOString();
      return command;
    }
    return null;
  }

  /** Records a device's answer. The same answer twice changes nothing; an unknown UUID is refused. */
  reportIn(
    deviceId: string,
    uuid: string,
    status: FinalStatus | 'notnow',
    result: Record<string, JsonValue> | null,
    errorChain: Record<string, JsonValue>[] | null,
  ): ReportOutcome {
    const command = this.byUuid.get(uuid);
    if (!command || command.deviceId !== deviceId) return { kind: 'unknown' };
    if (!openStatuses.has(command.status) || (command.status === 'notnow' && status === 'notnow')) {
      return { kind: 'duplicate', command };
    }
    if (status === 'notnow') {
      command.status = 'notnow';
      command.notNowCount += 1;
      return { kind: 'recorded', command };
    }
    command.status = status;
    command.completedAt = this.now().toISOString();
    command.result = result;
    command.errorChain = errorChain;
    finish(command);
    return { kind: 'recorded', command };
  }

  /** Cancels a command that has not been answered yet. */
  cancelIn(uuid: string): StoredCommand | 'unknown' | 'final' {
    const command = this.byUuid.get(uuid);
    if (!command) return 'unknown';
    if (!openStatuses.has(command.status)) return 'final';
    command.status = 'cancelled';
    command.completedAt = this.now().toISOString();
    finish(command);
    return command;
  }

  /** Authenticate starts a new enrollment: nothing queued for the old one is sent. */
  clearIn(deviceId: string, reason: string): number {
    let cleared = 0;
    for (const command of this.open(deviceId)) {
      command.status = 'cancelled';
      command.completedAt = this.now().toISOString();
      command.errorChain = [{ LocalizedDescription: reason }];
      finish(command);
      cleared += 1;
    }
    return cleared;
  }

  /** Drops old finished commands beyond the history kept per device. */
  pruneIn(data: LanyardData, deviceId: string): void {
    const list = this.forDevice(deviceId);
    const finished = list.filter((c) => !openStatuses.has(c.status));
    if (finished.length <= historyPerDevice) return;
    const drop = new Set(finished.slice(0, finished.length - historyPerDevice).map((c) => c.uuid));
    data.commands = data.commands.filter((c) => !drop.has(c.uuid));
    this.byDevice.set(deviceId, list.filter((c) => !drop.has(c.uuid)));
    for (const uuid of drop) this.byUuid.delete(uuid);
  }

  private index(command: StoredCommand): void {
    this.byUuid.set(command.uuid, command);
    const list = this.byDevice.get(command.deviceId);
    if (list) list.push(command);
    else this.byDevice.set(command.deviceId, [command]);
  }
}

/** A finished command is never sent again: drop its wire form, which is most of its size in the data file. */
function finish(command: StoredCommand): void {
  command.plist = '';
}
