import type { DeviceSummary } from '../../../contract/command-models';
import { withRemoved, withSummary } from './device-view';
import { withChanges, type ListChange } from './keyed-list';
import type { LanyardState } from './lanyard-store';
import { deviceOrder } from './server-lists';

/**
 * Device events applied to the list and to the open device's page. The
 * list holds devices under management: a removal, or a changed summary
 * of a removed device (a push to it after removal still reports), drops
 * the entry; the open page keeps its device and shows it removed.
 */
export function applyDeviceChanges(s: LanyardState, changes: readonly ListChange<DeviceSummary>[]): Pick<LanyardState, 'devices' | 'device'> {
  let device = s.device;
  for (const change of changes) {
    if (change.kind === 'changed' && change.item.id === device.id) device = { ...device, detail: withSummary(device.detail, change.item) };
    if (change.kind === 'removed' && change.id === device.id) device = withRemoved(device);
  }
  const listed = changes.map((change): ListChange<DeviceSummary> => (change.kind === 'changed' && change.item.enrollmentStatus === 'removed' ? { kind: 'removed', id: change.item.id } : change));
  return { devices: withChanges(s.devices, listed, deviceOrder), device };
}
