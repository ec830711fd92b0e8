import { useState } from 'react';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { useLanyard } from '../../state/app-context';
import { DeviceTable } from './DeviceTable';
import { defaultDeviceFilter, listedStatuses, matchesDevice, type DeviceFilter } from './device-filter';
import { enrollmentLabels } from './device-labels';
import './devices.css';

/** Every device under management, live: a device that enrolls or checks in shows up here, and one removed leaves, without reloading. */
export function DevicesPage() {
  const devices = useLanyard((s) => s.devices);
  const [filter, setFilter] = useState<DeviceFilter>(defaultDeviceFilter);
  const shown = devices.items.filter((device) => matchesDevice(device, filter));
  const filtered = filter.text.trim() !== '' || filter.status !== defaultDeviceFilter.status || filter.channel !== defaultDeviceFilter.channel;

  return (
    <div className="page devices-page">
      <PageHeader title="Devices">
        <p>
          The iPhones, iPads and Macs Lanyard manages over Apple MDM, and the PCs that run the Lanyard agent. New devices appear here as they enroll; to add
          one, send an <a href="#/invitations">invitation</a>.
        </p>
      </PageHeader>
      <form className="filters" role="search" aria-label="Filter devices" onSubmit={(event) => event.preventDefault()}>
        <div className="field field-grow">
          <label htmlFor="devices-text">Search</label>
          <input
            id="devices-text"
            className="input"
            type="search"
            value={filter.text}
            onChange={(event) => setFilter((f) => ({ ...f, text: event.target.value }))}
            placeholder="Name, model, serial number, OS version or user"
          />
        </div>
        <div className="field">
          <label htmlFor="devices-channel">Managed by</label>
          <select id="devices-channel" className="input" value={filter.channel} onChange={(event) => setFilter((f) => ({ ...f, channel: event.target.value as DeviceFilter['channel'] }))}>
            <option value="all">Both</option>
            <option value="mdm">Apple MDM</option>
            <option value="agent">Lanyard agent</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="devices-status">Status</label>
          <select id="devices-status" className="input" value={filter.status} onChange={(event) => setFilter((f) => ({ ...f, status: event.target.value as DeviceFilter['status'] }))}>
            <option value="all">All</option>
            {listedStatuses.map((status) => (
              <option key={status} value={status}>
                {enrollmentLabels[status]}
              </option>
            ))}
          </select>
        </div>
        <button type="button" className="button button-quiet filters-clear" disabled={!filtered} onClick={() => setFilter(defaultDeviceFilter)}>
          Clear filters
        </button>
      </form>
      {devices.error && (
        <p className="notice notice-error" role="alert">
          {devices.error}
        </p>
      )}
      {!devices.loaded && !devices.error ? (
        <Loading text="Loading devices…" />
      ) : devices.items.length === 0 ? (
        <div className="card empty-state">
          <h2>No devices yet</h2>
          <p>
            Devices appear here as soon as they enroll. <a href="#/invitations">Create an invitation</a> and open its link on the device.
          </p>
        </div>
      ) : (
        <>
          <p className="table-count" role="status">
            {shown.length === devices.items.length ? `${devices.items.length} ${devices.items.length === 1 ? 'device' : 'devices'}` : `Showing ${shown.length} of ${devices.items.length} devices`}
          </p>
          {shown.length > 0 ? <DeviceTable devices={shown} /> : <p className="muted">No device matches these filters.</p>}
        </>
      )}
    </div>
  );
}
