import { z } from 'zod';
import { defineCall } from './define';
import {
  ActivityEntry,
  ActivityPage,
  ActivityQuery,
  NetworkCandidates,
  Settings,
  SettingsPatch,
  SetupInput,
  SystemStatus,
} from './models';
import {
  BinaryBody,
  CreateInvitationInput,
  ImportTlsInput,
  Invitation,
  InvitationId,
  PkiStatus,
  PushCertificateInput,
  PushCertificateResult,
  PushCsr,
  PushCsrInput,
  PushStatus,
} from './enrollment-models';
import {
  CommandPage,
  CommandsQuery,
  CommandUuidInput,
  CommandView,
  DeviceDetail,
  DeviceIdInput,
  RemoveDeviceInput,
  DevicePage,
  DevicesQuery,
  DeviceSummary,
  EnqueueCommandInput,
  QueuedCommand,
} from './command-models';
import { RemovedItem } from './paging';
import { FileIdInput, FilePage, FilesQuery, FileView, UploadFileInput } from './file-models';
import { maxUploadBytes } from './limits';
import { CreateDeploymentInput, DeploymentDetail, DeploymentIdInput, DeploymentPage, DeploymentQuery, DeploymentsQuery, DeploymentView } from './deployment-models';
import { CreateProfileInput, ImportProfileInput, ProfileFileInput, ProfileIdInput, ProfilePage, ProfilePreview, ProfilesQuery, ProfileView, RemovedProfile, RemoveProfileInput, UpdateProfileInput } from './profile-models';
import { BlueprintView, SetBlueprintInput } from './blueprint-models';
import { CreateFleetInput, FleetIdInput, FleetPage, FleetsQuery, FleetView, MovedDevices, MoveDevicesInput, RenameFleetInput } from './fleet-models';

const NoInput = z.object({}).strict();

/**
 * The one contract between the UI (or a script) and the core. Every call is
 * served from one handler table over Electron IPC and over the admin HTTP API.
 */
export const calls = {
  'system.status': defineCall({
    input: NoInput,
    output: SystemStatus,
    http: { method: 'GET', path: '/api/system/status' },
  }),
  'system.networkCandidates': defineCall({
    input: NoInput,
    output: NetworkCandidates,
    http: { method: 'GET', path: '/api/system/network-candidates' },
  }),
  'settings.get': defineCall({
    input: NoInput,
    output: Settings,
    http: { method: 'GET', path: '/api/settings' },
  }),
  'settings.update': defineCall({
    input: SettingsPatch,
    output: Settings,
    http: { method: 'PATCH', path: '/api/settings' },
    audit: 'Changed settings',
  }),
  'setup.complete': defineCall({
    input: SetupInput,
    output: Settings,
    http: { method: 'POST', path: '/api/setup' },
    audit: 'Completed the setup wizard',
  }),
  'activity.list': defineCall({
    input: ActivityQuery,
    output: ActivityPage,
    http: { method: 'GET', path: '/api/activity' },
  }),
  'invitations.create': defineCall({
    input: CreateInvitationInput,
    output: Invitation,
    http: { method: 'POST', path: '/api/invitations', status: 201 },
    audit: 'Created an invitation',
  }),
  'invitations.list': defineCall({
    input: NoInput,
    output: z.array(Invitation),
    http: { method: 'GET', path: '/api/invitations' },
  }),
  'invitations.get': defineCall({
    input: InvitationId,
    output: Invitation,
    http: { method: 'GET', path: '/api/invitations/:id' },
  }),
  'invitations.revoke': defineCall({
    input: InvitationId,
    output: Invitation,
    http: { method: 'DELETE', path: '/api/invitations/:id' },
    audit: 'Revoked an invitation',
  }),
  'invitations.qrPng': defineCall({
    input: InvitationId,
    output: BinaryBody,
    http: { method: 'GET', path: '/api/invitations/:id/qr.png', binary: true },
  }),
  'invitations.qrSvg': defineCall({
    input: InvitationId,
    output: BinaryBody,
    http: { method: 'GET', path: '/api/invitations/:id/qr.svg', binary: true },
  }),
  'pki.status': defineCall({
    input: NoInput,
    output: PkiStatus,
    http: { method: 'GET', path: '/api/pki' },
  }),
  'pki.importTlsCertificate': defineCall({
    input: ImportTlsInput,
    output: PkiStatus,
    http: { method: 'PUT', path: '/api/pki/tls-certificate' },
    audit: 'Imported a TLS certificate',
  }),
  'pki.useOfficeTlsCertificate': defineCall({
    input: NoInput,
    output: PkiStatus,
    http: { method: 'DELETE', path: '/api/pki/tls-certificate' },
    audit: 'Switched back to the office TLS certificate',
  }),
  'push.status': defineCall({
    input: NoInput,
    output: PushStatus,
    http: { method: 'GET', path: '/api/push-certificate' },
  }),
  'push.importCertificate': defineCall({
    input: PushCertificateInput,
    output: PushCertificateResult,
    http: { method: 'PUT', path: '/api/push-certificate' },
    audit: 'Imported the Apple push certificate',
  }),
  'push.createCsr': defineCall({
    input: PushCsrInput,
    output: PushCsr,
    http: { method: 'POST', path: '/api/push-certificate/csr' },
    audit: 'Created a push certificate request (CSR)',
  }),
  'devices.list': defineCall({
    input: DevicesQuery,
    output: DevicePage,
    http: { method: 'GET', path: '/api/devices' },
  }),
  'devices.get': defineCall({
    input: DeviceIdInput,
    output: DeviceDetail,
    http: { method: 'GET', path: '/api/devices/:id' },
  }),
  'devices.remove': defineCall({
    input: RemoveDeviceInput,
    output: DeviceSummary,
    http: { method: 'DELETE', path: '/api/devices/:id' },
    audit: 'Removed a device from management',
  }),
  'commands.enqueue': defineCall({
    input: EnqueueCommandInput,
    output: QueuedCommand,
    http: { method: 'POST', path: '/api/devices/:id/commands', status: 202 },
    audit: 'Queued a command',
  }),
  'commands.list': defineCall({
    input: CommandsQuery,
    output: CommandPage,
    http: { method: 'GET', path: '/api/devices/:id/commands' },
  }),
  'commands.cancel': defineCall({
    input: CommandUuidInput,
    output: CommandView,
    http: { method: 'DELETE', path: '/api/commands/:uuid' },
    audit: 'Cancelled a command',
  }),
  'files.list': defineCall({
    input: FilesQuery,
    output: FilePage,
    http: { method: 'GET', path: '/api/files' },
  }),
  'files.upload': defineCall({
    input: UploadFileInput,
    output: FileView,
    http: { method: 'POST', path: '/api/files', status: 201, rawBody: { maxBytes: maxUploadBytes } },
    audit: 'Uploaded a file to the library',
  }),
  'files.remove': defineCall({
    input: FileIdInput,
    output: FileView,
    http: { method: 'DELETE', path: '/api/files/:id' },
    audit: 'Deleted a file from the library',
  }),
  'fleets.list': defineCall({
    input: FleetsQuery,
    output: FleetPage,
    http: { method: 'GET', path: '/api/fleets' },
  }),
  'fleets.get': defineCall({
    input: FleetIdInput,
    output: FleetView,
    http: { method: 'GET', path: '/api/fleets/:id' },
  }),
  'fleets.create': defineCall({
    input: CreateFleetInput,
    output: FleetView,
    http: { method: 'POST', path: '/api/fleets', status: 201 },
    audit: 'Created a fleet',
  }),
  'fleets.rename': defineCall({
    input: RenameFleetInput,
    output: FleetView,
    http: { method: 'PATCH', path: '/api/fleets/:id' },
    audit: 'Renamed a fleet',
  }),
  'fleets.remove': defineCall({
    input: FleetIdInput,
    output: FleetView,
    http: { method: 'DELETE', path: '/api/fleets/:id' },
    audit: 'Deleted a fleet',
  }),
  'fleets.moveDevices': defineCall({
    input: MoveDevicesInput,
    output: MovedDevices,
    http: { method: 'POST', path: '/api/fleets/:id/devices' },
    audit: 'Moved devices to a fleet',
  }),
  'fleets.blueprint': defineCall({
    input: FleetIdInput,
    output: BlueprintView,
    http: { method: 'GET', path: '/api/fleets/:id/blueprint' },
  }),
  'fleets.setBlueprint': defineCall({
    input: SetBlueprintInput,
    output: BlueprintView,
    http: { method: 'PUT', path: '/api/fleets/:id/blueprint' },
    audit: "Changed a fleet's blueprint",
  }),
  'deployments.create': defineCall({
    input: CreateDeploymentInput,
    output: DeploymentView,
    http: { method: 'POST', path: '/api/deployments', status: 201 },
    audit: 'Started a deployment',
  }),
  'deployments.list': defineCall({
    input: DeploymentsQuery,
    output: DeploymentPage,
    http: { method: 'GET', path: '/api/deployments' },
  }),
  'deployments.get': defineCall({
    input: DeploymentQuery,
    output: DeploymentDetail,
    http: { method: 'GET', path: '/api/deployments/:id' },
  }),
  'deployments.retry': defineCall({
    input: DeploymentIdInput,
    output: DeploymentView,
    http: { method: 'POST', path: '/api/deployments/:id/retry' },
    audit: 'Retried a deployment',
  }),
  'deployments.cancel': defineCall({
    input: DeploymentIdInput,
    output: DeploymentView,
    http: { method: 'POST', path: '/api/deployments/:id/cancel' },
    audit: 'Canceled a deployment',
  }),
  'profiles.list': defineCall({
    input: ProfilesQuery,
    output: ProfilePage,
    http: { method: 'GET', path: '/api/profiles' },
  }),
  'profiles.get': defineCall({
    input: ProfileIdInput,
    output: ProfileView,
    http: { method: 'GET', path: '/api/profiles/:id' },
  }),
  'profiles.create': defineCall({
    input: CreateProfileInput,
    output: ProfileView,
    http: { method: 'POST', path: '/api/profiles', status: 201 },
    audit: 'Created a profile',
  }),
  'profiles.preview': defineCall({
    input: CreateProfileInput,
    output: ProfilePreview,
    http: { method: 'POST', path: '/api/profiles/preview' },
  }),
  'profiles.import': defineCall({
    input: ImportProfileInput,
    output: ProfileView,
    http: { method: 'POST', path: '/api/profiles/import', status: 201, rawBody: { maxBytes: 4 * 1024 * 1024 } },
    audit: 'Imported a profile',
  }),
  'profiles.update': defineCall({
    input: UpdateProfileInput,
    output: ProfileView,
    http: { method: 'PATCH', path: '/api/profiles/:id' },
    audit: 'Changed a profile',
  }),
  'profiles.remove': defineCall({
    input: RemoveProfileInput,
    output: RemovedProfile,
    http: { method: 'DELETE', path: '/api/profiles/:id' },
    audit: 'Deleted a profile',
  }),
  'profiles.updateDevices': defineCall({
    input: ProfileIdInput,
    output: DeploymentView,
    http: { method: 'POST', path: '/api/profiles/:id/update-devices', status: 201 },
    audit: 'Sent a profile update to the devices that had an older version',
  }),
  'profiles.mobileconfig': defineCall({
    input: ProfileFileInput,
    output: BinaryBody,
    http: { method: 'GET', path: '/api/profiles/:id/mobileconfig', binary: true },
  }),
} as const;

/**
 * Events pushed from the core to every connected UI. A `<list>.changed`
 * carries the whole item (add or replace by id); a `<list>.removed` only
 * the id of an item that left the list.
 */
export const events = {
  'settings.changed': Settings,
  'activity.appended': ActivityEntry,
  'system.status': SystemStatus,
  'invitations.changed': Invitation,
  /** An invitation left `invitations.list`. Nothing deletes invitations yet (revoking keeps them, as revoked): reserved for when something does. */
  'invitations.removed': RemovedItem,
  'push.changed': PushStatus,
  'pki.changed': PkiStatus,
  'devices.changed': DeviceSummary,
  /** A device left `devices.list`: removed from management (`devices.get` still answers for it, with enrollmentStatus 'removed'). */
  'devices.removed': RemovedItem,
  'commands.changed': CommandView,
  'files.changed': FileView,
  'files.removed': RemovedItem,
  /** A fleet was created, renamed, or its device count changed. */
  'fleets.changed': FleetView,
  'fleets.removed': RemovedItem,
  /** A deployment started, progressed (batched: a few per second at most, whatever the number of devices), finished, or was retried or canceled. */
  'deployments.changed': DeploymentView,
  /** A fleet's blueprint changed, or how its devices stand with it (batched per fleet). */
  'blueprints.changed': BlueprintView,
  /** A profile was created, imported or changed (a new version). */
  'profiles.changed': ProfileView,
  'profiles.removed': RemovedItem,
} as const;

export type Calls = typeof calls;
export type CallName = keyof Calls;
export type CallInput<K extends CallName> = z.input<Calls[K]['input']>;
export type CallParsedInput<K extends CallName> = z.output<Calls[K]['input']>;
export type CallOutput<K extends CallName> = z.output<Calls[K]['output']>;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;

export const callNames = Object.keys(calls) as CallName[];
export const eventNames = Object.keys(events) as EventName[];

export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && Object.hasOwn(calls, name);
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(events, name);
}
