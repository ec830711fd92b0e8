import type { DeploymentService } from '../../deployments/deployment-service';
import type { Handler } from '../dispatcher';

type Names = 'deployments.create' | 'deployments.list' | 'deployments.get' | 'deployments.retry' | 'deployments.cancel';

/** Deployments: one item or command to a fleet, some devices or all, with per-device progress. */
export function deploymentHandlers(deployments: DeploymentService): { [K in Names]: Handler<K> } {
  const subject = (id: string, label: string) => ({ type: 'deployment', id, label });
  return {
    'deployments.create': async ({ item, target }, context) => {
      const deployment = await deployments.create(item, target, context.origin === 'desktop' ? 'admin' : 'script');
      context.audit = { subject: subject(deployment.id, deployment.summary), message: `Started a deployment: ${deployment.summary}` };
      return deployment;
    },
    'deployments.list': (page) => deployments.list(page),
    'deployments.get': ({ id, status, ...page }) => ({ ...deployments.get(id), devices: deployments.devices(id, page, status) }),
    'deployments.retry': async ({ id }, context) => {
      const { deployment, retried } = await deployments.retry(id);
      context.audit = { subject: subject(id, deployment.summary), message: `Retried ${retried} failed device${retried === 1 ? '' : 's'} of "${deployment.summary}"` };
      return deployment;
    },
    'deployments.cancel': async ({ id }, context) => {
      const { deployment, canceled } = await deployments.cancel(id);
      context.audit = { subject: subject(id, deployment.summary), message: `Canceled "${deployment.summary}" for ${canceled} device${canceled === 1 ? '' : 's'} not done yet` };
      return deployment;
    },
  };
}
