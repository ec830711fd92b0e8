import type { CommandView, DeviceDetail, DeviceSummary } from '../../../contract/command-models';

/** The one device whose page is open: its detail and its command queue and history, kept live. */
export interface DeviceView {
  id: string | null;
  detail: DeviceDetail | null;
  /** Newest first. */
  commands: CommandView[];
  loaded: boolean;
  commandsLoaded: boolean;
  /** The core knows no device with this id. */
  missing: boolean;
  /** A devices.removed arrived for it while its page was open. */
  removed: boolean;
  error: string | null;
}

export const emptyDeviceView: DeviceView = { id: null, detail: null, commands: [], loaded: false, commandsLoaded: false, missing: false, removed: false, error: null };

export const finalCommandStatuses: readonly CommandView['status'][] = ['acknowledged', 'error', 'format-error', 'done', 'failed', 'incompatible', 'cancelled', 'expired'];
export const cancellableStatuses: readonly CommandView['status'][] = ['queued', 'sent', 'notnow', 'received'];

export const isCancellable = (command: CommandView): boolean => cancellableStatuses.includes(command.status);

/**
 * How far a command got: queued < sent < NotNow < sent again < finished
 * (an agent's task: queued < sent < received < finished). An event and a
 * list can arrive in either order; the one further along wins, so a late
 * event never takes a command back.
 */
function progress(command: CommandView): number {
  if (finalCommandStatuses.includes(command.status)) return Number.MAX_SAFE_INTEGER;
  return command.notNowCount * 4 + (command.status === 'sent' ? 1 : command.status === 'received' ? 2 : 0);
}

const newestFirst = (a: CommandView, b: CommandView): number => b.queuedAt.localeCompare(a.queuedAt);

/** Adds or updates one command (from commands.changed), keeping the list newest first. */
export function withCommand(commands: readonly CommandView[], command: CommandView): CommandView[] {
  const index = commands.findIndex((c) => c.commandUuid === command.commandUuid);
  if (index === -1) return [...commands, command].sort(newestFirst);
  if (progress(command) < progress(commands[index]!)) return commands as CommandView[];
  return commands.map((c, i) => (i === index ? command : c));
}

/** A freshly loaded history, with anything live that got further than the list knew. */
export function mergedCommands(current: readonly CommandView[], loaded: readonly CommandView[]): CommandView[] {
  let merged = [...loaded].sort(newestFirst);
  for (const command of current) merged = withCommand(merged, command);
  return merged;
}

/** A devices.changed summary laid over the open detail, until the full detail is fetched again. */
export function withSummary(detail: DeviceDetail | null, summary: DeviceSummary): DeviceDetail | null {
  return detail && detail.id === summary.id ? { ...detail, ...summary } : detail;
}

/** The open device was removed from management: say so at once, before its detail is fetched again. */
export function withRemoved(view: DeviceView): DeviceView {
  return { ...view, removed: true, detail: view.detail ? { ...view.detail, enrollmentStatus: 'removed' } : view.detail };
}
