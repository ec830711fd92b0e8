import type { DeploymentDetail, DeploymentStatus, DeploymentView } from '../../../contract/deployment-models';

/** The one deployment whose page is open: its progress and a page of its devices, optionally those with one status. */
export interface OpenDeploymentView {
  id: string | null;
  detail: DeploymentDetail | null;
  /** Only the devices with this status; null: all of them. */
  status: DeploymentStatus | null;
  loaded: boolean;
  /** The core knows no deployment with this id. */
  missing: boolean;
  error: string | null;
}

export const emptyOpenDeployment: OpenDeploymentView = { id: null, detail: null, status: null, loaded: false, missing: false, error: null };

/** Newest first, as deployments.list pages them. */
export const newestDeploymentFirst = (a: DeploymentView, b: DeploymentView): number => b.startedAt.localeCompare(a.startedAt) || b.id.localeCompare(a.id);

/** A deployments.changed for the open deployment: its counts now, its device rows once they are read again. */
export function withDeploymentProgress(view: OpenDeploymentView, deployment: DeploymentView): OpenDeploymentView {
  if (view.id !== deployment.id || !view.detail) return view;
  return { ...view, detail: { ...view.detail, ...deployment } };
}

/** Still going: some device has not reached a final status. */
export const isRunning = (deployment: Pick<DeploymentView, 'finishedAt'>): boolean => deployment.finishedAt === null;
