import type { CallInput, CallOutput } from '../../../contract/api';
import type { CommandView, DeviceSummary, EnqueueCommandInput } from '../../../contract/command-models';
import type { DeploymentStatus, DeploymentView } from '../../../contract/deployment-models';
import type { Invitation, PkiStatus } from '../../../contract/enrollment-models';
import type { FileView } from '../../../contract/file-models';
import type { BlueprintItem, BlueprintView } from '../../../contract/blueprint-models';
import type { FleetView } from '../../../contract/fleet-models';
import type { ProfileView } from '../../../contract/profile-models';
import type { Settings, SettingsPatch, SetupInput } from '../../../contract/models';
import type { LiveClient } from '../client/live-client';
import type { ActivityFilters } from './activity-view';
import { applyDeviceChanges } from './device-list';
import { newestDeploymentFirst, withDeploymentProgress } from './deployment-view';
import { withCommand } from './device-view';
import type { Hydrator } from './hydration';
import { withChanges } from './keyed-list';
import { clearedServerState, type LanyardStore } from './lanyard-store';
import { fileOrder, fleetOrder, newestInvitationFirst, profileOrder, withItem, withoutItem } from './server-lists';

/** What the UI can ask for. Calls that change things resolve with the new truth, or reject with an ApiError. */
export interface LanyardActions {
  retryLoading(): Promise<void>;
  /** Server states change without an event (e.g. after a port change); pages that show them ask again. */
  refreshStatus(): Promise<void>;
  signIn(token: string): Promise<void>;
  signOut(): void;
  completeSetup(input: SetupInput): Promise<void>;
  saveSettings(patch: SettingsPatch): Promise<Settings>;
  setActivityFilters(filters: ActivityFilters): Promise<void>;
  loadMoreActivity(): Promise<void>;
  loadNetworkCandidates(): Promise<void>;

  createInvitation(input: CallInput<'invitations.create'>): Promise<Invitation>;
  revokeInvitation(id: string): Promise<Invitation>;
  /** Fetches the QR code of an invitation into the store (once per URL). */
  loadInvitationQr(invitation: Pick<Invitation, 'id' | 'url'>): Promise<void>;
  /** The QR code as SVG, for downloading; not kept. */
  invitationQrSvg(id: string): Promise<CallOutput<'invitations.qrSvg'>>;
  /** Shows the steps of one invitation, live, until closed. */
  openSubjectLog(subjectId: string): Promise<void>;
  closeSubjectLog(subjectId: string): void;

  importPushCertificate(input: CallInput<'push.importCertificate'>): Promise<CallOutput<'push.importCertificate'>>;
  createPushCsr(input: CallInput<'push.createCsr'>): Promise<CallOutput<'push.createCsr'>>;
  importTlsCertificate(input: CallInput<'pki.importTlsCertificate'>): Promise<PkiStatus>;
  useOfficeTlsCertificate(): Promise<PkiStatus>;

  /** Loads a device's detail and commands and keeps them live until closed. */
  openDevice(id: string): Promise<void>;
  closeDevice(id: string): void;
  enqueueCommand(input: EnqueueCommandInput): Promise<CallOutput<'commands.enqueue'>>;
  cancelCommand(uuid: string): Promise<CommandView>;
  /** Removes an Apple device; asks an agent to unenrol (`force`: removes it at once, without the agent's acknowledgement). */
  removeDevice(id: string, options?: { force?: boolean }): Promise<DeviceSummary>;

  uploadFile(name: string, content: Uint8Array<ArrayBuffer>): Promise<FileView>;
  deleteFile(id: string): Promise<FileView>;

  createFleet(name: string): Promise<FleetView>;
  renameFleet(id: string, name: string): Promise<FleetView>;
  /** Deletes a fleet; its devices go back to the default fleet. */
  removeFleet(id: string): Promise<void>;
  moveDevices(fleetId: string, deviceIds: string[]): Promise<CallOutput<'fleets.moveDevices'>>;

  createDeployment(input: CallInput<'deployments.create'>): Promise<DeploymentView>;
  retryDeployment(id: string): Promise<DeploymentView>;
  cancelDeployment(id: string): Promise<DeploymentView>;
  /** Shows one deployment's progress and devices, live, until closed; `status` keeps only the devices with it. */
  openDeployment(id: string, status?: DeploymentStatus | null): Promise<void>;
  closeDeployment(id: string): void;

  importProfile(content: Uint8Array<ArrayBuffer>): Promise<ProfileView>;
  createProfile(input: CallInput<'profiles.create'>): Promise<ProfileView>;
  updateProfile(input: CallInput<'profiles.update'>): Promise<ProfileView>;
  /** The XML plist a draft would become; refuses an invalid one as saving would. */
  previewProfile(input: CallInput<'profiles.preview'>): Promise<string>;
  /** Deletes a profile; with `removeFromDevices`, the devices that have it are sent RemoveProfile (the result names that deployment). */
  removeProfile(id: string, removeFromDevices?: boolean): Promise<CallOutput<'profiles.remove'>>;
  /** Sends the current version to every device that has an older one; resolves with the deployment doing it. */
  updateProfileDevices(id: string): Promise<DeploymentView>;
  /** The signed .mobileconfig of a version (the current one by default). */
  profileFile(id: string, version?: number): Promise<CallOutput<'profiles.mobileconfig'>>;

  /** Shows a fleet's blueprint, live, until closed. */
  openBlueprint(fleetId: string): Promise<void>;
  closeBlueprint(fleetId: string): void;
  setBlueprint(fleetId: string, items: BlueprintItem[]): Promise<BlueprintView>;
}

export function createActions(store: LanyardStore, client: LiveClient, hydrator: Hydrator): LanyardActions {
  const qrLoads = new Map<string, Promise<void>>();
  return {
    retryLoading: () => hydrator.hydrate(),

    refreshStatus: () => hydrator.refreshStatus().catch(() => undefined),

    async signIn(token) {
      client.session?.setToken(token.trim());
      store.setState({ auth: 'ok', load: { state: 'loading', error: null } });
      await hydrator.hydrate();
    },

    signOut() {
      client.session?.setToken(null);
      qrLoads.clear();
      store.setState({ auth: 'missing', ...clearedServerState() });
    },

    async completeSetup(input) {
      const settings = await client.call('setup.complete', input);
      store.setState({ settings });
      await hydrator.refreshStatus().catch(() => undefined);
    },

    async saveSettings(patch) {
      const settings = await client.call('settings.update', patch);
      store.setState({ settings });
      return settings;
    },

    async setActivityFilters(filters) {
      store.setState((s) => ({ activity: { ...s.activity, filters } }));
      await hydrator.reloadActivity();
    },

    loadMoreActivity: () => hydrator.loadMoreActivity(),

    async loadNetworkCandidates() {
      try {
        store.setState({ networkCandidates: await client.call('system.networkCandidates', {}) });
      } catch {
        // The address step still offers a custom entry.
      }
    },

    async createInvitation(input) {
      const invitation = await client.call('invitations.create', input);
      store.setState((s) => ({ invitations: withItem(s.invitations, invitation, newestInvitationFirst) }));
      return invitation;
    },

    async revokeInvitation(id) {
      const invitation = await client.call('invitations.revoke', { id });
      store.setState((s) => ({ invitations: withItem(s.invitations, invitation, newestInvitationFirst) }));
      return invitation;
    },

    loadInvitationQr({ id, url }) {
      if (store.getState().qrCodes[url]) return Promise.resolve();
      let load = qrLoads.get(url);
      if (!load) {
        load = client
          .call('invitations.qrPng', { id })
          .then(({ contentType, base64 }) => store.setState((s) => ({ qrCodes: { ...s.qrCodes, [url]: `data:${contentType};base64,${base64}` } })))
          .finally(() => qrLoads.delete(url));
        qrLoads.set(url, load);
      }
      return load;
    },

    invitationQrSvg: (id) => client.call('invitations.qrSvg', { id }),

    openSubjectLog: (subjectId) => hydrator.openSubjectLog(subjectId),
    closeSubjectLog: (subjectId) => hydrator.closeSubjectLog(subjectId),

    async importPushCertificate(input) {
      const result = await client.call('push.importCertificate', input);
      await hydrator.loadPush();
      return result;
    },

    async createPushCsr(input) {
      const csr = await client.call('push.createCsr', input);
      await hydrator.loadPush();
      return csr;
    },

    async importTlsCertificate(input) {
      const pki = await client.call('pki.importTlsCertificate', input);
      store.setState({ pki: { value: pki, error: null } });
      return pki;
    },

    async useOfficeTlsCertificate() {
      const pki = await client.call('pki.useOfficeTlsCertificate', {});
      store.setState({ pki: { value: pki, error: null } });
      return pki;
    },

    openDevice: (id) => hydrator.openDevice(id),
    closeDevice: (id) => hydrator.closeDevice(id),

    async enqueueCommand(input) {
      // The contract's union type is built from the catalog at run time; its parsed shape is EnqueueCommandInput.
      return client.call('commands.enqueue', input as CallInput<'commands.enqueue'>);
    },

    async cancelCommand(uuid) {
      const command = await client.call('commands.cancel', { uuid });
      store.setState((s) => (s.device.id === command.deviceId ? { device: { ...s.device, commands: withCommand(s.device.commands, command) } } : {}));
      return command;
    },

    async removeDevice(id, options = {}) {
      const summary = await client.call('devices.remove', { id, force: options.force ?? false });
      // An agent that was only asked to unenrol stays in the list (unenrolling) until it acknowledges.
      if (summary.enrollmentStatus === 'removed') {
        store.setState((s) => applyDeviceChanges(s, [{ kind: 'removed', id }]));
        hydrator.deviceRemoved(id);
      } else {
        store.setState((s) => applyDeviceChanges(s, [{ kind: 'changed', item: summary }]));
      }
      hydrator.deviceChanged(id);
      return summary;
    },

    async uploadFile(name, content) {
      const file = await client.call('files.upload', { name, content });
      store.setState((s) => ({ files: withItem(s.files, file, fileOrder) }));
      return file;
    },

    async deleteFile(id) {
      const file = await client.call('files.remove', { id });
      store.setState((s) => ({ files: withoutItem(s.files, id) }));
      return file;
    },

    async createFleet(name) {
      const fleet = await client.call('fleets.create', { name });
      store.setState((s) => ({ fleets: withChanges(s.fleets, [{ kind: 'changed', item: fleet }], fleetOrder) }));
      return fleet;
    },

    async renameFleet(id, name) {
      const fleet = await client.call('fleets.rename', { id, name });
      store.setState((s) => ({ fleets: withChanges(s.fleets, [{ kind: 'changed', item: fleet }], fleetOrder) }));
      return fleet;
    },

    async removeFleet(id) {
      await client.call('fleets.remove', { id });
      store.setState((s) => ({ fleets: withChanges(s.fleets, [{ kind: 'removed', id }], fleetOrder) }));
    },

    async moveDevices(fleetId, deviceIds) {
      const moved = await client.call('fleets.moveDevices', { id: fleetId, deviceIds });
      store.setState((s) => ({ fleets: withChanges(s.fleets, [{ kind: 'changed', item: moved.fleet }], fleetOrder) }));
      return moved;
    },

    async createDeployment(input) {
      return keepDeployment(await client.call('deployments.create', input));
    },

    async retryDeployment(id) {
      const deployment = keepDeployment(await client.call('deployments.retry', { id }));
      hydrator.deploymentChanged(id);
      return deployment;
    },

    async cancelDeployment(id) {
      const deployment = keepDeployment(await client.call('deployments.cancel', { id }));
      hydrator.deploymentChanged(id);
      return deployment;
    },

    openDeployment: (id, status = null) => hydrator.openDeployment(id, status),
    closeDeployment: (id) => hydrator.closeDeployment(id),

    async importProfile(content) {
      const profile = await client.call('profiles.import', { content });
      store.setState((s) => ({ profiles: withChanges(s.profiles, [{ kind: 'changed', item: profile }], profileOrder) }));
      return profile;
    },

    async createProfile(input) {
      const profile = await client.call('profiles.create', input);
      store.setState((s) => ({ profiles: withChanges(s.profiles, [{ kind: 'changed', item: profile }], profileOrder) }));
      return profile;
    },

    async updateProfile(input) {
      const profile = await client.call('profiles.update', input);
      store.setState((s) => ({ profiles: withChanges(s.profiles, [{ kind: 'changed', item: profile }], profileOrder) }));
      return profile;
    },

    previewProfile: async (input) => (await client.call('profiles.preview', input)).plist,

    async removeProfile(id, removeFromDevices = false) {
      const result = await client.call('profiles.remove', { id, removeFromDevices });
      store.setState((s) => ({ profiles: withChanges(s.profiles, [{ kind: 'removed', id }], profileOrder) }));
      return result;
    },

    async updateProfileDevices(id) {
      return keepDeployment(await client.call('profiles.updateDevices', { id }));
    },

    profileFile: (id, version) => client.call('profiles.mobileconfig', { id, ...(version ? { version } : {}) }),

    openBlueprint: (fleetId) => hydrator.openBlueprint(fleetId),
    closeBlueprint: (fleetId) => hydrator.closeBlueprint(fleetId),

    async setBlueprint(fleetId, items) {
      const view = await client.call('fleets.setBlueprint', { id: fleetId, items });
      store.setState((s) => (s.blueprint.fleetId === fleetId ? { blueprint: { fleetId, view, error: null } } : {}));
      return view;
    },
  };

  function keepDeployment(deployment: DeploymentView): DeploymentView {
    store.setState((s) => ({ deployments: withChanges(s.deployments, [{ kind: 'changed', item: deployment }], newestDeploymentFirst), deployment: withDeploymentProgress(s.deployment, deployment) }));
    return deployment;
  }
}
