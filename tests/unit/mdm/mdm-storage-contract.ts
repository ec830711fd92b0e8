import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { TaskQueue, finishedCommandDays, historyPerDevice } from '../../../electron/core/devices/task-queue';
import { DeviceRegistry, type AuthenticateFacts } from '../../../electron/core/devices/device-registry';
import type { LanyardStore } from '../../../electron/core/store/lanyard-store';
import type { StoredCommand } from '../../../electron/core/store/schema';

export const facts = (udid: string): AuthenticateFacts => ({
  udid,
  invitationId: 'inv-1',
  certificateSha256: 'ab'.repeat(32),
  platform: 'ios',
  name: 'Anna’s iPhone',
  serialNumber: 'F2LXXXX',
  model: 'iPhone15,2',
  modelName: 'iPhone',
  productName: 'iPhone15,2',
  osVersion: '18.1',
  buildVersion: '22B83',
});

export function command(deviceId: string, overrides: Partial<StoredCommand> = {}): StoredCommand {
  const uuid = randomUUID().toUpperCase();
  return {
    uuid,
    deviceId,
    requestType: 'DeviceInformation',
    plist: `<plist><dict><key>CommandUUID</key><string>${uuid}</string></dict></plist>`,
    message: null,
    summary: 'Device information',
    status: 'queued',
    queuedAt: new Date().toISOString(),
    sentAt: null,
    completedAt: null,
    expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
    notNowCount: 0,
    result: null,
    errorChain: null,
    origin: 'admin',
    ...overrides,
  };
}

/** The check-in store and command queue roles, against any LanyardStore. */
export function describeMdmStorageContract(name: string, open: () => Promise<{ store: LanyardStore; reopen: () => Promise<LanyardStore>; cleanup(): Promise<void> }>): void {
  describe(`MDM storage contract: ${name}`, () => {
    async function setup() {
      const opened = await open();
      const devices = new DeviceRegistry(opened.store);
      const queue = new TaskQueue(opened.store);
      const device = await opened.store.update((tx) => devices.authenticateIn(tx, facts('UDID-1')));
      return { ...opened, devices, queue, device };
    }

    it('finds a device by UDID and id after Authenticate, not yet enrolled', async () => {
      const { devices, device, store, cleanup } = await setup();
      expect(devices.byUdid('UDID-1')).toBe(device);
      expect(devices.byId(device.id)?.udid).toBe('UDID-1');
      expect(device.enrollmentStatus).toBe('authenticated');
      await store.close();
      await cleanup();
    });

    it('hands out commands oldest first, marking each sent', async () => {
      const { queue, device, store, cleanup } = await setup();
      const first = await queue.enqueue(command(device.id));
      const second = await queue.enqueue(command(device.id));
      const next = await store.update((tx) => queue.nextIn(tx, device.id, new Set()));
      expect(next?.uuid).toBe(first.uuid);
      expect(next?.status).toBe('sent');
      const after = await store.update((tx) => queue.nextIn(tx, device.id, new Set([first.uuid])));
      expect(after?.uuid).toBe(second.uuid);
      await store.close();
      await cleanup();
    });

    it('records a final answer once; a repeat changes nothing; an unknown UUID is refused', async () => {
      const { queue, device, store, cleanup } = await setup();
      const queued = await queue.enqueue(command(device.id));
      await store.update((tx) => queue.nextIn(tx, device.id, new Set()));
      const recorded = await store.update((tx) => queue.reportIn(tx, device.id, queued.uuid, 'acknowledged', { QueryResponses: { DeviceName: 'A' } }, null));
      expect(recorded.kind).toBe('recorded');
      const completedAt = queue.get(queued.uuid)!.completedAt;
      const again = await store.update((tx) => queue.reportIn(tx, device.id, queued.uuid, 'error', null, [{ ErrorCode: 1 }]));
      expect(again.kind).toBe('duplicate');
      expect(queue.get(queued.uuid)).toMatchObject({ status: 'acknowledged', completedAt, errorChain: null });
      expect(await store.update((tx) => queue.reportIn(tx, device.id, 'NOPE', 'acknowledged', null, null))).toEqual({ kind: 'unknown' });
      expect(await store.update((tx) => queue.reportIn(tx, 'other-device', queued.uuid, 'acknowledged', null, null))).toEqual({ kind: 'unknown' });
      await store.close();
      await cleanup();
    });

    it('keeps a NotNow command, tallies it, and offers it again unless skipped', async () => {
      const { queue, device, store, cleanup } = await setup();
      const queued = await queue.enqueue(command(device.id));
      await store.update((tx) => queue.nextIn(tx, device.id, new Set()));
      await store.update((tx) => queue.reportIn(tx, device.id, queued.uuid, 'notnow', null, null));
      expect(queue.get(queued.uuid)).toMatchObject({ status: 'notnow', notNowCount: 1 });
      expect(await store.update((tx) => queue.nextIn(tx, device.id, new Set([queued.uuid])))).toBeNull();
      expect((await store.update((tx) => queue.nextIn(tx, device.id, new Set())))?.uuid).toBe(queued.uuid);
      await store.close();
      await cleanup();
    });

    it('cancels open commands only, expires old ones, and clears the queue on a new Authenticate', async () => {
      const { queue, devices, device, store, cleanup } = await setup();
      const a = await queue.enqueue(command(device.id));
      const b = await queue.enqueue(command(device.id, { expiresAt: new Date(Date.now() - 1).toISOString() }));
      const c = await queue.enqueue(command(device.id));
      expect(await store.update((tx) => queue.cancelIn(tx, a.uuid))).toMatchObject({ status: 'cancelled' });
      expect(await store.update((tx) => queue.cancelIn(tx, a.uuid))).toBe('final');
      expect(await store.update((tx) => queue.cancelIn(tx, 'missing'))).toBe('unknown');
      expect((await store.update((tx) => queue.nextIn(tx, device.id, new Set())))?.uuid).toBe(c.uuid);
      expect(queue.get(b.uuid)?.status).toBe('expired');
      const d = await queue.enqueue(command(device.id));
      await store.update((tx) => {
        devices.authenticateIn(tx, facts('UDID-1'));
        queue.clearIn(tx, device.id, 'cleared');
      });
      expect(queue.get(d.uuid)?.status).toBe('cancelled');
      await store.close();
      await cleanup();
    });

    it('keeps a bounded history per device', async () => {
      const { queue, device, store, cleanup } = await setup();
      for (let i = 0; i < historyPerDevice + 10; i += 1) {
        const queued = await queue.enqueue(command(device.id));
        await store.update((tx) => {
          queue.nextIn(tx, device.id, new Set());
          queue.reportIn(tx, device.id, queued.uuid, 'acknowledged', null, null);
          queue.pruneIn(tx, device.id);
        });
      }
      expect(queue.forDevice(device.id)).toHaveLength(historyPerDevice);
      expect(store.collection('commands').size).toBe(historyPerDevice);
      await store.close();
      await cleanup();
    });

    it(`drops commands that finished more than ${finishedCommandDays} days ago, and nothing else`, async () => {
      const { device, store, reopen, cleanup } = await setup();
      const longAgo = new Date(Date.now() - (finishedCommandDays + 5) * 86_400_000).toISOString();
      const recent = new Date(Date.now() - 86_400_000).toISOString();
      const oldFinished = command(device.id, { queuedAt: longAgo, status: 'acknowledged', completedAt: longAgo, plist: '' });
      const oldOpen = command(device.id, { queuedAt: longAgo, status: 'notnow' });
      const oldQueuedRecentlyFinished = command(device.id, { queuedAt: longAgo, status: 'error', completedAt: recent, plist: '' });
      const newFinished = command(device.id, { queuedAt: recent, status: 'acknowledged', completedAt: recent, plist: '' });
      const queue = new TaskQueue(store);
      for (const c of [oldFinished, oldOpen, oldQueuedRecentlyFinished, newFinished]) await queue.enqueue(c);
      expect(await store.update((tx) => queue.pruneFinishedIn(tx))).toBe(1);
      expect(queue.get(oldFinished.uuid)).toBeNull();
      expect(queue.forDevice(device.id).map((c) => c.uuid)).toEqual([oldOpen.uuid, oldQueuedRecentlyFinished.uuid, newFinished.uuid]);
      expect(await store.update((tx) => queue.pruneFinishedIn(tx))).toBe(0);
      await store.close();
      const again = await reopen();
      expect(new TaskQueue(again).get(oldFinished.uuid)).toBeNull();
      expect(new TaskQueue(again).forDevice(device.id)).toHaveLength(3);
      await again.close();
      await cleanup();
    });

    it('survives a reopen with commands and results intact', async () => {
      const { queue, device, store, reopen, cleanup } = await setup();
      const queued = await queue.enqueue(command(device.id));
      await store.update((tx) => {
        queue.nextIn(tx, device.id, new Set());
        queue.reportIn(tx, device.id, queued.uuid, 'acknowledged', { Answer: 42 }, null);
      });
      await store.close();
      const again = await reopen();
      const queueAgain = new TaskQueue(again);
      expect(queueAgain.get(queued.uuid)).toMatchObject({ status: 'acknowledged', result: { Answer: 42 } });
      expect(queueAgain.open(device.id)).toEqual([]);
      expect(new DeviceRegistry(again).byUdid('UDID-1')?.id).toBe(device.id);
      await again.close();
      await cleanup();
    });
  });
}
