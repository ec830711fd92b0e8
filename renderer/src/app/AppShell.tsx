import { useActions, useLanyard } from '../state/app-context';
import { ConnectionBadge } from './ConnectionBadge';
import { useHashPath } from './hash-route';
import { NotFoundPage } from './NotFoundPage';
import { findRoute, routes } from './routes';

/** The frame around every page: top bar, navigation, and the current page. */
export function AppShell() {
  const path = useHashPath();
  const route = findRoute(path);
  const organization = useLanyard((s) => s.settings?.organization.name ?? '');
  const transport = useLanyard((s) => s.transport);
  const { signOut } = useActions();
  return (
    <div className="shell">
      <header className="topbar">
        <a className="brand" href="#/">
          Lanyard
        </a>
        <span className="topbar-org" title={organization}>
          {organization}
        </span>
        <div className="topbar-end">
          <ConnectionBadge />
          {transport === 'http' && (
            <button type="button" className="button button-quiet" onClick={signOut}>
              Sign out
            </button>
          )}
        </div>
      </header>
      <nav className="sidenav" aria-label="Main">
        <ul>
          {routes.map((r) => (
            <li key={r.path}>
              <a href={`#${r.path}`} aria-current={r === route ? 'page' : undefined}>
                {r.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main className="content">{route ? <route.Page key={route.path} /> : <NotFoundPage />}</main>
    </div>
  );
}
