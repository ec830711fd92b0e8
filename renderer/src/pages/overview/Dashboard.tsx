import { useMemo, useState } from 'react';
import { pathTo } from '../../app/paths';
import { useMinute } from '../../components/use-now';
import { useActions, useLanyard } from '../../state/app-context';
import { errorText } from '../../state/error-text';
import { DeploymentProgress } from '../deployments/DeploymentProgress';
import { devicesLink } from '../devices/device-filter';
import { presenceLabels, type Presence } from '../devices/device-presence';
import { fleetFigures, healthAlerts } from './dashboard-figures';

const shownPresences: readonly Presence[] = ['online', 'recent', 'silent'];

/** The first page after setup: what needs the admin, devices per fleet, and deployments as they run. */
export function Dashboard() {
  return (
    <div className="dashboard">
      <HealthAlerts />
      <FleetPresence />
      <div className="card-grid">
        <RunningDeployments />
        <RecentFailures />
      </div>
    </div>
  );
}

function HealthAlerts() {
  const push = useLanyard((s) => s.push.value);
  const pki = useLanyard((s) => s.pki.value);
  const servers = useLanyard((s) => s.status?.servers);
  const devices = useLanyard((s) => s.devices.items);
  const now = useMinute();
  const alerts = useMemo(() => healthAlerts({ push, pki, servers: servers ?? [], devices, now }), [push, pki, servers, devices, now]);
  return (
    <section className="card dashboard-alerts" aria-labelledby="dashboard-alerts">
      <h2 id="dashboard-alerts">Needs your attention</h2>
      {alerts.length === 0 ? (
        <p className="muted">Nothing: certificates are valid, every server runs and every device has been seen lately.</p>
      ) : (
        <ul className="alert-list">
          {alerts.map((alert) => (
            <li key={alert.id} className={`notice notice-${alert.tone === 'error' ? 'error' : 'warning'}`} data-alert={alert.id}>
              <a href={alert.href}>{alert.text}</a>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function FleetPresence() {
  const fleets = useLanyard((s) => s.fleets.items);
  const devices = useLanyard((s) => s.devices.items);
  const loaded = useLanyard((s) => s.devices.loaded && s.fleets.loaded);
  const now = useMinute();
  const rows = useMemo(() => fleetFigures(fleets, devices, now), [fleets, devices, now]);
  return (
    <section className="card" aria-labelledby="dashboard-fleets">
      <h2 id="dashboard-fleets">Devices by fleet</h2>
      {!loaded ? (
        <p className="muted">Loading…</p>
      ) : (
        <div className="table-wrap">
          <table className="data-table fleet-presence-table">
            <caption className="visually-hidden">Devices by fleet: how many are online, recently seen and silent</caption>
            <thead>
              <tr>
                <th scope="col">Fleet</th>
                <th scope="col" className="number">
                  Devices
                </th>
                {shownPresences.map((presence) => (
                  <th key={presence} scope="col" className="number">
                    {presenceLabels[presence]}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => {
                const fleet = row.fleetId === null ? {} : { fleetId: row.fleetId };
                return (
                  <tr key={row.fleetId ?? 'all'} data-fleet-id={row.fleetId ?? 'all'}>
                    <th scope="row">{row.name}</th>
                    <td className="number">
                      <a href={devicesLink(fleet)} data-figure="total">
                        {row.total}
                      </a>
                    </td>
                    {shownPresences.map((presence) => (
                      <td key={presence} className="number">
                        <a href={devicesLink({ ...fleet, presence })} data-figure={presence} aria-label={`${row.byPresence[presence]} ${presenceLabels[presence].toLowerCase()} in ${row.name}`}>
                          {row.byPresence[presence]}
                        </a>
                      </td>
                    ))}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <p className="muted">
        Online: agents connected now. Apple devices are reached by push; they count as seen when they last checked in. <a href="#/fleets">Manage fleets</a>
      </p>
    </section>
  );
}

function RunningDeployments() {
  const deployments = useLanyard((s) => s.deployments.items);
  const running = deployments.filter((d) => d.finishedAt === null);
  return (
    <section className="card" aria-labelledby="dashboard-running">
      <h2 id="dashboard-running">Deployments in progress</h2>
      {running.length === 0 ? (
        <p className="muted">
          None right now. <a href="#/deployments">Start a deployment</a>
        </p>
      ) : (
        <ul className="plain-list dashboard-deployments">
          {running.slice(0, 10).map((deployment) => (
            <li key={deployment.id} data-deployment-id={deployment.id}>
              <a href={`#${pathTo('/deployments/:id', { id: deployment.id })}`}>{deployment.summary}</a>
              <DeploymentProgress deployment={deployment} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function RecentFailures() {
  const deployments = useLanyard((s) => s.deployments.items);
  const failing = deployments.filter((d) => d.counts.failed > 0).slice(0, 5);
  const { retryDeployment } = useActions();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const retry = (id: string) =>
    retryDeployment(id).then(
      () => setErrors(({ [id]: _gone, ...rest }) => rest),
      (error: unknown) => setErrors((e) => ({ ...e, [id]: errorText(error) })),
    );
  return (
    <section className="card" aria-labelledby="dashboard-failures">
      <h2 id="dashboard-failures">Recent failures</h2>
      {failing.length === 0 ? (
        <p className="muted">No deployment has a failed device.</p>
      ) : (
        <ul className="plain-list dashboard-deployments">
          {failing.map((deployment) => (
            <li key={deployment.id} data-deployment-id={deployment.id}>
              <a href={`#${pathTo('/deployments/:id', { id: deployment.id })}?status=failed`}>
                {deployment.summary}: {deployment.counts.failed} failed
              </a>
              {deployment.failure && (
                <span className="deployment-reason">
                  {deployment.failure.deviceName}: {deployment.failure.reason}
                </span>
              )}
              <button type="button" className="button" onClick={() => void retry(deployment.id)}>
                Retry {deployment.counts.failed} failed
              </button>
              {errors[deployment.id] && (
                <p className="notice notice-error" role="alert">
                  {errors[deployment.id]}
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
