import { createStore, type StoreApi } from 'zustand/vanilla';
import type { NetworkCandidates, Settings, SystemStatus } from '../../../contract/models';
import type { ConnectionState, LiveClient } from '../client/live-client';
import { emptyActivityView, type ActivityView } from './activity-view';

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
}

export type LanyardStore = StoreApi<LanyardState>;

export function createLanyardStore(client: LiveClient): LanyardStore {
  return createStore<LanyardState>()(() => ({
    transport: client.transport,
    connection: client.connectionState(),
    auth: client.session && !client.session.hasToken() ? 'missing' : 'ok',
    load: { state: 'loading', error: null },
    status: null,
    settings: null,
    networkCandidates: null,
    activity: emptyActivityView,
  }));
}

/** Forgets everything the server told us, e.g. on sign-out. */
export function clearedServerState(): Pick<LanyardState, 'load' | 'status' | 'settings' | 'networkCandidates' | 'activity'> {
  return { load: { state: 'loading', error: null }, status: null, settings: null, networkCandidates: null, activity: emptyActivityView };
}
