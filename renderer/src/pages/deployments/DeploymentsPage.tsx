import { useState } from 'react';
import type { DeploymentView } from '../../../../contract/deployment-models';
import { pathTo } from '../../app/paths';
import { ListStatus } from '../../components/ListStatus';
import { PageHeader } from '../../components/PageHeader';
import { RelativeTime } from '../../components/RelativeTime';
import { useLanyard } from '../../state/app-context';
import { recentDeployments } from '../../state/hydration';
import { startedByText, deploymentState } from './deployment-labels';
import { DeploymentProgress } from './DeploymentProgress';
import { NewDeploymentDialog } from './NewDeploymentDialog';
import './deployments.css';

/** Every recent deployment with its live progress, and the way to start one. */
export function DeploymentsPage() {
  const deployments = useLanyard((s) => s.deployments);
  const [creating, setCreating] = useState(false);
  return (
    <div className="page deployments-page">
      <PageHeader title="Deployments">
        <p>One command, app or file sent to a fleet, to chosen devices or to every device, with each device's progress live. Apple devices and PCs with the agent alike.</p>
      </PageHeader>
      <div className="page-actions">
        <button type="button" className="button button-primary" onClick={() => setCreating(true)}>
          New deployment…
        </button>
      </div>
      {creating && <NewDeploymentDialog onCancel={() => setCreating(false)} />}
      <ListStatus
        list={deployments}
        loadingText="Loading deployments…"
        empty={
          <div className="card empty-state">
            <h2>No deployments yet</h2>
            <p>Start one to send a command, an app or a file to many devices at once.</p>
          </div>
        }
      >
        <>
          <DeploymentTable deployments={deployments.items} />
          {deployments.items.length >= recentDeployments && <p className="muted">The {recentDeployments} most recent deployments are shown.</p>}
        </>
      </ListStatus>
    </div>
  );
}

function DeploymentTable({ deployments }: { deployments: readonly DeploymentView[] }) {
  return (
    <div className="table-wrap">
      <table className="data-table deployment-table">
        <caption className="visually-hidden">Deployments</caption>
        <thead>
          <tr>
            <th scope="col">Deployment</th>
            <th scope="col">State</th>
            <th scope="col">Progress</th>
            <th scope="col">Started</th>
          </tr>
        </thead>
        <tbody>
          {deployments.map((deployment) => {
            const state = deploymentState(deployment);
            return (
              <tr key={deployment.id} data-deployment-id={deployment.id}>
                <th scope="row">
                  <a href={`#${pathTo('/deployments/:id', { id: deployment.id })}`}>{deployment.summary}</a>
                  <span className="cell-detail">
                    {deployment.total} {deployment.total === 1 ? 'device' : 'devices'}
                  </span>
                </th>
                <td>
                  <span className={`badge badge-${state.tone}`}>{state.label}</span>
                </td>
                <td className="deployment-progress-cell">
                  <DeploymentProgress deployment={deployment} />
                </td>
                <td className="nowrap">
                  <RelativeTime iso={deployment.startedAt} />
                  <span className="cell-detail">{startedByText(deployment)}</span>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
