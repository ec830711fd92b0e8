import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CallInput, CallName, CallOutput, EventName, EventPayload } from '../../../contract/api';
import { compareDeviceKeys, deviceOrder, deviceSortKey, type DeviceSummary } from '../../../contract/command-models';
import type { Invitation } from '../../../contract/enrollment-models';
import { takePage } from '../../../contract/paging';
import type { LiveClient } from '../../../renderer/src/client/live-client';
import { Hydrator } from '../../../renderer/src/state/hydration';
import { createLanyardStore, type LanyardStore } from '../../../renderer/src/state/lanyard-store';
import { defaultBatchMs, startLiveSync } from '../../../renderer/src/state/live-sync';

const device = (id: string, name: string, extra: Partial<DeviceSummary> = {}): DeviceSummary => ({
  id,
  channel: 'mdm',
  fleetId: 'unassigned',
  online: null,
  onlineChangedAt: null,
  hostname: null,
  user: null,
  udid: `udid-${id}`,
  serialNumber: `SN${id}`,
  name,
  model: 'iPhone16,1',
  modelName: 'iPhone',
  osVersion: '18.0',
  platform: 'ios',
  enrollmentStatus: 'enrolled',
  lastSeenAt: '2026-01-01T00:00:00.000Z',
  supervised: true,
  pushState: 'healthy',
  pendingCommands: 0,
  inventoryAt: null,
  lostMode: null,
  ...extra,
});

const invitation = (id: string, createdAt: string): Invitation => ({
  id,
  label: id,
  userName: '',
  email: '',
  createdAt,
  expiresAt: '2099-01-01T00:00:00.000Z',
  fleetId: 'unassigned',
  maxUses: 1,
  uses: 0,
  certificatesIssued: 0,
  status: 'pending',
  url: `https://office/${id}`,
  profileUrl: '',
  agentUrl: 'https://lanyard.test:8443/enroll/t#sha256=00', agentCommand: 'lanyard-agent enroll x', trustProfileUrl: '',
  revokedAt: null,
  blockedReason: null,
});

/** A client whose calls answer from `devices` (paged by the contract's convention, 2 a page) and whose events the test pushes. */
function fakeClient(devices: DeviceSummary[], invitations: Invitation[] = []) {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const calls: { name: CallName; input: unknown }[] = [];
  let gate: Promise<void> = Promise.resolve();
  const answers: Partial<{ [K in CallName]: (input: CallInput<K>) => CallOutput<K> }> = {
    'system.status': () => ({ version: 't', mode: 'headless', dataDir: '/d', setupComplete: true, servers: [], pinned: [], storage: { backend: 'memory' as const, location: 'memory', records: { devices: 0, commands: 0, activity: 0 }, retention: { activityEntries: 20_000, finishedCommandsPerDevice: 200, finishedCommandDays: 90 } } }),
    'settings.get': () => ({}) as CallOutput<'settings.get'>,
    'activity.list': () => ({ items: [], nextCursor: null, total: 0 }),
    'invitations.list': () => invitations,
    'push.status': () => ({}) as CallOutput<'push.status'>,
    'pki.status': () => ({}) as CallOutput<'pki.status'>,
    'devices.list': (input) => takePage<DeviceSummary>([...devices].sort(deviceOrder), { limit: 2, cursor: input.cursor }, { key: deviceSortKey, compare: compareDeviceKeys }),
    'devices.get': ({ id }) => ({ ...devices.find((d) => d.id === id)! }) as CallOutput<'devices.get'>,
    'commands.list': () => ({ items: [], nextCursor: null, total: 0 }),
  };
  const client: LiveClient = {
    transport: 'ipc',
    session: null,
    connectionState: () => 'connecting',
    onConnectionChange: () => () => undefined,
    onReconnect: () => () => undefined,
    close: () => undefined,
    async call<K extends CallName>(name: K, input: CallInput<K>): Promise<CallOutput<K>> {
      calls.push({ name, input });
      if (name === 'devices.list') await gate;
      const answer = answers[name] as ((input: CallInput<K>) => CallOutput<K>) | undefined;
      if (!answer) throw new Error(`unexpected call ${name}`);
      return answer(input);
    },
    on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(listener as (payload: unknown) => void);
      return () => set.delete(listener as (payload: unknown) => void);
    },
  };
  return {
    client,
    calls,
    emit<E extends EventName>(event: E, payload: EventPayload<E>) {
      for (const listener of listeners.get(event) ?? []) listener(payload);
    },
    /** Holds devices.list answers until the returned function is called. */
    holdDeviceList(): () => void {
      let release!: () => void;
      gate = new Promise((resolve) => (release = resolve));
      return () => {
        gate = Promise.resolve();
        release();
      };
    },
  };
}

async function started(devices: DeviceSummary[], invitations: Invitation[] = []) {
  const fake = fakeClient(devices, invitations);
  const store: LanyardStore = createLanyardStore(fake.client);
  const hydrator = new Hydrator(store, fake.client);
  const stop = startLiveSync(store, fake.client, hydrator);
  await vi.advanceTimersByTimeAsync(0);
  const names = () => store.getState().devices.items.map((d) => d.name);
  return { ...fake, store, hydrator, stop, names };
}

describe('live sync of the device list', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('hydrates from every page of devices.list, sorted as the Devices page shows it', async () => {
    const { calls, names, store, stop } = await started([device('1', 'Delta'), device('2', 'alpha'), device('3', 'Charlie'), device('4', 'bravo'), device('5', 'Echo')]);
    expect(calls.filter((c) => c.name === 'devices.list')).toHaveLength(3);
    expect(names()).toEqual(['alpha', 'bravo', 'Charlie', 'Delta', 'Echo']);
    expect(store.getState().devices.loaded).toBe(true);
    stop();
  });

  it('applies a burst of a thousand check-ins in one store update, without losing the order', async () => {
    const devices = Array.from({ length: 300 }, (_, i) => device(`d${i}`, `Phone ${String(i).padStart(3, '0')}`));
    const { emit, names, store, stop } = await started(devices);
    const updates = vi.fn();
    const unsubscribe = store.subscribe(updates);
    for (let i = 0; i < 1000; i += 1) emit('devices.changed', { ...devices[i % 300]!, lastSeenAt: `2026-01-02T00:00:${String(i % 60).padStart(2, '0')}.000Z` });
    // A rename moves its device; a new device is inserted where it sorts.
    emit('devices.changed', { ...devices[5]!, name: 'Zulu' });
    emit('devices.changed', device('new', 'Phone 100a'));
    expect(updates).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(defaultBatchMs);
    expect(updates).toHaveBeenCalledTimes(1);
    const items = store.getState().devices.items;
    expect(items).toHaveLength(301);
    expect([...items].sort(deviceOrder)).toEqual(items);
    expect(names().at(-1)).toBe('Zulu');
    expect(names().indexOf('Phone 100a')).toBe(names().indexOf('Phone 100') + 1);
    expect(store.getState().devices.byId.get('d299')?.lastSeenAt).toBe('2026-01-02T00:00:59.000Z');
    unsubscribe();
    stop();
  });

  it('drops a removed device, also when a changed summary says it was removed, and shows the open device as removed', async () => {
    const devices = [device('1', 'Alpha'), device('2', 'Bravo'), device('3', 'Charlie')];
    const { emit, names, store, hydrator, stop } = await started(devices);
    await hydrator.openDevice('2');
    // As the core does: devices.get still answers for a removed device.
    devices[1] = { ...devices[1]!, enrollmentStatus: 'removed' };
    emit('devices.removed', { id: '2' });
    emit('devices.changed', device('3', 'Charlie', { enrollmentStatus: 'removed' }));
    await vi.advanceTimersByTimeAsync(defaultBatchMs);
    expect(names()).toEqual(['Alpha']);
    expect(store.getState().device.removed).toBe(true);
    expect(store.getState().device.detail?.enrollmentStatus).toBe('removed');
    // Removing something not listed changes nothing.
    emit('devices.removed', { id: 'unknown' });
    await vi.advanceTimersByTimeAsync(defaultBatchMs);
    expect(names()).toEqual(['Alpha']);
    stop();
  });

  it('does not bring back a device removed while the list was loading', async () => {
    const devices = [device('1', 'Alpha'), device('2', 'Bravo'), device('3', 'Charlie')];
    const { emit, names, hydrator, holdDeviceList, stop } = await started(devices);
    const release = holdDeviceList();
    const reload = hydrator.loadDevices();
    emit('devices.removed', { id: '1' });
    await vi.advanceTimersByTimeAsync(defaultBatchMs);
    release();
    await reload;
    expect(names()).toEqual(['Bravo', 'Charlie']);
    stop();
  });

  it('drops an invitation on invitations.removed', async () => {
    const { emit, store, stop } = await started([], [invitation('old', '2026-01-01T00:00:00.000Z'), invitation('new', '2026-01-02T00:00:00.000Z')]);
    expect(store.getState().invitations.items.map((i) => i.id)).toEqual(['new', 'old']);
    emit('invitations.removed', { id: 'new' });
    expect(store.getState().invitations.items.map((i) => i.id)).toEqual(['old']);
    stop();
  });
});
