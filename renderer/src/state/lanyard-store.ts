import { createStore, type StoreApi } from 'zustand/vanilla';
import type { DeviceSummary } from '../../../contract/command-models';
import type { Invitation, PkiStatus, PushStatus } from '../../../contract/enrollment-models';
import type { DeploymentView } from '../../../contract/deployment-models';
import type { FileView } from '../../../contract/file-models';
import type { BlueprintView } from '../../../contract/blueprint-models';
import type { FleetView } from '../../../contract/fleet-models';
import type { ProfileView } from '../../../contract/profile-models';
import type { NetworkCandidates, Settings, SystemStatus } from '../../../contract/models';
import type { ConnectionState, LiveClient } from '../client/live-client';
import { emptyActivityView, type ActivityView } from './activity-view';
import { emptyOpenDeployment, type OpenDeploymentView } from './deployment-view';
import { emptyDeviceView, type DeviceView } from './device-view';
import { emptyKeyedList, type KeyedList } from './keyed-list';
import { emptyList, type ListView } from './server-lists';
import { emptySubjectLog, type SubjectLogView } from './subject-log';

/** A status the core reports, with why it could not be loaded. */
export interface Loaded<T> {
  value: T | null;
  error: string | null;
}

/**
 * What the UI knows of the core's state: a projection filled by calls and
 * kept current by pushed events. Components read it; only the actions and
 * the live sync write it. Form drafts live in the components.
 */
export interface LanyardState {
  transport: LiveClient['transport'];
  connection: ConnectionState;
  /** 'missing': no admin token yet; 'rejected': the server refused it. Always 'ok' on IPC. */
  auth: 'ok' | 'missing' | 'rejected';
  load: { state: 'loading' | 'ready' | 'failed'; error: string | null };
  status: SystemStatus | null;
  settings: Settings | null;
  networkCandidates: NetworkCandidates | null;
  activity: ActivityView;
  invitations: ListView<Invitation>;
  /** QR code images (PNG data URLs) by the invitation URL they encode. */
  qrCodes: Record<string, string>;
  /** The steps of the invitation whose page is open. */
  subjectLog: SubjectLogView;
  push: Loaded<PushStatus>;
  pki: Loaded<PkiStatus>;
  /** Devices under management (removed ones leave the list), sorted by `deviceOrder`. */
  devices: KeyedList<DeviceSummary>;
  device: DeviceView;
  /** The file library agents are sent files from, by name. */
  files: ListView<FileView>;
  /** Every fleet, the default one first. */
  fleets: KeyedList<FleetView>;
  /** The most recent deployments (up to `recentDeployments`), newest first; events add new ones and move their counts. */
  deployments: KeyedList<DeploymentView>;
  deployment: OpenDeploymentView;
  /** The configuration-profile library, by name. */
  profiles: KeyedList<ProfileView>;
  /** The blueprint of the fleet whose page is open. */
  blueprint: { fleetId: string | null; view: BlueprintView | null; error: string | null };
}

export type LanyardStore = StoreApi<LanyardState>;

export function createLanyardStore(client: LiveClient): LanyardStore {
  return createStore<LanyardState>()(() => ({
    transport: client.transport,
    connection: client.connectionState(),
    auth: client.session && !client.session.hasToken() ? 'missing' : 'ok',
    ...clearedServerState(),
  }));
}

type ServerState = Omit<LanyardState, 'transport' | 'connection' | 'auth'>;

/** Forgets everything the server told us, e.g. on sign-out. */
export function clearedServerState(): ServerState {
  return {
    load: { state: 'loading', error: null },
    status: null,
    settings: null,
    networkCandidates: null,
    activity: emptyActivityView,
    invitations: emptyList(),
    qrCodes: {},
    subjectLog: emptySubjectLog,
    push: { value: null, error: null },
    pki: { value: null, error: null },
    devices: emptyKeyedList(),
    device: emptyDeviceView,
    files: emptyList(),
    fleets: emptyKeyedList(),
    deployments: emptyKeyedList(),
    deployment: emptyOpenDeployment,
    profiles: emptyKeyedList(),
    blueprint: { fleetId: null, view: null, error: null },
  };
}
