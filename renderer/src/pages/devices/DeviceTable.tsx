import type { DeviceSummary } from '../../../../contract/command-models';
import { pathTo } from '../../app/paths';
import { RelativeTime } from '../../components/RelativeTime';
import { channelText, deviceTitle, EnrollmentBadge, osText, platformText, ReachBadge, supervisedText } from './device-labels';

export interface DeviceSelection {
  selected: ReadonlySet<string>;
  /** A click on a row's box; with shift, every row from the last clicked one to this one takes its new state. */
  toggle(index: number, shift: boolean): void;
  toggleAll(): void;
}

export function DeviceTable({ devices, fleetNames, selection }: { devices: readonly DeviceSummary[]; fleetNames: ReadonlyMap<string, string>; selection: DeviceSelection }) {
  const allSelected = devices.length > 0 && devices.every((device) => selection.selected.has(device.id));
  return (
    <div className="table-wrap">
      <table className="data-table device-table">
        <caption className="visually-hidden">Devices</caption>
        <thead>
          <tr>
            <th scope="col" className="select-cell">
              <input type="checkbox" aria-label="Select every device shown" checked={allSelected} onChange={selection.toggleAll} />
            </th>
            <th scope="col">Name</th>
            <th scope="col">Model</th>
            <th scope="col">OS</th>
            <th scope="col">Fleet</th>
            <th scope="col">Status</th>
            <th scope="col">Last seen</th>
            <th scope="col">Reach</th>
            <th scope="col" className="number">
              Pending
            </th>
            <th scope="col">Supervised / user</th>
          </tr>
        </thead>
        <tbody>
          {devices.map((device, index) => (
            <tr key={device.id} data-device-id={device.id} aria-selected={selection.selected.has(device.id)}>
              <td className="select-cell">
                <input
                  type="checkbox"
                  aria-label={`Select ${deviceTitle(device)}`}
                  checked={selection.selected.has(device.id)}
                  onChange={() => undefined}
                  onClick={(event) => selection.toggle(index, event.shiftKey)}
                />
              </td>
              <th scope="row">
                <a href={`#${pathTo('/devices/:id', { id: device.id })}`}>{deviceTitle(device)}</a>
                {device.serialNumber && <span className="cell-detail mono">{device.serialNumber}</span>}
              </th>
              <td>
                {device.modelName || device.model || '—'}
                <span className="cell-detail">
                  {device.modelName && device.model ? `${device.model} · ` : ''}
                  {platformText(device)} · {channelText(device)}
                </span>
              </td>
              <td className="nowrap">{osText(device)}</td>
              <td>{fleetNames.get(device.fleetId) ?? '—'}</td>
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
              <td>{device.channel === 'agent' ? (device.user ? <UserText user={device.user} /> : '—') : supervisedText(device.supervised)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function UserText({ user }: { user: { name: string; email: string } }) {
  return (
    <>
      {user.name || user.email}
      {user.name && user.email && <span className="cell-detail">{user.email}</span>}
    </>
  );
}
