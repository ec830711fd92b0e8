import type { DeviceSummary } from '../../../../contract/command-models';
import type { EnrollmentStatus } from './device-labels';

export interface DeviceFilter {
  text: string;
  status: EnrollmentStatus | 'all' | 'active';
}

/** By default the table hides devices removed from management. */
export const defaultDeviceFilter: DeviceFilter = { text: '', status: 'active' };

export function matchesDevice(device: DeviceSummary, filter: DeviceFilter): boolean {
  if (filter.status === 'active' && device.enrollmentStatus === 'removed') return false;
  if (filter.status !== 'active' && filter.status !== 'all' && device.enrollmentStatus !== filter.status) return false;
  const text = filter.text.trim().toLowerCase();
  if (!text) return true;
  return [device.name, device.model, device.serialNumber, device.osVersion, device.udid].some((value) => value.toLowerCase().includes(text));
}
