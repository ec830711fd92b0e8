import type { LiveClient } from '../client/live-client';
import { withLiveEntry } from './activity-view';
import type { Hydrator } from './hydration';
import type { LanyardStore } from './lanyard-store';

/**
 * Keeps the store current: pushed events update it, and every (re)connect
 * of the event stream re-hydrates it, since events sent while the stream
 * was down are lost. Returns a function that stops it all.
 */
export function startLiveSync(store: LanyardStore, client: LiveClient, hydrator: Hydrator): () => void {
  let seenOpen = false;
  const stops = [
    client.on('settings.changed', (settings) => {
      const { status } = store.getState();
      store.setState({ settings });
      if (status && !status.setupComplete && settings.setupCompletedAt !== null) void hydrator.refreshStatus().catch(() => undefined);
    }),
    client.on('system.status', (status) => store.setState({ status })),
    client.on('activity.appended', (entry) => store.setState((s) => ({ activity: withLiveEntry(s.activity, entry) }))),
    client.onReconnect(() => void hydrator.hydrate()),
    client.onConnectionChange((connection) => {
      store.setState({ connection });
      // The first open closes the gap between the initial hydration and the stream; later ones are reconnects.
      if (connection === 'open' && !seenOpen) {
        seenOpen = true;
        void hydrator.hydrate();
      }
    }),
  ];
  if (client.session) {
    const session = client.session;
    stops.push(session.onUnauthorized(() => store.setState({ auth: session.hasToken() ? 'rejected' : 'missing' })));
  }
  store.setState({ connection: client.connectionState() });
  void hydrator.hydrate();
  return () => {
    for (const stop of stops) stop();
  };
}
