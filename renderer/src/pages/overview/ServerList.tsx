import type { ServerStatus } from '../../../../contract/models';

const names: Record<string, string> = { admin: 'Admin UI and API', 'device HTTPS': 'Device HTTPS (MDM)', 'enrollment HTTP': 'Enrollment page (HTTP)' };
const states: Record<ServerStatus['state'], string> = { starting: 'Starting', running: 'Running', stopped: 'Stopped', failed: 'Failed', disabled: 'Off' };

export function ServerList({ servers }: { servers: ServerStatus[] }) {
  if (servers.length === 0) return <p className="muted">No servers run in this mode.</p>;
  return (
    <ul className="server-list">
      {servers.map((server) => (
        <li key={server.name}>
          <span className={`badge badge-${server.state}`}>{states[server.state]}</span>
          <span className="server-name">{names[server.name] ?? capitalized(server.name)}</span>
          {server.url && <span className="server-url mono">{server.url}</span>}
          {server.error && <span className="server-error">{server.error}</span>}
        </li>
      ))}
    </ul>
  );
}

function capitalized(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}
