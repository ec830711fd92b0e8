import { useEffect, useState } from 'react';
import { deploymentStatuses, type DeploymentStatus } from '../../../../contract/deployment-models';
import { currentQuery, replaceQuery } from '../../app/hash-route';
import { pathTo, type PageProps } from '../../app/paths';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { LiveMessage, type Message } from '../../components/LiveMessage';
import { Loading } from '../../components/Loading';
import { MissingItem } from '../../components/MissingItem';
import { PageHeader } from '../../components/PageHeader';
import { RelativeTime } from '../../components/RelativeTime';
import { formatDateTime } from '../../components/time-format';
import { useActions, useLanyard } from '../../state/app-context';
import { errorText } from '../../state/error-text';
import { deploymentRowsPage } from '../../state/hydration';
import { deploymentState, startedByText, deploymentStatusHints, deploymentStatusLabels, deploymentStatusTones } from './deployment-labels';
import { DeploymentProgress } from './DeploymentProgress';
import './deployments.css';

const statusFromAddress = (): DeploymentStatus | null => {
  const value = currentQuery().get('status');
  return (deploymentStatuses as readonly string[]).includes(value ?? '') ? (value as DeploymentStatus) : null;
};

/** One deployment, live: its bar, each device's part with the reason of a failure, retry and cancel. */
export function DeploymentPage({ params }: PageProps) {
  const id = params.id!;
  const view = useLanyard((s) => s.deployment);
  const { openDeployment, closeDeployment, retryDeployment, cancelDeployment } = useActions();
  const [status, setStatus] = useState<DeploymentStatus | null>(statusFromAddress);
  const [message, setMessage] = useState<Message | null>(null);
  const [canceling, setCanceling] = useState(false);
  const [busy, setBusy] = useState(false);
  const [dialogError, setDialogError] = useState<string | null>(null);

  useEffect(() => {
    void openDeployment(id, status);
    const query = new URLSearchParams();
    if (status) query.set('status', status);
    replaceQuery(query);
  }, [id, status, openDeployment]);
  useEffect(() => () => closeDeployment(id), [id, closeDeployment]);

  const detail = view.id === id ? view.detail : null;
  if (view.id === id && view.missing) {
    return <MissingItem what="deployment" listHref="#/deployments" listLabel="See every deployment" />;
  }
  if (!detail) return view.error ? <p className="notice notice-error">{view.error}</p> : <Loading text="Loading the deployment…" />;

  const state = deploymentState(detail);
  const open = detail.counts.pending;
  const retry = async () => {
    setMessage(null);
    try {
      const failed = detail.counts.failed;
      await retryDeployment(id);
      setMessage({ tone: 'success', text: `Sending it again to ${failed} ${failed === 1 ? 'device' : 'devices'} that failed.` });
    } catch (error) {
      setMessage({ tone: 'error', text: errorText(error) });
    }
  };
  const cancel = async () => {
    setBusy(true);
    setDialogError(null);
    try {
      await cancelDeployment(id);
      setCanceling(false);
      setMessage({ tone: 'success', text: `Canceled for ${open} pending ${open === 1 ? 'device' : 'devices'}; devices that already have it finish it.` });
    } catch (error) {
      setDialogError(errorText(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="page deployment-page">
      <PageHeader title={detail.summary}>
        <p>
          <a href="#/deployments">Deployments</a> · started <RelativeTime iso={detail.startedAt} /> {startedByText(detail)}
          {detail.finishedAt && <> · finished {formatDateTime(detail.finishedAt)}</>}
        </p>
      </PageHeader>
      <section className="card deployment-summary" aria-label="Progress">
        <p>
          <span className={`badge badge-${state.tone}`}>{state.label}</span> {detail.total} {detail.total === 1 ? 'device' : 'devices'}
          {'fleetId' in detail.target && detail.finishedAt === null ? '; devices that join the fleet now get it too' : ''}
        </p>
        <DeploymentProgress deployment={detail} />
        <div className="page-actions">
          <button type="button" className="button" disabled={detail.counts.failed === 0} onClick={() => void retry()}>
            Retry failed ({detail.counts.failed})
          </button>
          <button type="button" className="button button-danger" disabled={open === 0} onClick={() => setCanceling(true)}>
            Cancel pending ({open})
          </button>
        </div>
        <LiveMessage message={message} />
      </section>
      {canceling && (
        <ConfirmDialog title="Cancel the pending part?" confirmLabel={`Cancel for ${open} ${open === 1 ? 'device' : 'devices'}`} tone="danger" busy={busy} busyLabel="Canceling…" error={dialogError} onConfirm={() => void cancel()} onCancel={() => setCanceling(false)}>
          <p>
            {open} {open === 1 ? 'device has' : 'devices have'} not taken it yet and will not get it. Devices that already have it finish it.
          </p>
        </ConfirmDialog>
      )}
      <form className="filters" aria-label="Filter devices" onSubmit={(event) => event.preventDefault()}>
        <div className="field">
          <label htmlFor="deployment-status">Show</label>
          <select id="deployment-status" className="input" value={status ?? 'all'} onChange={(event) => setStatus(event.target.value === 'all' ? null : (event.target.value as DeploymentStatus))}>
            <option value="all">Every device ({detail.total})</option>
            {deploymentStatuses.map((s) => (
              <option key={s} value={s}>
                {deploymentStatusLabels[s]} ({detail.counts[s]})
              </option>
            ))}
          </select>
        </div>
      </form>
      {detail.devices.items.length === 0 ? (
        <p className="muted">No device {status ? `is ${deploymentStatusLabels[status].toLowerCase()}` : 'is in it'}.</p>
      ) : (
        <div className="table-wrap">
          <table className="data-table deployment-device-table">
            <caption className="visually-hidden">Devices of this deployment</caption>
            <thead>
              <tr>
                <th scope="col">Device</th>
                <th scope="col">Status</th>
                <th scope="col">Reason</th>
                <th scope="col">Updated</th>
              </tr>
            </thead>
            <tbody>
              {detail.devices.items.map((row) => (
                <tr key={row.deviceId} data-device-id={row.deviceId}>
                  <th scope="row">
                    <a href={`#${pathTo('/devices/:id', { id: row.deviceId })}`}>{row.deviceName}</a>
                    <span className="cell-detail">{row.channel === 'agent' ? 'Lanyard agent' : 'Apple MDM'}</span>
                  </th>
                  <td>
                    <span className={`badge badge-${deploymentStatusTones[row.status]}`} title={deploymentStatusHints[row.status]}>
                      {deploymentStatusLabels[row.status]}
                    </span>
                  </td>
                  <td className={row.status === 'failed' ? 'deployment-reason' : undefined}>
                    {row.reason ?? (row.note ? '' : '—')}
                    {row.note && <span className="cell-detail">{row.note}</span>}
                  </td>
                  <td className="nowrap">
                    <RelativeTime iso={row.updatedAt} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {detail.devices.nextCursor && <p className="muted">The first {deploymentRowsPage} devices are shown; filter by status to see the others.</p>}
    </div>
  );
}
