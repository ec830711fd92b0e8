import { openCommandStatuses, type LanyardStore, type LanyardTransaction } from '../store/lanyard-store';
import type { StoredCommand } from '../store/schema';
import type { JsonValue } from '../plist/plist-json';

export type FinalStatus = 'acknowledged' | 'error' | 'format-error';
/** What an agent reports of a task (`status/task/<taskId>`). */
export type AgentTaskStatus = 'received' | 'done' | 'failed' | 'incompatible';
export type ReportOutcome = { kind: 'recorded'; command: StoredCommand } | { kind: 'duplicate'; command: StoredCommand } | { kind: 'unknown' };

/** Completed commands kept per device; older history is dropped first. */
export const historyPerDevice = 200;

/** Completed commands are dropped once they finished this many days ago. */
export const finishedCommandDays = 90;

/**
 * The durable, per-device command queue role (NanoMDM's semantics):
 * queued → sent → acknowledged / error / format-error (final), or notnow
 * (skipped for the rest of that connection, offered again on the next),
 * cancelled by the admin, or expired. Commands are found through the store's
 * indexes (by device, open by device), never by scanning every command.
 * Every method that changes a command takes the caller's transaction and
 * stores the command again.
 */
export class TaskQueue {
  constructor(
    private readonly store: LanyardStore,
    private readonly now: () => Date = () => new Date(),
  ) {}

  get(uuid: string): StoredCommand | null {
    return this.store.collection('commands').get(uuid) ?? null;
  }

  /** A device's commands, oldest first. */
  forDevice(deviceId: string): readonly StoredCommand[] {
    return this.store.collection('commands').where('deviceId', deviceId);
  }

  /** A device's commands still to be done, oldest first. */
  open(deviceId: string): StoredCommand[] {
    return this.store.collection('commands').where('openByDevice', deviceId);
  }

  openCount(deviceId: string): number {
    return this.store.collection('commands').countWhere('openByDevice', deviceId);
  }

  async enqueue(command: StoredCommand): Promise<StoredCommand> {
    await this.store.update((tx) => this.enqueueIn(tx, command));
    return command;
  }

  enqueueIn(tx: LanyardTransaction, command: StoredCommand): void {
    tx.put('commands', command);
  }

  /** The oldest command still to do that this connection has not skipped; marks it sent. */
  nextIn(tx: LanyardTransaction, deviceId: string, skip: ReadonlySet<string>): StoredCommand | null {
    const at = this.now();
    for (const command of this.open(deviceId)) {
      if (skip.has(command.uuid)) continue;
      if (new Date(command.expiresAt) <= at) {
        command.status = 'expired';
        command.completedAt = at.toISOString();
        finish(tx, command);
        continue;
      }
      command.status = 'sent';
      command.sentAt = at.toISOString();
      tx.put('commands', command);
      return command;
    }
    return null;
  }

  /** Records a device's answer. The same answer twice changes nothing; an unknown UUID is refused. */
  reportIn(
    tx: LanyardTransaction,
    deviceId: string,
    uuid: string,
    status: FinalStatus | 'notnow',
    result: Record<string, JsonValue> | null,
    errorChain: Record<string, JsonValue>[] | null,
  ): ReportOutcome {
    const command = this.get(uuid);
    if (!command || command.deviceId !== deviceId) return { kind: 'unknown' };
    if (!openCommandStatuses.has(command.status) || (command.status === 'notnow' && status === 'notnow')) {
      return { kind: 'duplicate', command };
    }
    if (status === 'notnow') {
      command.status = 'notnow';
      command.notNowCount += 1;
      tx.put('commands', command);
      return { kind: 'recorded', command };
    }
    command.status = status;
    command.completedAt = this.now().toISOString();
    command.result = result;
    command.errorChain = errorChain;
    finish(tx, command);
    return { kind: 'recorded', command };
  }

  /** An agent's task went to the broker: queued → sent (a task the agent already has stays as it is). */
  markSentIn(tx: LanyardTransaction, uuid: string): StoredCommand | null {
    const command = this.get(uuid);
    if (!command || command.status !== 'queued') return null;
    command.status = 'sent';
    command.sentAt = this.now().toISOString();
    tx.put('commands', command);
    return command;
  }

  /**
   * Records what an agent says of one of its tasks: received (from queued or
   * sent), then done, failed or incompatible (final). A report for another
   * device's task, or one that would go back (received after done), changes
   * nothing.
   */
  reportAgentIn(tx: LanyardTransaction, deviceId: string, uuid: string, status: AgentTaskStatus, detail: string | undefined): ReportOutcome {
    const command = this.get(uuid);
    if (!command || command.deviceId !== deviceId) return { kind: 'unknown' };
    if (!openCommandStatuses.has(command.status) || (status === 'received' && command.status === 'received')) return { kind: 'duplicate', command };
    const at = this.now().toISOString();
    command.sentAt ??= at;
    if (status === 'received') {
      command.status = 'received';
      tx.put('commands', command);
      return { kind: 'recorded', command };
    }
    command.status = status;
    command.completedAt = at;
    if (status === 'done') command.result = detail ? { detail } : {};
    else command.errorChain = [{ LocalizedDescription: detail || (status === 'incompatible' ? 'the agent cannot run this task' : 'the task failed') }];
    finish(tx, command);
    return { kind: 'recorded', command };
  }

  /** Cancels a command that has not been answered yet. */
  cancelIn(tx: LanyardTransaction, uuid: string): StoredCommand | 'unknown' | 'final' {
    const command = this.get(uuid);
    if (!command) return 'unknown';
    if (!openCommandStatuses.has(command.status)) return 'final';
    command.status = 'cancelled';
    command.completedAt = this.now().toISOString();
    finish(tx, command);
    return command;
  }

  /** Authenticate starts a new enrollment: nothing queued for the old one is sent. */
  clearIn(tx: LanyardTransaction, deviceId: string, reason: string): number {
    let cleared = 0;
    for (const command of this.open(deviceId)) {
      command.status = 'cancelled';
      command.completedAt = this.now().toISOString();
      command.errorChain = [{ LocalizedDescription: reason }];
      finish(tx, command);
      cleared += 1;
    }
    return cleared;
  }

  /**
   * Drops commands that finished more than `finishedCommandDays` ago; returns
   * how many. Commands are stored in queue order, so only those queued before
   * the cutoff are looked at.
   */
  pruneFinishedIn(tx: LanyardTransaction, days = finishedCommandDays): number {
    const cutoff = new Date(this.now().getTime() - days * 86_400_000).toISOString();
    const old: string[] = [];
    for (const command of this.store.collection('commands').values()) {
      if (command.queuedAt >= cutoff) break;
      if (!openCommandStatuses.has(command.status) && command.completedAt !== null && command.completedAt < cutoff) old.push(command.uuid);
    }
    for (const uuid of old) tx.delete('commands', uuid);
    return old.length;
  }

  /** Drops old finished commands beyond the history kept per device. */
  pruneIn(tx: LanyardTransaction, deviceId: string): void {
    const all = this.forDevice(deviceId);
    const open = this.openCount(deviceId);
    let excess = all.length - open - historyPerDevice;
    for (const command of all) {
      if (excess <= 0) break;
      if (openCommandStatuses.has(command.status)) continue;
      tx.delete('commands', command.uuid);
      excess -= 1;
    }
  }
}

/** A finished command is never sent again: drop its wire form, which is most of its size. */
function finish(tx: LanyardTransaction, command: StoredCommand): void {
  command.plist = '';
  command.message = null;
  tx.put('commands', command);
}
