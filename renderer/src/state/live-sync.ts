import type { LiveClient } from '../client/live-client';
import { withLiveEntry } from './activity-view';
import { withCommand, withSummary } from './device-view';
import type { Hydrator } from './hydration';
import type { LanyardStore } from './lanyard-store';
import { deviceOrder, newestInvitationFirst, withItem } from './server-lists';
import { withLiveSubjectEntry } from './subject-log';

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
      hydrator.invitationsStale();
      hydrator.pkiStale();
    }),
    client.on('system.status', (status) => store.setState({ status })),
    client.on('activity.appended', (entry) =>
      store.setState((s) => ({ activity: withLiveEntry(s.activity, entry), subjectLog: withLiveSubjectEntry(s.subjectLog, entry) })),
    ),
    client.on('invitations.changed', (invitation) => store.setState((s) => ({ invitations: withItem(s.invitations, invitation, newestInvitationFirst) }))),
    client.on('push.changed', (push) => {
      store.setState({ push: { value: push, error: null } });
      hydrator.invitationsStale();
    }),
    client.on('pki.changed', (pki) => store.setState({ pki: { value: pki, error: null } })),
    client.on('devices.changed', (summary) => {
      store.setState((s) => ({
        devices: withItem(s.devices, summary, deviceOrder),
        device: s.device.id === summary.id ? { ...s.device, detail: withSummary(s.device.detail, summary) } : s.device,
      }));
      hydrator.deviceChanged(summary.id);
    }),
    client.on('commands.changed', (command) =>
      store.setState((s) => (s.device.id === command.deviceId ? { device: { ...s.device, commands: withCommand(s.device.commands, command) } } : {})),
    ),
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
