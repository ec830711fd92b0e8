import type { DeviceSummary } from '../../../../contract/command-models';
import { deviceOrder } from '../../../../contract/command-models';
import { osText } from './device-os-text';

export const sortKeys = ['name', 'model', 'os', 'fleet', 'status', 'lastSeen', 'pending'] as const;
export type SortKey = (typeof sortKeys)[number];
export interface DeviceSort {
  key: SortKey;
  descending: boolean;
}

/** The list's own order: by name (as devices.list pages them). */
export const defaultSort: DeviceSort = { key: 'name', descending: false };

const text = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

/** A total order for a column (ties fall back to the name order, so rows never swap at random). */
export function deviceComparator(sort: DeviceSort, fleetName: (id: string) => string): (a: DeviceSummary, b: DeviceSummary) => number {
  const by: Record<SortKey, (a: DeviceSummary, b: DeviceSummary) => number> = {
    name: () => 0,
    model: (a, b) => text.compare(a.modelName || a.model, b.modelName || b.model),
    os: (a, b) => text.compare(osText(a), osText(b)),
    fleet: (a, b) => text.compare(fleetName(a.fleetId), fleetName(b.fleetId)),
    status: (a, b) => a.enrollmentStatus.localeCompare(b.enrollmentStatus),
    lastSeen: (a, b) => a.lastSeenAt.localeCompare(b.lastSeenAt),
    pending: (a, b) => a.pendingCommands - b.pendingCommands,
  };
  const column = by[sort.key];
  const sign = sort.descending ? -1 : 1;
  return (a, b) => sign * (column(a, b) || deviceOrder(a, b));
}

export function sortToQuery(sort: DeviceSort, query: URLSearchParams): URLSearchParams {
  if (sort.key !== defaultSort.key) query.set('sort', sort.key);
  if (sort.descending) query.set('desc', '1');
  return query;
}

export function sortFromQuery(query: URLSearchParams): DeviceSort {
  const key = query.get('sort');
  return { key: (sortKeys as readonly string[]).includes(key ?? '') ? (key as SortKey) : 'name', descending: query.get('desc') === '1' };
}
