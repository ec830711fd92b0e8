import type { DeviceSummary } from '../../../../contract/command-models';
import { pathTo } from '../../app/paths';
import { RelativeTime } from '../../components/RelativeTime';
import { deviceTitle, EnrollmentBadge, osText, platformText, PushBadge, supervisedText } from './device-labels';

export function DeviceTable({ devices }: { devices: readonly DeviceSummary[] }) {
  return (
    <div className="table-wrap">
      <table className="data-table device-table">
        <caption className="visually-hidden">Devices</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Model</th>
            <th scope="col">OS</th>
            <th scope="col">Status</th>
            <th scope="col">Last check-in</th>
            <th scope="col">Push</th>
            <th scope="col" className="number">
              Pending
            </th>
            <th scope="col">Supervised</th>
          </tr>
        </thead>
        <tbody>
          {devices.map((device) => (
            <tr key={device.id} data-device-id={device.id}>
              <th scope="row">
                <a href={`#${pathTo('/devices/:id', { id: device.id })}`}>{deviceTitle(device)}</a>
                {device.serialNumber && <span className="cell-detail mono">{device.serialNumber}</span>}
              </th>
              <td>
                {device.modelName || device.model || '—'}
                <span className="cell-detail">
                  {device.modelName && device.model ? `${device.model} · ` : ''}
                  {platformText(device)}
                </span>
              </td>
              <td className="nowrap">{osText(device)}</td>
              <td>
                <EnrollmentBadge status={device.enrollmentStatus} />
              </td>
              <td className="nowrap">
                <RelativeTime iso={device.lastSeenAt} />
              </td>
              <td>
                <PushBadge state={device.pushState} />
              </td>
              <td className="number">{device.pendingCommands}</td>
              <td>{supervisedText(device.supervised)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
