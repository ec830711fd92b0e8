import type { DeviceSummary } from '../../../../contract/command-models';
import type { EnrollmentStatus } from './device-labels';

export interface DeviceFilter {
  text: string;
  status: EnrollmentStatus | 'all';
  channel: DeviceSummary['channel'] | 'all';
}

/** Devices removed from management are not in the list at all (devices.removed); their page still opens from the activity log. */
export const defaultDeviceFilter: DeviceFilter = { text: '', status: 'all', channel: 'all' };

/** The statuses a listed device can have. */
export const listedStatuses = ['enrolled', 'authenticated', 'unenrolling', 'unenrolled'] as const satisfies readonly EnrollmentStatus[];

export function matchesDevice(device: DeviceSummary, filter: DeviceFilter): boolean {
  if (filter.status !== 'all' && device.enrollmentStatus !== filter.status) return false;
  if (filter.channel !== 'all' && device.channel !== filter.channel) return false;
  const text = filter.text.trim().toLowerCase();
  if (!text) return true;
  return [device.name, device.model, device.serialNumber, device.osVersion, device.udid, device.hostname ?? '', device.user?.name ?? '', device.user?.email ?? ''].some((value) => value.toLowerCase().includes(text));
}
