import type { DeviceSummary } from '../../../../contract/command-models';
import { StatusDot } from '../../components/StatusDot';
export { osText } from './device-os-text';

export type EnrollmentStatus = DeviceSummary['enrollmentStatus'];
export type PushHealth = DeviceSummary['pushState'];

export const enrollmentLabels: Record<EnrollmentStatus, string> = {
  authenticated: 'Enrolling',
  enrolled: 'Enrolled',
  unenrolling: 'Unenrolling',
  unenrolled: 'Unenrolled',
  removed: 'Removed',
};

const enrollmentTones: Record<EnrollmentStatus, string> = { authenticated: 'info', enrolled: 'ok', unenrolling: 'warning', unenrolled: 'warning', removed: 'muted' };

export const enrollmentHints: Record<EnrollmentStatus, string> = {
  authenticated: 'The device started enrolling but has not finished installing the profile.',
  enrolled: 'The device is managed and takes commands.',
  unenrolling: 'Asked to unenrol: it is removed once its agent acknowledges.',
  unenrolled: 'The device removed its management profile.',
  removed: 'Removed from management: the device unenrolls at its next check-in.',
};

export const pushLabels: Record<PushHealth, string> = { healthy: 'Healthy', dead: 'Dead', none: 'None' };
const pushTones: Record<PushHealth, string> = { healthy: 'ok', dead: 'error', none: 'muted' };
export const pushHints: Record<PushHealth, string> = {
  healthy: 'Apple accepted the last push to this device.',
  dead: 'Apple refuses pushes to this device: it cannot be woken.',
  none: 'The device has no push token yet.',
};

const platformNames: Record<DeviceSummary['platform'], string> = { ios: 'iPhone', ipados: 'iPad', macos: 'Mac', tvos: 'Apple TV', windows: 'PC', linux: 'PC', unknown: 'Device' };

export function platformText(device: Pick<DeviceSummary, 'platform'>): string {
  return platformNames[device.platform];
}

export function supervisedText(supervised: boolean | null): string {
  return supervised === null ? 'Not known yet' : supervised ? 'Yes' : 'No';
}

export function deviceTitle(device: Pick<DeviceSummary, 'name' | 'serialNumber' | 'platform'>): string {
  return device.name || (device.serialNumber ? `${platformText(device)} ${device.serialNumber}` : platformText(device));
}

export function EnrollmentBadge({ status }: { status: EnrollmentStatus }) {
  return (
    <span className={`badge badge-${enrollmentTones[status]}`} title={enrollmentHints[status]}>
      {enrollmentLabels[status]}
    </span>
  );
}

export function PushBadge({ state }: { state: PushHealth }) {
  return (
    <span className={`badge badge-${pushTones[state]}`} title={pushHints[state]}>
      {pushLabels[state]}
    </span>
  );
}

/** How Lanyard reaches a device: its channel, in words. */
export function channelText(device: Pick<DeviceSummary, 'channel'>): string {
  return device.channel === 'agent' ? 'Lanyard agent' : 'Apple MDM';
}

/**
 * How a device can be reached now. An agent: online or offline, live from
 * its MQTT connection. An Apple device: the health of its push token.
 */
export function ReachBadge({ device }: { device: Pick<DeviceSummary, 'channel' | 'online' | 'pushState'> }) {
  if (device.channel === 'agent') {
    const online = device.online === true;
    return <StatusDot tone={online ? 'online' : 'offline'} label={online ? 'Online' : 'Offline'} title={online ? 'The agent is connected.' : 'The agent is not connected; tasks wait for it.'} />;
  }
  return <PushBadge state={device.pushState} />;
}
