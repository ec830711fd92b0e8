import { useState } from 'react';
import type { DeviceDetail } from '../../../../contract/command-models';
import type { ProfileOnDevice } from '../../../../contract/profile-models';
import { pathTo } from '../../app/paths';
import { LiveMessage, type Message } from '../../components/LiveMessage';
import { RelativeTime } from '../../components/RelativeTime';
import { formatDateTime } from '../../components/time-format';
import { osText, PushBadge, supervisedText } from '../devices/device-labels';
import { RemoveItemDialog } from './command-dialogs';
import { unavailableReason } from './DeviceActions';
import { bytesText, flattenRecord, text } from './json-display';

function Empty({ children }: { children: string }) {
  return <p className="muted">{children}</p>;
}

export function InventorySection({ device }: { device: DeviceDetail }) {
  const gb = (value: number | null) => (value === null ? '—' : `${value.toFixed(1)} GB`);
  const free = device.capacityGb && device.availableGb !== null ? ` (${Math.round((device.availableGb / device.capacityGb) * 100)} % free)` : '';
  const macs = Object.entries(device.macAddresses);
  return (
    <section className="card device-section" aria-labelledby="inventory-title">
      <div className="card-head">
        <h2 id="inventory-title">Inventory</h2>
        <span className="muted">
          Updated <RelativeTime iso={device.inventoryAt} none="never" />
        </span>
      </div>
      <dl className="details">
        <div>
          <dt>Model</dt>
          <dd>{[device.modelName, device.productName || device.model].filter(Boolean).join(' · ') || '—'}</dd>
        </div>
        <div>
          <dt>Serial number</dt>
          <dd className="mono">{device.serialNumber || '—'}</dd>
        </div>
        <div>
          <dt>UDID</dt>
          <dd className="mono small">{device.udid}</dd>
        </div>
        <div>
          <dt>Operating system</dt>
          <dd>
            {osText(device)}
            {device.buildVersion && ` (${device.buildVersion})`}
          </dd>
        </div>
        <div>
          <dt>Capacity</dt>
          <dd>{gb(device.capacityGb)}</dd>
        </div>
        <div>
          <dt>Free space</dt>
          <dd>
            {gb(device.availableGb)}
            {free}
          </dd>
        </div>
        <div>
          <dt>Battery</dt>
          <dd>{device.batteryLevel === null ? '—' : `${Math.round(device.batteryLevel * 100)} %`}</dd>
        </div>
        <div>
          <dt>MAC addresses</dt>
          <dd>
            {macs.length === 0 ? (
              '—'
            ) : (
              <ul className="plain-list">
                {macs.map(([label, value]) => (
                  <li key={label}>
                    {label}: <span className="mono">{value}</span>
                  </li>
                ))}
              </ul>
            )}
          </dd>
        </div>
        <div>
          <dt>Supervised</dt>
          <dd>{supervisedText(device.supervised)}</dd>
        </div>
        <div>
          <dt>Enrolled</dt>
          <dd>{formatDateTime(device.enrolledAt, 'Not yet')}</dd>
        </div>
        <div>
          <dt>First contact</dt>
          <dd>{formatDateTime(device.authenticatedAt)}</dd>
        </div>
        {device.checkedOutAt && (
          <div>
            <dt>Left management</dt>
            <dd>{formatDateTime(device.checkedOutAt)}</dd>
          </div>
        )}
        {device.invitationId && (
          <div>
            <dt>Invitation</dt>
            <dd>
              <a href={`#${pathTo('/invitations/:id', { id: device.invitationId })}`}>Show the invitation</a>
            </dd>
          </div>
        )}
        <div>
          <dt>Push</dt>
          <dd>
            <PushBadge state={device.pushState} />
            {device.pushDeadReason && <span className="cell-detail">{device.pushDeadReason}</span>}
            {device.lastPushAt && (
              <span className="cell-detail">
                Last push <RelativeTime iso={device.lastPushAt} />
              </span>
            )}
          </dd>
        </div>
        <div>
          <dt>Escrowed tokens</dt>
          <dd>
            Unlock token: {device.hasUnlockToken ? 'yes' : 'no'} · Bootstrap token: {device.hasBootstrapToken ? 'yes' : 'no'}
          </dd>
        </div>
      </dl>
    </section>
  );
}

export function SecuritySection({ device }: { device: DeviceDetail }) {
  const rows = device.security ? flattenRecord(device.security) : [];
  return (
    <section className="card device-section" aria-labelledby="security-title">
      <h2 id="security-title">Security</h2>
      {!device.security ? (
        <Empty>Not reported yet. Refresh the inventory to ask the device.</Empty>
      ) : rows.length === 0 ? (
        <Empty>The device reported nothing.</Empty>
      ) : (
        <dl className="details">
          {rows.map((row) => (
            <div key={row.label}>
              <dt>{row.label}</dt>
              <dd>{row.value}</dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  );
}

type Removal = { kind: 'profile' | 'app'; name: string; identifier: string };

function useRemoval() {
  const [removal, setRemoval] = useState<Removal | null>(null);
  const [message, setMessage] = useState<Message | null>(null);
  return { removal, setRemoval, message, setMessage };
}

function RemoveButton({ name, reason, onClick }: { name: string; reason: string | null; onClick: () => void }) {
  return (
    <button type="button" className="button button-small button-danger-quiet" disabled={reason !== null} title={reason ?? undefined} onClick={onClick}>
      Remove<span className="visually-hidden"> {name}</span>
    </button>
  );
}

/** The confirmation for removing a profile or an app, and what came of it. */
function RemovalOutcome({ device, removal, setRemoval, message, setMessage }: { device: DeviceDetail } & ReturnType<typeof useRemoval>) {
  return (
    <>
      <LiveMessage message={message} />
      {removal && (
        <RemoveItemDialog
          device={device}
          {...removal}
          onCancel={() => setRemoval(null)}
          onQueued={(sentence) => {
            setRemoval(null);
            setMessage({ tone: 'success', text: sentence });
          }}
        />
      )}
    </>
  );
}

export function ProfilesSection({ device }: { device: DeviceDetail }) {
  const { removal, setRemoval, message, setMessage } = useRemoval();
  const reason = unavailableReason(device, ['RemoveProfile']);
  const profiles = device.profiles ?? [];
  const library = new Map(device.libraryProfiles.map((entry) => [entry.identifier, entry]));
  // Library profiles on their way that the device does not list yet.
  const coming = device.libraryProfiles.filter((entry) => !profiles.some((profile) => text(profile.PayloadIdentifier) === entry.identifier));
  return (
    <section className="card device-section" aria-labelledby="profiles-title">
      <h2 id="profiles-title">Profiles</h2>
      {coming.length > 0 && (
        <ul className="plain-list">
          {coming.map((entry) => (
            <li key={entry.profileId}>
              <a href={`#${pathTo('/profiles/:id', { id: entry.profileId })}`}>{entry.name}</a> <LibraryVersion entry={entry} />
            </li>
          ))}
        </ul>
      )}
      {!device.profiles ? (
        <Empty>Not reported yet. Refresh the inventory to ask the device.</Empty>
      ) : profiles.length === 0 ? (
        <Empty>No profiles are installed.</Empty>
      ) : (
        <div className="table-wrap">
          <table className="data-table">
            <caption className="visually-hidden">Installed configuration profiles</caption>
            <thead>
              <tr>
                <th scope="col">Profile</th>
                <th scope="col">Identifier</th>
                <th scope="col">Installed by</th>
                <th scope="col">Library version</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {profiles.map((profile, index) => {
                const identifier = text(profile.PayloadIdentifier);
                const name = text(profile.PayloadDisplayName) || identifier || `Profile ${index + 1}`;
                const managed = profile.IsManaged === true;
                return (
                  <tr key={identifier || index}>
                    <th scope="row">
                      {name}
                      {text(profile.PayloadOrganization) && <span className="cell-detail">{text(profile.PayloadOrganization)}</span>}
                    </th>
                    <td className="mono small break">{identifier}</td>
                    <td>{managed ? 'Lanyard' : 'The user'}</td>
                    <td>{library.has(identifier) ? <LibraryVersion entry={library.get(identifier)!} link /> : <span className="muted small">Not from the library</span>}</td>
                    <td>
                      {managed && identifier ? (
                        <RemoveButton name={name} reason={reason} onClick={() => {
                            setMessage(null);
                            setRemoval({ kind: 'profile', name, identifier });
                          }} />
                      ) : (
                        <span className="muted small" title="Only profiles installed through Lanyard can be removed by it.">
                          —
                        </span>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <RemovalOutcome device={device} removal={removal} setRemoval={setRemoval} message={message} setMessage={setMessage} />
    </section>
  );
}

/** Which version of a library profile the device has, against the library's. */
function LibraryVersion({ entry, link = false }: { entry: ProfileOnDevice; link?: boolean }) {
  const has = entry.installedVersion;
  const state =
    entry.pendingVersion !== null
      ? `installing version ${entry.pendingVersion}`
      : entry.failure
        ? `install failed: ${entry.failure}`
        : has === null
          ? 'not installed'
          : has < entry.libraryVersion
            ? `out of date (the library is at ${entry.libraryVersion})`
            : 'current';
  const label = has === null ? state : `Version ${has}, ${state}`;
  const tone = entry.failure && entry.pendingVersion === null ? 'danger' : has !== null && has < entry.libraryVersion && entry.pendingVersion === null ? 'warning' : '';
  return (
    <span className={`library-version ${tone}`} data-testid="library-version">
      {link ? <a href={`#${pathTo('/profiles/:id', { id: entry.profileId })}`}>{label}</a> : label}
    </span>
  );
}

export function AppsSection({ device }: { device: DeviceDetail }) {
  const { removal, setRemoval, message, setMessage } = useRemoval();
  const reason = unavailableReason(device, ['RemoveApplication']);
  const apps = [...(device.apps ?? [])].sort((a, b) => (text(a.Name) || text(a.Identifier)).localeCompare(text(b.Name) || text(b.Identifier)));
  return (
    <section className="card device-section" aria-labelledby="apps-title">
      <div className="card-head">
        <h2 id="apps-title">Apps</h2>
        {device.apps && <span className="muted">{apps.length === 1 ? '1 app' : `${apps.length} apps`}</span>}
      </div>
      {!device.apps ? (
        <Empty>Not reported yet. Refresh the inventory to ask the device.</Empty>
      ) : apps.length === 0 ? (
        <Empty>No apps are listed.</Empty>
      ) : (
        <div className="table-wrap app-table-wrap">
          <table className="data-table">
            <caption className="visually-hidden">Installed apps</caption>
            <thead>
              <tr>
                <th scope="col">App</th>
                <th scope="col">Identifier</th>
                <th scope="col">Version</th>
                <th scope="col" className="number">
                  Size
                </th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {apps.map((app, index) => {
                const identifier = text(app.Identifier);
                const name = text(app.Name) || identifier || `App ${index + 1}`;
                const version = [text(app.ShortVersion), text(app.Version) && `(${text(app.Version)})`].filter(Boolean).join(' ');
                return (
                  <tr key={identifier || index}>
                    <th scope="row">{name}</th>
                    <td className="mono small break">{identifier}</td>
                    <td>{version || '—'}</td>
                    <td className="number nowrap">{bytesText(app.BundleSize)}</td>
                    <td>
                      {identifier && (
                        <RemoveButton name={name} reason={reason} onClick={() => {
                            setMessage(null);
                            setRemoval({ kind: 'app', name, identifier });
                          }} />
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <RemovalOutcome device={device} removal={removal} setRemoval={setRemoval} message={message} setMessage={setMessage} />
    </section>
  );
}

export function LocationSection({ device }: { device: DeviceDetail }) {
  const location = device.location;
  const latitude = typeof location?.Latitude === 'number' ? location.Latitude : null;
  const longitude = typeof location?.Longitude === 'number' ? location.Longitude : null;
  const accuracy = typeof location?.HorizontalAccuracy === 'number' ? location.HorizontalAccuracy : null;
  const when = text(location?.Timestamp) || text(location?.receivedAt);
  return (
    <section className="card device-section" aria-labelledby="location-title">
      <h2 id="location-title">Location</h2>
      {latitude === null || longitude === null ? (
        <Empty>No location yet. A device in lost mode can be located with Locate.</Empty>
      ) : (
        <div className="stack">
          <dl className="details">
            <div>
              <dt>Latitude, longitude</dt>
              <dd className="mono">
                {latitude.toFixed(6)}, {longitude.toFixed(6)}
              </dd>
            </div>
            {accuracy !== null && (
              <div>
                <dt>Accuracy</dt>
                <dd>± {Math.round(accuracy)} m</dd>
              </div>
            )}
            {when && (
              <div>
                <dt>Located</dt>
                <dd>
                  {formatDateTime(when)} (<RelativeTime iso={when} />)
                </dd>
              </div>
            )}
          </dl>
          <p>
            <a
              className="button"
              href={`https://www.openstreetmap.org/?mlat=${latitude}&mlon=${longitude}#map=17/${latitude}/${longitude}`}
              target="_blank"
              rel="noopener noreferrer"
            >
              Open in OpenStreetMap ↗
            </a>
          </p>
        </div>
      )}
    </section>
  );
}
