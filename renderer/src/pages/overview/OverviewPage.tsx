import { useEffect } from 'react';
import { PageHeader } from '../../components/PageHeader';
import { useActions, useLanyard } from '../../state/app-context';
import { AtAGlance } from './AtAGlance';
import { Dashboard } from './Dashboard';
import { ServerList } from './ServerList';
import { StorageCard } from './StorageCard';
import './overview.css';

/** Home, the dashboard: what needs the admin, devices per fleet, deployments as they run, then the servers and where things are. */
export function OverviewPage() {
  const settings = useLanyard((s) => s.settings);
  const status = useLanyard((s) => s.status);
  const { refreshStatus } = useActions();
  useEffect(() => {
    void refreshStatus();
  }, [refreshStatus]);
  if (!settings || !status) return null;
  const { network, helpdesk } = settings;
  const helpdeskLines = [helpdesk.name, helpdesk.phone, helpdesk.email, helpdesk.website].filter(Boolean);

  return (
    <div className="page overview-page">
      <PageHeader title={settings.organization.name}>
        <p>Your devices and deployments, live, and what needs your attention.</p>
      </PageHeader>
      <AtAGlance />
      <Dashboard />
      <div className="card-grid">
        <section className="card" aria-labelledby="overview-servers">
          <h2 id="overview-servers">Servers</h2>
          <ServerList servers={status.servers} />
        </section>
        <section className="card" aria-labelledby="overview-devices">
          <h2 id="overview-devices">How devices connect</h2>
          <dl className="details">
            <div>
              <dt>Address</dt>
              <dd className="mono">{network.publicHost}</dd>
            </div>
            <div>
              <dt>MDM HTTPS port</dt>
              <dd className="mono">{network.mdmPort}</dd>
            </div>
            <div>
              <dt>Enrollment HTTP port</dt>
              <dd className="mono">{network.enrollmentHttpPort === 0 ? 'Off' : network.enrollmentHttpPort}</dd>
            </div>
          </dl>
        </section>
        <section className="card" aria-labelledby="overview-helpdesk">
          <h2 id="overview-helpdesk">Helpdesk</h2>
          {helpdeskLines.length > 0 ? (
            <ul className="plain-list">
              {helpdeskLines.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          ) : (
            <p className="muted">
              No contacts yet. <a href="#/settings">Add them in Settings</a> so device users know whom to ask.
            </p>
          )}
        </section>
        <StorageCard storage={status.storage} />
        <section className="card" aria-labelledby="overview-install">
          <h2 id="overview-install">This installation</h2>
          <dl className="details">
            <div>
              <dt>Version</dt>
              <dd>{status.version}</dd>
            </div>
            <div>
              <dt>Running as</dt>
              <dd>{status.mode === 'desktop' ? 'Desktop app' : 'Headless server'}</dd>
            </div>
            <div>
              <dt>Data directory</dt>
              <dd className="mono break">{status.dataDir}</dd>
            </div>
          </dl>
        </section>
      </div>
    </div>
  );
}

