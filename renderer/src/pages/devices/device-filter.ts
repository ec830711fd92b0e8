import type { DeviceSummary } from '../../../../contract/command-models';
import { presenceOf, presences, type Presence } from './device-presence';

type EnrollmentStatus = DeviceSummary['enrollmentStatus'];

export interface DeviceFilter {
  text: string;
  status: EnrollmentStatus | 'all';
  channel: DeviceSummary['channel'] | 'all';
  /** A fleet's id, or every fleet. */
  fleetId: string;
  presence: Presence | 'all';
  /** A platform ("ios", "macos", "linux", …), or every one. */
  platform: string;
  /** A model as the list shows it ("iPhone", "MacBookPro18,1", …), or every one. */
  model: string;
}

/** Devices removed from management are not in the list at all (devices.removed); their page still opens from the activity log. */
export const defaultDeviceFilter: DeviceFilter = { text: '', status: 'all', channel: 'all', fleetId: 'all', presence: 'all', platform: 'all', model: 'all' };

/** The model a device is listed under: its marketing name, else its model code. */
export const modelOf = (device: Pick<DeviceSummary, 'modelName' | 'model'>): string => device.modelName || device.model;

/** The statuses a listed device can have. */
export const listedStatuses = ['enrolled', 'authenticated', 'unenrolling', 'unenrolled'] as const satisfies readonly EnrollmentStatus[];

export function matchesDevice(device: DeviceSummary, filter: DeviceFilter, now = Date.now()): boolean {
  if (filter.status !== 'all' && device.enrollmentStatus !== filter.status) return false;
  if (filter.channel !== 'all' && device.channel !== filter.channel) return false;
  if (filter.fleetId !== 'all' && device.fleetId !== filter.fleetId) return false;
  if (filter.presence !== 'all' && presenceOf(device, now) !== filter.presence) return false;
  if (filter.platform !== 'all' && device.platform !== filter.platform) return false;
  if (filter.model !== 'all' && modelOf(device) !== filter.model) return false;
  const text = filter.text.trim().toLowerCase();
  if (!text) return true;
  return [device.name, device.model, device.serialNumber, device.osVersion, device.udid, device.hostname ?? '', device.user?.name ?? '', device.user?.email ?? ''].some((value) => value.toLowerCase().includes(text));
}

export const isFiltered = (filter: DeviceFilter): boolean => (Object.keys(defaultDeviceFilter) as (keyof DeviceFilter)[]).some((key) => filter[key].trim() !== defaultDeviceFilter[key]);

/** The filters as the address keeps them: `q`, `status`, `channel`, `fleet`, `presence`, `os`, `model`; defaults are left out. */
export function filterToQuery(filter: DeviceFilter): URLSearchParams {
  const query = new URLSearchParams();
  if (filter.text.trim()) query.set('q', filter.text);
  if (filter.status !== 'all') query.set('status', filter.status);
  if (filter.channel !== 'all') query.set('channel', filter.channel);
  if (filter.fleetId !== 'all') query.set('fleet', filter.fleetId);
  if (filter.presence !== 'all') query.set('presence', filter.presence);
  if (filter.platform !== 'all') query.set('os', filter.platform);
  if (filter.model !== 'all') query.set('model', filter.model);
  return query;
}

/** The filters from an address; a value the page does not know falls back to its default. */
export function filterFromQuery(query: URLSearchParams): DeviceFilter {
  const pick = <T extends string>(value: string | null, allowed: readonly T[]): T | 'all' => (value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : 'all');
  return {
    text: (query.get('q') ?? '').slice(0, 200),
    status: pick(query.get('status'), listedStatuses),
    channel: pick(query.get('channel'), ['mdm', 'agent'] as const),
    fleetId: query.get('fleet')?.slice(0, 100) || 'all',
    presence: pick(query.get('presence'), presences),
    platform: query.get('os')?.slice(0, 40) || 'all',
    model: query.get('model')?.slice(0, 200) || 'all',
  };
}

/** The Devices page with these filters, for links from the dashboard. */
export function devicesLink(filter: Partial<DeviceFilter>): string {
  const text = filterToQuery({ ...defaultDeviceFilter, ...filter }).toString();
  return `#/devices${text ? `?${text}` : ''}`;
}
