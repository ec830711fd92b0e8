import { useState } from 'react';
import type { CommandView } from '../../../../contract/command-models';
import { Loading } from '../../components/Loading';
import { formatDateTime } from '../../components/time-format';
import { useActions, useLanyard } from '../../state/app-context';
import { isCancellable } from '../../state/device-view';
import { errorText } from '../../state/error-text';
import { CommandStatusBadge, resultSummary } from './command-labels';

/** The device's commands, newest first; statuses change live as the device works through them. */
export function CommandHistory() {
  const commands = useLanyard((s) => s.device.commands);
  const loaded = useLanyard((s) => s.device.commandsLoaded);
  const pending = commands.filter(isCancellable).length;
  return (
    <section className="card device-section" aria-labelledby="commands-title">
      <div className="card-head">
        <h2 id="commands-title">Command queue and history</h2>
        <span className="muted">{pending === 0 ? 'Nothing waiting' : `${pending} waiting for the device`}</span>
      </div>
      {!loaded ? (
        <Loading text="Loading commands…" />
      ) : commands.length === 0 ? (
        <p className="muted">No commands yet.</p>
      ) : (
        <div className="table-wrap">
          <table className="data-table command-table">
            <caption className="visually-hidden">Commands, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Command</th>
                <th scope="col">Status</th>
                <th scope="col">When</th>
                <th scope="col">Result</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {commands.map((command) => (
                <CommandRow key={command.commandUuid} command={command} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function CommandRow({ command }: { command: CommandView }) {
  const { cancelCommand } = useActions();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const summary = resultSummary(command);
  const failed = command.status === 'error' || command.status === 'format-error';

  const cancel = async () => {
    setBusy(true);
    setError(null);
    try {
      await cancelCommand(command.commandUuid);
    } catch (failure) {
      setError(errorText(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <tr data-command={command.commandUuid} data-status={command.status}>
      <th scope="row">
        {command.summary}
        <span className="cell-detail">{command.requestType}</span>
      </th>
      <td>
        <CommandStatusBadge status={command.status} />
        {command.notNowCount > 0 && <span className="cell-detail">Not now ×{command.notNowCount}</span>}
      </td>
      <td className="command-times">
        <span>
          Requested <time dateTime={command.queuedAt}>{formatDateTime(command.queuedAt)}</time>
        </span>
        {command.sentAt && (
          <span>
            Sent <time dateTime={command.sentAt}>{formatDateTime(command.sentAt)}</time>
          </span>
        )}
        {command.completedAt && (
          <span>
            {command.status === 'cancelled' ? 'Cancelled' : command.status === 'expired' ? 'Expired' : 'Completed'}{' '}
            <time dateTime={command.completedAt}>{formatDateTime(command.completedAt)}</time>
          </span>
        )}
      </td>
      <td className={failed ? 'command-result command-failed' : 'command-result'}>
        {summary || <span className="muted">—</span>}
        {(command.result || command.errorChain) && (
          <details className="command-raw">
            <summary>Details</summary>
            <pre>{JSON.stringify(command.errorChain ? { ErrorChain: command.errorChain, ...command.result } : command.result, null, 2)}</pre>
          </details>
        )}
      </td>
      <td>
        {isCancellable(command) && (
          <button type="button" className="button button-small" onClick={() => void cancel()} disabled={busy}>
            {busy ? 'Cancelling…' : 'Cancel'}
            <span className="visually-hidden"> {command.summary}</span>
          </button>
        )}
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
      </td>
    </tr>
  );
}
