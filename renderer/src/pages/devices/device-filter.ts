import type { DeviceSummary } from '../../../../contract/command-models';
import type { EnrollmentStatus } from './device-labels';

export interface DeviceFilter {
  text: string;
  status: EnrollmentStatus | 'all';
}

/** Devices removed from management are not in the list at all (devices.removed); their page still opens from the activity log. */
export const defaultDeviceFilter: DeviceFilter = { text: '', status: 'all' };

/** The statuses a listed device can have. */
export const listedStatuses = ['enrolled', 'authenticated', 'unenrolled'] as const satisfies readonly EnrollmentStatus[];

export function matchesDevice(device: DeviceSummary, filter: DeviceFilter): boolean {
  if (filter.status !== 'all' && device.enrollmentStatus !== filter.status) return false;
  const text = filter.text.trim().toLowerCase();
  if (!text) return true;
  return [device.name, device.model, device.serialNumber, device.osVersion, device.udid].some((value) => value.toLowerCase().includes(text));
}
