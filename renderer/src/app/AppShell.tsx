import { useEffect } from 'react';
import { useActions, useLanyard } from '../state/app-context';
import { ConnectionBadge } from './ConnectionBadge';
import { useHashPath } from './hash-route';
import { NotFoundPage } from './NotFoundPage';
import { matchRoute, navigation } from './routes';

/** The frame around every page: top bar, navigation, and the current page. */
export function AppShell() {
  const path = useHashPath();
  const match = matchRoute(path);
  const organization = useLanyard((s) => s.settings?.organization.name ?? '');
  const transport = useLanyard((s) => s.transport);
  const { signOut } = useActions();
  const pageKey = match?.key ?? path;
  // A new page starts at its top, as it would after a full page load.
  useEffect(() => {
    window.scrollTo(0, 0);
  }, [pageKey]);
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
          {navigation.map((r) => (
            <li key={r.path}>
              <a href={`#${r.path}`} aria-current={r.section === match?.route.section ? 'page' : undefined}>
                {r.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main className="content">{match ? <match.route.Page key={match.key} params={match.params} /> : <NotFoundPage />}</main>
    </div>
  );
}
