import type { Settings, SettingsPatch, SetupInput } from '../../../contract/models';
import type { LiveClient } from '../client/live-client';
import type { ActivityFilters } from './activity-view';
import type { Hydrator } from './hydration';
import { clearedServerState, type LanyardStore } from './lanyard-store';

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
}

export function createActions(store: LanyardStore, client: LiveClient, hydrator: Hydrator): LanyardActions {
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
  };
}
