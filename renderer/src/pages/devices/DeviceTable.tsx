import { memo, useRef } from 'react';
import type { DeviceSummary } from '../../../../contract/command-models';
import { pathTo } from '../../app/paths';
import { RelativeTime } from '../../components/RelativeTime';
import { useRowWindow } from '../../components/use-row-window';
import { channelText, deviceTitle, EnrollmentBadge, osText, platformText, ReachBadge, supervisedText } from './device-labels';
import type { DeviceSort, SortKey } from './device-sort';
import { deviceRowHeight } from './device-row-height';

export interface DeviceSelection {
  selected: ReadonlySet<string>;
  /** A click on a row's box; with shift, every row from the last clicked one to this one takes its new state. */
  toggle(index: number, shift: boolean): void;
  toggleAll(): void;
}

/** Above this many rows only those near the viewport are rendered (rows are of one fixed height). */
export const windowedAbove = 150;

const sortLabels: Record<SortKey, string> = { name: 'Name', model: 'Model', os: 'OS', fleet: 'Fleet', status: 'Status', lastSeen: 'Last seen', pending: 'Pending' };

export interface DeviceTableProps {
  devices: readonly DeviceSummary[];
  fleetNames: ReadonlyMap<string, string>;
  selection: DeviceSelection;
  sort: DeviceSort;
  onSort(sort: DeviceSort): void;
}

/**
 * Devices of both channels in one table, sortable by its columns. With
 * many devices it renders only the rows near the viewport, between two
 * spacer rows that keep the scroll height, so ten thousand scroll smoothly.
 */
export function DeviceTable({ devices, fleetNames, selection, sort, onSort }: DeviceTableProps) {
  const body = useRef<HTMLTableSectionElement>(null);
  const windowed = devices.length > windowedAbove;
  const { start, end } = useRowWindow(body, devices.length, deviceRowHeight, windowed);
  const allSelected = devices.length > 0 && devices.every((device) => selection.selected.has(device.id));
  const header = (key: SortKey, className?: string) => {
    const current = sort.key === key;
    return (
      <th scope="col" className={className} aria-sort={current ? (sort.descending ? 'descending' : 'ascending') : 'none'}>
        <button type="button" className="sort-button" onClick={() => onSort({ key, descending: current ? !sort.descending : key === 'lastSeen' || key === 'pending' })}>
          {sortLabels[key]}
          <span aria-hidden="true">{current ? (sort.descending ? ' ↓' : ' ↑') : ''}</span>
        </button>
      </th>
    );
  };
  return (
    <div className="table-wrap">
      <table className={`data-table device-table${windowed ? ' device-table-windowed' : ''}`} aria-rowcount={devices.length + 1}>
        <caption className="visually-hidden">Devices</caption>
        <thead>
          <tr>
            <th scope="col" className="select-cell">
              <input type="checkbox" aria-label="Select every device shown" checked={allSelected} onChange={selection.toggleAll} />
            </th>
            {header('name')}
            {header('model')}
            {header('os')}
            {header('fleet')}
            {header('status')}
            {header('lastSeen')}
            <th scope="col">Reach</th>
            {header('pending', 'number')}
            <th scope="col">Supervised / user</th>
          </tr>
        </thead>
        <tbody ref={body}>
          {start > 0 && <tr className="spacer-row" aria-hidden="true" style={{ height: start * deviceRowHeight }} />}
          {/* Windowed, a row's element is kept for its slot and given the next device that scrolls into it (keys by position modulo the window), so a fling updates a few dozen rows' text instead of building new ones. */}
          {devices.slice(start, end).map((device, offset) => (
            <DeviceRow key={windowed ? (start + offset) % (end - start) : device.id} device={device} index={start + offset} fleetName={fleetNames.get(device.fleetId) ?? '—'} selected={selection.selected.has(device.id)} toggle={selection.toggle} />
          ))}
          {end < devices.length && <tr className="spacer-row" aria-hidden="true" style={{ height: (devices.length - end) * deviceRowHeight }} />}
        </tbody>
      </table>
    </div>
  );
}

const DeviceRow = memo(function DeviceRow({ device, index, fleetName, selected, toggle }: { device: DeviceSummary; index: number; fleetName: string; selected: boolean; toggle: DeviceSelection['toggle'] }) {
  return (
    <tr data-device-id={device.id} aria-selected={selected} aria-rowindex={index + 2}>
      <td className="select-cell">
        <input type="checkbox" aria-label={`Select ${deviceTitle(device)}`} checked={selected} onChange={() => undefined} onClick={(event) => toggle(index, event.shiftKey)} />
      </td>
      <th scope="row">
        <a href={`#${pathTo('/devices/:id', { id: device.id })}`}>{deviceTitle(device)}</a>
        {device.serialNumber && <span className="cell-detail mono">{device.serialNumber}</span>}
      </th>
      <td>
        {device.modelName || device.model || '—'}
        {/* One text node, not four: a fling lays out every new row's text. */}
        <span className="cell-detail">{`${device.modelName && device.model ? `${device.model} · ` : ''}${platformText(device)} · ${channelText(device)}`}</span>
      </td>
      <td className="nowrap">{osText(device)}</td>
      <td>{fleetName}</td>
      <td>
        <EnrollmentBadge status={device.enrollmentStatus} />
      </td>
      <td className="nowrap">
        <RelativeTime iso={device.lastSeenAt} />
      </td>
      <td>
        <ReachBadge device={device} />
      </td>
      <td className="number">{device.pendingCommands}</td>
      <td>{device.channel === 'agent' ? device.user ? <UserText user={device.user} /> : '—' : supervisedText(device.supervised)}</td>
    </tr>
  );
});

function UserText({ user }: { user: { name: string; email: string } }) {
  return (
    <>
      {user.name || user.email}
      {user.name && user.email && <span className="cell-detail">{user.email}</span>}
    </>
  );
}
