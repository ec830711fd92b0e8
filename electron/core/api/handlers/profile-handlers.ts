import { ApiError } from '../../../../contract/errors';
import type { DeploymentService } from '../../deployments/deployment-service';
import type { ProfileService } from '../../profiles/profile-service';
import type { Handler } from '../dispatcher';

type Names = 'profiles.list' | 'profiles.get' | 'profiles.create' | 'profiles.preview' | 'profiles.import' | 'profiles.update' | 'profiles.remove' | 'profiles.mobileconfig' | 'profiles.updateDevices';

/** The profile library: build, import, change (a new version each time), delete, export signed. */
export function profileHandlers(profiles: ProfileService, deployments: DeploymentService): { [K in Names]: Handler<K> } {
  const subject = (id: string, label: string) => ({ type: 'profile', id, label });
  return {
    'profiles.list': (page) => profiles.list(page),
    'profiles.get': ({ id }) => profiles.get(id),
    'profiles.create': async (input, context) => {
      const profile = await profiles.create(input);
      context.audit = { subject: subject(profile.id, profile.name), message: `Created the profile "${profile.name}" (${profile.identifier})` };
      return profile;
    },
    'profiles.preview': (input) => profiles.preview(input),
    'profiles.import': async ({ content }, context) => {
      const profile = await profiles.importProfile(content);
      context.audit = { subject: subject(profile.id, profile.name), message: `Imported the profile "${profile.name}" (${profile.identifier}, ${profile.payloads.length} payload${profile.payloads.length === 1 ? '' : 's'}${profile.source === 'imported-signed' ? ', its signature replaced by the office' : ''})` };
      return profile;
    },
    'profiles.update': async (input, context) => {
      const { profile, changed } = await profiles.update(input);
      context.audit = { subject: subject(profile.id, profile.name), message: changed ? `Changed the profile "${profile.name}": now version ${profile.version}` : `Saved the profile "${profile.name}" unchanged (version ${profile.version})` };
      return profile;
    },
    'profiles.remove': async ({ id, removeFromDevices }, context) => {
      const profile = profiles.get(id);
      const holders = removeFromDevices ? profiles.devicesWith(id) : [];
      // Sent before the profile leaves the library: RemoveProfile needs only its identifier.
      const removal = holders.length > 0 ? await deployments.create({ kind: 'command', requestType: 'RemoveProfile', identifier: profile.identifier }, { deviceIds: holders }, context.origin === 'desktop' ? 'admin' : 'script') : null;
      const removed = await profiles.remove(id);
      context.audit = {
        subject: subject(id, removed.name),
        message: removal ? `Deleted the profile "${removed.name}" from the library and sent RemoveProfile to the ${holders.length} device${holders.length === 1 ? '' : 's'} that had it` : `Deleted the profile "${removed.name}" from the library; devices that have it keep it`,
      };
      return { profile: profiles.viewOfRemoved(removed), removal: removal ? { deploymentId: removal.id, devices: holders.length } : null };
    },
    'profiles.mobileconfig': ({ id, version }) => profiles.mobileconfig(id, version),
    'profiles.updateDevices': async ({ id }, context) => {
      const profile = profiles.get(id);
      const deviceIds = profiles.outOfDateDevices(id);
      if (deviceIds.length === 0) throw new ApiError('conflict', `no device has an older version of "${profile.name}" than version ${profile.version} (or its update is already on its way)`);
      const deployment = await deployments.create({ kind: 'profile', profileId: id }, { deviceIds }, context.origin === 'desktop' ? 'admin' : 'script');
      context.audit = { subject: { type: 'profile', id, label: profile.name }, message: `Sent version ${profile.version} of "${profile.name}" to the ${deviceIds.length} device${deviceIds.length === 1 ? '' : 's'} that had an older one` };
      return deployment;
    },
  };
}
