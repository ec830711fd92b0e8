import type { CommandView } from '../../../contract/command-models';
import type { DeploymentStatus } from '../../../contract/deployment-models';
import { taskErrorText } from '../devices/task-error-text';

/**
 * A device's part of a deployment, read from its task: queued is pending;
 * sent, received and NotNow are sent (NotNow is asked again later, not a
 * failure); the device's answer is final.
 */
export function rowStatusOf(command: CommandView): { status: DeploymentStatus; reason: string | null } {
  switch (command.status) {
    case 'queued':
      return { status: 'pending', reason: null };
    case 'sent':
    case 'received':
      return { status: 'sent', reason: null };
    case 'notnow':
      return { status: 'sent', reason: `the device said NotNow ${command.notNowCount} time${command.notNowCount === 1 ? '' : 's'}; it is asked again` };
    case 'acknowledged':
      return { status: 'acknowledged', reason: null };
    case 'done':
      return { status: 'done', reason: null };
    case 'incompatible':
      return { status: 'not_applicable', reason: taskErrorText(command) ?? 'the agent cannot run this task' };
    case 'cancelled':
      return { status: 'canceled', reason: taskErrorText(command) ?? 'canceled' };
    case 'expired':
      return { status: 'failed', reason: 'expired: the device did not answer in time' };
    case 'error':
    case 'format-error':
    case 'failed':
      return { status: 'failed', reason: taskErrorText(command) ?? (command.status === 'format-error' ? 'the device could not read the command' : 'the device reported an error') };
  }
}
