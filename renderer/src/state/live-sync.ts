import type { DeviceSummary } from '../../../contract/command-models';
import type { LiveClient } from '../client/live-client';
import { withLiveEntry } from './activity-view';
import { newestDeploymentFirst, withDeploymentProgress } from './deployment-view';
import { applyDeviceChanges } from './device-list';
import { withCommand } from './device-view';
import type { Hydrator } from './hydration';
import { withChanges, type ListChange } from './keyed-list';
import type { LanyardStore } from './lanyard-store';
import { fileOrder, fleetOrder, newestInvitationFirst, profileOrder, withItem, withoutItem } from './server-lists';
import { withLiveSubjectEntry } from './subject-log';

/**
 * Keeps the store current: pushed events update it, and every (re)connect
 * of the event stream re-hydrates it, since events sent while the stream
 * was down are lost. Returns a function that stops it all.
 */
export interface LiveSyncOptions {
  /** Device events arriving within this window are applied together, in one store update (one render). */
  batchMs?: number;
}

export const defaultBatchMs = 100;

export function startLiveSync(store: LanyardStore, client: LiveClient, hydrator: Hydrator, options: LiveSyncOptions = {}): () => void {
  let seenOpen = false;
  const devices = deviceEventBatch(store, hydrator, options.batchMs ?? defaultBatchMs);
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
    client.on('invitations.removed', ({ id }) => store.setState((s) => ({ invitations: withoutItem(s.invitations, id) }))),
    client.on('push.changed', (push) => {
      store.setState({ push: { value: push, error: null } });
      hydrator.invitationsStale();
    }),
    client.on('pki.changed', (pki) => store.setState({ pki: { value: pki, error: null } })),
    client.on('devices.changed', (item) => devices.add({ kind: 'changed', item })),
    client.on('devices.removed', ({ id }) => devices.add({ kind: 'removed', id })),
    client.on('commands.changed', (command) =>
      store.setState((s) => (s.device.id === command.deviceId ? { device: { ...s.device, commands: withCommand(s.device.commands, command) } } : {})),
    ),
    client.on('files.changed', (file) => store.setState((s) => ({ files: withItem(s.files, file, fileOrder) }))),
    client.on('files.removed', ({ id }) => store.setState((s) => ({ files: withoutItem(s.files, id) }))),
    client.on('fleets.changed', (fleet) => store.setState((s) => ({ fleets: withChanges(s.fleets, [{ kind: 'changed', item: fleet }], fleetOrder) }))),
    client.on('fleets.removed', ({ id }) => store.setState((s) => ({ fleets: withChanges(s.fleets, [{ kind: 'removed', id }], fleetOrder) }))),
    // The core sends at most a few of these per second per deployment, whatever the number of devices.
    client.on('deployments.changed', (deployment) => {
      store.setState((s) => ({ deployments: withChanges(s.deployments, [{ kind: 'changed', item: deployment }], newestDeploymentFirst), deployment: withDeploymentProgress(s.deployment, deployment) }));
      hydrator.deploymentChanged(deployment.id);
    }),
    client.on('profiles.changed', (profile) => {
      store.setState((s) => ({ profiles: withChanges(s.profiles, [{ kind: 'changed', item: profile }], profileOrder) }));
      // The open device's page shows which version of each library profile it has (throttled per profile by the core, coalesced here).
      const openId = store.getState().device.id;
      if (openId) hydrator.deviceChanged(openId);
    }),
    client.on('profiles.removed', ({ id }) => store.setState((s) => ({ profiles: withChanges(s.profiles, [{ kind: 'removed', id }], profileOrder) }))),
    // Batched per fleet by the core.
    client.on('blueprints.changed', (view) => store.setState((s) => (s.blueprint.fleetId === view.fleetId ? { blueprint: { fleetId: view.fleetId, view, error: null } } : {}))),
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
    devices.stop();
    for (const stop of stops) stop();
  };
}

/**
 * Device events queue up and are applied together once per window: a burst
 * of check-ins costs one store update, and each costs a binary search, not
 * a sort. A changed summary of a removed device leaves the list too (a push
 * to it after removal still reports its state).
 */
function deviceEventBatch(store: LanyardStore, hydrator: Hydrator, batchMs: number): { add(change: ListChange<DeviceSummary>): void; stop(): void } {
  let pending: ListChange<DeviceSummary>[] = [];
  let timer: ReturnType<typeof setTimeout> | null = null;
  const flush = () => {
    timer = null;
    const changes = pending;
    pending = [];
    store.setState((s) => applyDeviceChanges(s, changes));
    const touched = new Set<string>();
    for (const change of changes) {
      const id = change.kind === 'changed' ? change.item.id : change.id;
      if (change.kind === 'removed' || change.item.enrollmentStatus === 'removed') hydrator.deviceRemoved(id);
      touched.add(id);
    }
    for (const id of touched) hydrator.deviceChanged(id);
  };
  return {
    add(change) {
      pending.push(change);
      timer ??= setTimeout(flush, batchMs);
    },
    stop() {
      if (timer) clearTimeout(timer);
      timer = null;
      pending = [];
    },
  };
}
