import type { DeploymentView } from '../../../../contract/deployment-models';
import { ProgressBar } from '../../components/ProgressBar';
import { finishedCount, progressSegments } from './deployment-labels';

/** A deployment's bar: how many devices finished, coloured by how. */
export function DeploymentProgress({ deployment }: { deployment: Pick<DeploymentView, 'counts' | 'total' | 'summary'> }) {
  return <ProgressBar segments={progressSegments(deployment.counts)} total={deployment.total} done={finishedCount(deployment.counts)} label={`Progress of ${deployment.summary}`} />;
}
