import type { CommandView, commandStatuses } from '../../../../contract/command-models';

export type CommandStatus = (typeof commandStatuses)[number];

export const commandStatusLabels: Record<CommandStatus, string> = {
  queued: 'Queued',
  sent: 'Sent',
  acknowledged: 'Acknowledged',
  error: 'Error',
  'format-error': 'Format error',
  notnow: 'Not now',
  received: 'Received',
  done: 'Done',
  failed: 'Failed',
  incompatible: 'Not supported',
  cancelled: 'Cancelled',
  expired: 'Expired',
};

const tones: Record<CommandStatus, string> = {
  queued: 'info',
  sent: 'info',
  acknowledged: 'ok',
  error: 'error',
  'format-error': 'error',
  notnow: 'warning',
  received: 'info',
  done: 'ok',
  failed: 'error',
  incompatible: 'warning',
  cancelled: 'muted',
  expired: 'warning',
};

const hints: Record<CommandStatus, string> = {
  queued: 'Waiting for the device to connect.',
  sent: 'The device has it and is working on it.',
  acknowledged: 'The device did it.',
  error: 'The device could not do it.',
  'format-error': 'The device did not understand the command.',
  notnow: 'The device is busy or locked and will ask again later.',
  received: 'The agent has the task and is working on it.',
  done: 'The agent did it.',
  failed: 'The agent could not do it.',
  incompatible: 'The agent cannot run this task on its system.',
  cancelled: 'Cancelled before the device took it.',
  expired: 'The device did not connect in time.',
};

export function CommandStatusBadge({ status }: { status: CommandStatus }) {
  return (
    <span className={`badge badge-${tones[status]}`} title={hints[status]}>
      {commandStatusLabels[status]}
    </span>
  );
}

type Json = CommandView['result'];

/** The device's ErrorChain as one sentence per error: "The passcode is wrong (MCMDMErrorDomain 12021)". */
export function errorChainText(chain: CommandView['errorChain']): string {
  if (!chain || chain.length === 0) return '';
  return chain
    .map((error) => {
      const text = (str(error.LocalizedDescription) || str(error.USEnglishDescription) || 'Unknown error').replace(/\.$/, '');
      const code = [str(error.ErrorDomain), error.ErrorCode === undefined ? '' : String(error.ErrorCode)].filter(Boolean).join(' ');
      return code ? `${text} (${code})` : text;
    })
    .join('; ');
}

/** One line about what the device answered. */
export function resultSummary(command: CommandView): string {
  if (command.errorChain && command.errorChain.length > 0) return errorChainText(command.errorChain);
  if (command.status === 'done') return typeof command.result?.detail === 'string' ? command.result.detail : 'Done';
  if (command.status !== 'acknowledged') return '';
  const result: NonNullable<Json> = command.result ?? {};
  const count = (value: unknown, one: string, many: string) => {
    const n = Array.isArray(value) ? value.length : value && typeof value === 'object' ? Object.keys(value).length : 0;
    return `${n} ${n === 1 ? one : many}`;
  };
  if ('QueryResponses' in result) return `${count(result.QueryResponses, 'value', 'values')} received`;
  if ('ProfileList' in result) return count(result.ProfileList, 'profile', 'profiles');
  if ('InstalledApplicationList' in result) return count(result.InstalledApplicationList, 'app', 'apps');
  if ('SecurityInfo' in result) return 'Security details received';
  if ('Latitude' in result && 'Longitude' in result) return `Located at ${String(result.Latitude)}, ${String(result.Longitude)}`;
  if ('State' in result) return `State: ${String(result.State)}`;
  const keys = Object.keys(result);
  return keys.length === 0 ? 'Done' : `Answered ${keys.slice(0, 4).join(', ')}${keys.length > 4 ? '…' : ''}`;
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
