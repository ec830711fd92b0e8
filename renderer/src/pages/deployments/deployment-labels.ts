import type { DeploymentCounts, DeploymentStatus, DeploymentView } from '../../../../contract/deployment-models';
import type { ProgressSegment } from '../../components/ProgressBar';

export const deploymentStatusLabels: Record<DeploymentStatus, string> = {
  pending: 'Pending',
  sent: 'Sent',
  acknowledged: 'Acknowledged',
  done: 'Done',
  failed: 'Failed',
  not_applicable: 'Not applicable',
  canceled: 'Canceled',
};

export const deploymentStatusTones: Record<DeploymentStatus, string> = {
  pending: 'info',
  sent: 'info',
  acknowledged: 'ok',
  done: 'ok',
  failed: 'error',
  not_applicable: 'muted',
  canceled: 'muted',
};

export const deploymentStatusHints: Record<DeploymentStatus, string> = {
  pending: 'Waiting for the device to connect.',
  sent: 'The device has it (a device that said "not now" stays here).',
  acknowledged: 'The Apple device did it.',
  done: 'The agent did it.',
  failed: 'The device could not do it; the reason is beside it.',
  not_applicable: "It does not fit this device's channel or model.",
  canceled: 'Canceled before the device took it.',
};

/** The order of the bar: finished well, failed, on the way, then what was never going to happen. */
const barOrder: readonly DeploymentStatus[] = ['acknowledged', 'done', 'failed', 'sent', 'pending', 'not_applicable', 'canceled'];

export function progressSegments(counts: DeploymentCounts): ProgressSegment[] {
  return barOrder.map((status) => ({ key: status, label: deploymentStatusLabels[status], count: counts[status] }));
}

/** Devices whose part is final, whichever way it went. */
export function finishedCount(counts: DeploymentCounts): number {
  return counts.acknowledged + counts.done + counts.failed + counts.not_applicable + counts.canceled;
}

export function deploymentState(deployment: Pick<DeploymentView, 'finishedAt' | 'canceledAt' | 'counts'>): { label: string; tone: string } {
  if (deployment.finishedAt === null) return { label: 'In progress', tone: 'info' };
  if (deployment.counts.failed > 0) return { label: 'Finished with failures', tone: 'error' };
  if (deployment.canceledAt !== null) return { label: 'Canceled', tone: 'muted' };
  return { label: 'Finished', tone: 'ok' };
}

/** Where it was started from: the desktop app, or the admin API (which the browser UI uses too). */
export const startedByText = (deployment: Pick<DeploymentView, 'startedBy'>): string => (deployment.startedBy === 'admin' ? 'from the desktop app' : 'through the admin API');
