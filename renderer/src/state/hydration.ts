import { ApiError } from '../../../contract/errors';
import type { LiveClient } from '../client/live-client';
import { activityQuery, withFirstPage, withNextPage } from './activity-view';
import { errorText } from './error-text';
import type { LanyardStore } from './lanyard-store';

/**
 * Fills the store from calls. Each kind of load carries a sequence number
 * so an answer that arrives after a newer request started is dropped.
 */
export class Hydrator {
  private hydration = 0;
  private activityLoad = 0;

  constructor(
    private readonly store: LanyardStore,
    private readonly client: LiveClient,
  ) {}

  /** Status, settings and the first page of activity: at start, after sign-in and after every reconnect. */
  async hydrate(): Promise<void> {
    if (this.store.getState().auth !== 'ok') return;
    const run = ++this.hydration;
    try {
      const [status, settings] = await Promise.all([this.client.call('system.status', {}), this.client.call('settings.get', {})]);
      if (run !== this.hydration) return;
      this.store.setState({ status, settings, load: { state: 'ready', error: null } });
    } catch (error) {
      if (run !== this.hydration) return;
      if (error instanceof ApiError && error.code === 'unauthorized') return;
      // Keep showing what we had: a reconnect will try again.
      if (this.store.getState().load.state !== 'ready') this.store.setState({ load: { state: 'failed', error: errorText(error) } });
      return;
    }
    await this.reloadActivity();
  }

  async refreshStatus(): Promise<void> {
    const status = await this.client.call('system.status', {});
    this.store.setState({ status });
  }

  /** The first page for the current filters, replacing what was loaded. */
  async reloadActivity(): Promise<void> {
    const run = ++this.activityLoad;
    const { filters } = this.store.getState().activity;
    this.store.setState((s) => ({ activity: { ...s.activity, loading: 'first', pendingLive: [] } }));
    try {
      const page = await this.client.call('activity.list', activityQuery(filters));
      if (run !== this.activityLoad) return;
      this.store.setState((s) => ({ activity: withFirstPage(s.activity, page) }));
    } catch (error) {
      if (run !== this.activityLoad) return;
      this.store.setState((s) => ({ activity: { ...s.activity, loading: null, error: errorText(error) } }));
    }
  }

  /** The next older page, appended. */
  async loadMoreActivity(): Promise<void> {
    const { activity } = this.store.getState();
    if (!activity.nextBefore || activity.loading) return;
    const run = ++this.activityLoad;
    this.store.setState((s) => ({ activity: { ...s.activity, loading: 'more' } }));
    try {
      const page = await this.client.call('activity.list', activityQuery(activity.filters, activity.nextBefore));
      if (run !== this.activityLoad) return;
      this.store.setState((s) => ({ activity: withNextPage(s.activity, page) }));
    } catch (error) {
      if (run !== this.activityLoad) return;
      this.store.setState((s) => ({ activity: { ...s.activity, loading: null, error: errorText(error) } }));
    }
  }
}
