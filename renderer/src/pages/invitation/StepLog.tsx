import { Loading } from '../../components/Loading';
import { formatDateTime } from '../../components/time-format';
import { useLanyard } from '../../state/app-context';
import { actorLabels, outcomeLabels } from '../activity/activity-labels';

/** Every step taken with this invitation (created, page opened, profiles downloaded, enrolled…), newest first and live. */
export function StepLog() {
  const view = useLanyard((s) => s.subjectLog.view);
  return (
    <section className="card" aria-labelledby="invitation-steps-title">
      <div className="card-head">
        <h2 id="invitation-steps-title">Steps</h2>
        <span className="muted">New steps appear here as devices take them.</span>
      </div>
      {view.error && (
        <p className="notice notice-error" role="alert">
          {view.error}
        </p>
      )}
      {!view.loaded ? (
        <Loading text="Loading the steps…" />
      ) : view.entries.length === 0 ? (
        <p className="muted">Nothing has happened with this invitation yet.</p>
      ) : (
        <div className="table-wrap">
          <table className="data-table step-log">
            <caption className="visually-hidden">Steps taken with this invitation, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">By</th>
                <th scope="col">Step</th>
                <th scope="col">Outcome</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {view.entries.map((entry) => (
                <tr key={entry.id}>
                  <td className="nowrap">
                    <time dateTime={entry.at}>{formatDateTime(entry.at)}</time>
                  </td>
                  <td>{actorLabels[entry.actor]}</td>
                  <td>{entry.action}</td>
                  <td>
                    <span className={`badge badge-${entry.outcome}`}>{outcomeLabels[entry.outcome]}</span>
                  </td>
                  <td className="break">{entry.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
