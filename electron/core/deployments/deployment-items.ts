import { agentCommandNames, type DeviceChannel } from '../../../contract/command-models';
import type { DeploymentItem } from '../../../contract/deployment-models';

/** What one device is sent for an item: a task on its channel, why the item does not apply to it, or why it cannot be sent. */
/** `note`: sent, with something the admin should know about this device (settings it will ignore). */
export type DeviceTaskPlan = { requestType: string; params: Record<string, unknown>; profile?: { profileId: string; version: number }; note?: string } | { notApplicable: string } | { failed: string };

/** What items refer to by id, as the deployment finds them when it sends. */
export interface ItemLookups {
  fileName(id: string): string | null;
  profile(id: string): { name: string; identifier: string } | null;
  /** The library profile's current version and its unsigned plist (the MDM path signs what it sends); its secrets are unsealed for it. */
  profileToInstall(id: string): Promise<{ version: number; plist: string; supervision: { keys: string[]; only: boolean } } | null>;
  /** Tells the library which version of a profile a task is about to install on a device, before the task is stored. */
  noteProfileTask(deviceId: string, profile: { profileId: string; version: number }, task: { uuid: string }): Promise<void>;
}

/**
 * Turns a deployment item into the task for one channel: Apple commands and
 * apps for Apple devices (MDM), agent commands and files for agents.
 */
/** What taskFor needs of the device: its channel, and for Apple devices whether they are supervised. */
export type TaskTarget = { channel: DeviceChannel; platform: string; supervised: boolean | null };

export async function taskFor(item: DeploymentItem, device: TaskTarget, lookups: ItemLookups): Promise<DeviceTaskPlan> {
  const channel = device.channel;
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
    case 'profile': {
      if (channel !== 'mdm') return { notApplicable: 'configuration profiles are for Apple devices; agents get files' };
      const current = await lookups.profileToInstall(item.profileId);
      if (current === null) return { failed: 'the profile was deleted from the library' };
      // Flagged before sending: an unsupervised iPhone or iPad would ignore every setting of this profile.
      const mobile = device.platform === 'ios' || device.platform === 'ipados';
      if (mobile && device.supervised === false && current.supervision.only) return { notApplicable: `needs a supervised device: iOS applies ${current.supervision.keys.slice(0, 5).join(', ')}${current.supervision.keys.length > 5 ? ` and ${current.supervision.keys.length - 5} more` : ''} only under supervision` };
      const ignored = mobile && device.supervised === false && current.supervision.keys.length > 0 ? { note: `this unsupervised device ignores ${current.supervision.keys.slice(0, 5).join(', ')}${current.supervision.keys.length > 5 ? ` and ${current.supervision.keys.length - 5} more` : ''} (supervised only)` } : {};
      return { requestType: 'InstallProfile', params: { profileBase64: Buffer.from(current.plist, 'utf8').toString('base64') }, profile: { profileId: item.profileId, version: current.version }, ...ignored };
    }
  }
}

/** The item for people, as the deployment list shows it. */
export function describeItem(item: DeploymentItem, lookups: ItemLookups): string {
  switch (item.kind) {
    case 'command':
      return item.requestType;
    case 'app':
      return `Install app ${'iTunesStoreId' in item ? item.iTunesStoreId : item.manifestUrl}`;
    case 'file':
      return `Deploy ${lookups.fileName(item.fileId) ?? item.fileId} to ${item.destination}`;
    case 'profile': {
      const profile = lookups.profile(item.profileId);
      return `Install profile ${profile ? `"${profile.name}" (${profile.identifier})` : item.profileId}`;
    }
  }
}
