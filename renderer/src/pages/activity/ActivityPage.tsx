import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { useActions, useLanyard } from '../../state/app-context';
import { ActivityFilters } from './ActivityFilters';
import { ActivityTable } from './ActivityTable';
import './activity.css';

/** The activity log: filtered, paged backwards with Load more, and live. */
export function ActivityPage() {
  const view = useLanyard((s) => s.activity);
  const { loadMoreActivity } = useActions();
  const firstLoad = view.loading === 'first' && !view.loaded;

  return (
    <div className="page activity-page" aria-busy={view.loading === 'first'}>
      <PageHeader title="Activity">
        <p>What admins, devices and Lanyard itself did, newest first. New entries appear here as they happen.</p>
      </PageHeader>
      <ActivityFilters />
      {view.error && (
        <p className="notice notice-error" role="alert">
          {view.error}
        </p>
      )}
      {firstLoad ? (
        <Loading text="Loading activity…" />
      ) : (
        <>
          <p className="activity-count">
            {view.entries.length === 0 ? 'No activity matches these filters.' : `Showing ${view.entries.length} of ${view.total} entries`}
          </p>
          {view.entries.length > 0 && <ActivityTable entries={view.entries} />}
        </>
      )}
      {view.nextCursor && (
        <div className="load-more">
          <button type="button" className="button" onClick={() => void loadMoreActivity()} disabled={view.loading !== null}>
            {view.loading === 'more' ? 'Loading…' : 'Load more'}
          </button>
        </div>
      )}
    </div>
  );
}
