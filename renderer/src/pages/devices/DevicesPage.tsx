import { useEffect, useMemo, useState } from 'react';
import { currentQuery, replaceQuery } from '../../app/hash-route';
import { LiveMessage, type Message } from '../../components/LiveMessage';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { useMinute } from '../../components/use-now';
import { useLanyard } from '../../state/app-context';
import { NewDeploymentDialog } from '../deployments/NewDeploymentDialog';
import { MoveToFleetDialog } from '../fleets/MoveToFleetDialog';
import { DeviceTable } from './DeviceTable';
import type { DeviceSummary } from '../../../../contract/command-models';
import { defaultDeviceFilter, filterFromQuery, filterToQuery, isFiltered, listedStatuses, matchesDevice, modelOf, type DeviceFilter } from './device-filter';
import { osText } from './device-os-text';
import { enrollmentLabels } from './device-labels';
import { presenceLabels, presences } from './device-presence';
import { deviceComparator, sortFromQuery, sortToQuery, type DeviceSort } from './device-sort';
import { useDeviceSelection } from './use-device-selection';
import './devices.css';

/**
 * Every device under management, live: a device that enrolls or checks in
 * shows up here, and one removed leaves, without reloading. The address
 * keeps the filters, so a view can be bookmarked and the dashboard's
 * numbers land on it; the selected devices can be moved or sent something.
 */
export function DevicesPage() {
  const devices = useLanyard((s) => s.devices);
  const fleets = useLanyard((s) => s.fleets.items);
  const [filter, setFilter] = useState<DeviceFilter>(() => filterFromQuery(currentQuery()));
  const [sort, setSort] = useState<DeviceSort>(() => sortFromQuery(currentQuery()));
  const [action, setAction] = useState<'move' | 'deploy' | null>(null);
  const [message, setMessage] = useState<Message | null>(null);
  // Presence moves with time: the minute is enough for "seen in the last 24 hours".
  const minute = useMinute();
  const fleetNames = useMemo(() => new Map(fleets.map((fleet) => [fleet.id, fleet.name])), [fleets]);
  // The platforms and models present, for their filters (a bookmarked one no device has any more is still offered).
  const platforms = useMemo(() => [...new Set([...devices.items.map((d) => d.platform), ...(filter.platform === 'all' ? [] : [filter.platform])])].sort(), [devices.items, filter.platform]);
  const models = useMemo(() => [...new Set([...devices.items.map(modelOf).filter(Boolean), ...(filter.model === 'all' ? [] : [filter.model])])].sort((a, b) => a.localeCompare(b)), [devices.items, filter.model]);
  const shown = useMemo(() => {
    const matching = devices.items.filter((device) => matchesDevice(device, filter, minute));
    // The store keeps the name order already; any other column sorts a copy.
    return sort.key === 'name' && !sort.descending ? matching : matching.sort(deviceComparator(sort, (id) => fleetNames.get(id) ?? ''));
  }, [devices.items, filter, minute, sort, fleetNames]);
  const selection = useDeviceSelection(shown);
  useEffect(() => replaceQuery(sortToQuery(sort, filterToQuery(filter))), [filter, sort]);
  const change = (patch: Partial<DeviceFilter>) => setFilter((f) => ({ ...f, ...patch }));

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
          <input id="devices-text" className="input" type="search" value={filter.text} onChange={(event) => change({ text: event.target.value })} placeholder="Name, model, serial number, OS version or user" />
        </div>
        <div className="field">
          <label htmlFor="devices-fleet">Fleet</label>
          <select id="devices-fleet" className="input" value={filter.fleetId} onChange={(event) => change({ fleetId: event.target.value })}>
            <option value="all">All fleets</option>
            {fleets.map((fleet) => (
              <option key={fleet.id} value={fleet.id}>
                {fleet.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="devices-channel">Managed by</label>
          <select id="devices-channel" className="input" value={filter.channel} onChange={(event) => change({ channel: event.target.value as DeviceFilter['channel'] })}>
            <option value="all">Both</option>
            <option value="mdm">Apple MDM</option>
            <option value="agent">Lanyard agent</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="devices-status">Status</label>
          <select id="devices-status" className="input" value={filter.status} onChange={(event) => change({ status: event.target.value as DeviceFilter['status'] })}>
            <option value="all">All</option>
            {listedStatuses.map((status) => (
              <option key={status} value={status}>
                {enrollmentLabels[status]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="devices-os">OS</label>
          <select id="devices-os" className="input" value={filter.platform} onChange={(event) => change({ platform: event.target.value })}>
            <option value="all">Any</option>
            {platforms.map((platform) => (
              <option key={platform} value={platform}>
                {osText({ platform: platform as DeviceSummary['platform'], osVersion: '' })}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="devices-model">Model</label>
          <select id="devices-model" className="input" value={filter.model} onChange={(event) => change({ model: event.target.value })}>
            <option value="all">Any</option>
            {models.map((model) => (
              <option key={model} value={model}>
                {model}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="devices-presence">Seen</label>
          <select id="devices-presence" className="input" value={filter.presence} onChange={(event) => change({ presence: event.target.value as DeviceFilter['presence'] })}>
            <option value="all">Any time</option>
            {presences.map((presence) => (
              <option key={presence} value={presence}>
                {presenceLabels[presence]}
              </option>
            ))}
          </select>
        </div>
        <button type="button" className="button button-quiet filters-clear" disabled={!isFiltered(filter)} onClick={() => setFilter(defaultDeviceFilter)}>
          Clear filters
        </button>
      </form>
      {devices.error && (
        <p className="notice notice-error" role="alert">
          {devices.error}
        </p>
      )}
      <LiveMessage message={message} />
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
          <div className="table-toolbar">
            <p className="table-count" role="status">
              {shown.length === devices.items.length ? `${devices.items.length} ${devices.items.length === 1 ? 'device' : 'devices'}` : `Showing ${shown.length} of ${devices.items.length} devices`}
              {selection.selected.size > 0 && `, ${selection.selected.size} selected`}
            </p>
            <div className="selection-actions" aria-label="With the selected devices">
              <button type="button" className="button" disabled={selection.selected.size === 0} onClick={() => setAction('move')}>
                Move to fleet…
              </button>
              <button type="button" className="button" disabled={selection.selected.size === 0} onClick={() => setAction('deploy')}>
                Deploy to selected…
              </button>
              {selection.selected.size > 0 && (
                <button type="button" className="button button-quiet" onClick={selection.clear}>
                  Clear selection
                </button>
              )}
            </div>
          </div>
          {shown.length > 0 ? <DeviceTable devices={shown} fleetNames={fleetNames} selection={selection} sort={sort} onSort={setSort} /> : <p className="muted">No device matches these filters.</p>}
        </>
      )}
      {action === 'move' && (
        <MoveToFleetDialog
          deviceIds={selection.ids}
          onDone={(text) => {
            setAction(null);
            if (text) {
              setMessage({ tone: 'success', text });
              selection.clear();
            }
          }}
        />
      )}
      {action === 'deploy' && <NewDeploymentDialog deviceIds={selection.ids} onCancel={() => setAction(null)} />}
    </div>
  );
}
