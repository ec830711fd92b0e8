import { agentCommandNames, type DeviceChannel } from '../../../contract/command-models';
import type { DeploymentItem } from '../../../contract/deployment-models';

/** What one device is sent for an item: a task on its channel, or why the item does not apply to it. */
export type DeviceTaskPlan = { requestType: string; params: Record<string, unknown> } | { notApplicable: string };

/**
 * Turns a deployment item into the task for one channel: Apple commands and
 * apps for Apple devices (MDM), agent commands and files for agents.
 */
export function taskFor(item: DeploymentItem, channel: DeviceChannel): DeviceTaskPlan {
  switch (item.kind) {
    case 'command': {
      const { kind: _kind, requestType, ...params } = item;
      const forAgents = (agentCommandNames as readonly string[]).includes(requestType);
      if (forAgents !== (channel === 'agent')) return { notApplicable: forAgents ? `${requestType} is for Lanyard agents; this is an Apple device` : `${requestType} is an Apple MDM command; this device runs the Lanyard agent` };
      return { requestType, params };
    }
    case 'app':
      if (channel !== 'mdm') return { notApplicable: 'apps are installed on Apple devices; agents get files' };
      return { requestType: 'InstallApplication', params: 'iTunesStoreId' in item ? { iTunesStoreId: item.iTunesStoreId } : { manifestUrl: item.manifestUrl } };
    case 'file':
      if (channel !== 'agent') return { notApplicable: 'files are deployed to Lanyard agents; Apple devices get profiles and apps' };
      return { requestType: 'DeployFile', params: { fileId: item.fileId, destination: item.destination } };
  }
}

/** The item for people, as the deployment list shows it. */
export function describeItem(item: DeploymentItem, fileName: (id: string) => string | null): string {
  switch (item.kind) {
    case 'command':
      return item.requestType;
    case 'app':
      return `Install app ${'iTunesStoreId' in item ? item.iTunesStoreId : item.manifestUrl}`;
    case 'file':
      return `Deploy ${fileName(item.fileId) ?? item.fileId} to ${item.destination}`;
  }
}
