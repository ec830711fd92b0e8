import { afterAll, beforeAll, describe, expect, it, vi, type MockInstance } from 'vitest';
import { startMdmEnv, type MdmEnv } from '../../support/mdm-fixture';
import { bodyOf } from '../../support/test-core';

describe('APNs push behaviour', () => {
  let env: MdmEnv;
  /** Every push attempt the core makes (each wake of a device), to wait on attempts themselves rather than on time. */
  let pushes: MockInstance<MdmEnv['core']['mdm']['pusher']['push']>;
  beforeAll(async () => {
    env = await startMdmEnv();
    pushes = vi.spyOn(env.core.mdm.pusher, 'push');
  });
  afterAll(async () => {
    pushes.mockRestore();
    await env.stop();
  });

  /** The outcome of the latest push attempt to a device (the wake of a queued command starts one before the API answers). */
  const lastAttemptTo = (deviceId: string) => {
    const index = pushes.mock.calls.findLastIndex(([id]) => id === deviceId);
    expect(index).toBeGreaterThanOrEqual(0);
    return pushes.mock.results[index]!.value as ReturnType<MdmEnv['core']['mdm']['pusher']['push']>;
  };
  /** Waits until every push attempt started so far (and any push it started in turn) has finished. */
  const attemptsSettled = async () => {
    for (let seen = -1; seen !== pushes.mock.results.length; ) {
      seen = pushes.mock.results.length;
      await Promise.allSettled(pushes.mock.results.map((result) => result.value));
    }
  };

  it('marks a token dead on 410 Unregistered and uses it again after the next TokenUpdate', async () => {
    const { device, id } = await env.enrollDevice();
    await device.connect();
    env.apns.failToken(device.pushToken, { status: 410, reason: 'Unregistered' });
    await env.queue(id, { requestType: 'SecurityInfo' });
    await expect.poll(async () => (await bodyOf(await env.api(`/api/devices/${id}`))).pushState).toBe('dead');
    const detail = await bodyOf(await env.api(`/api/devices/${id}`));
    expect(detail.pushDeadReason).toMatch(/Unregistered/);
    const pushesBefore = env.apns.received.filter((p) => p.token === device.pushToken).length;
    await env.queue(id, { requestType: 'SecurityInfo' });
    await expect(lastAttemptTo(id)).resolves.toBeNull();
    expect(env.apns.received.filter((p) => p.token === device.pushToken).length).toBe(pushesBefore);
    env.apns.failToken(device.pushToken, undefined);
    await device.renewTokenUpdate();
    expect((await bodyOf(await env.api(`/api/devices/${id}`))).pushState).toBe('healthy');
    await env.queue(id, { requestType: 'SecurityInfo' });
    await expect.poll(() => env.apns.delivered.filter((p) => p.token === device.pushToken).length).toBeGreaterThan(0);
  });

  it('retries 429 and 503 with backoff until APNs accepts', async () => {
    const { device, id } = await env.enrollDevice();
    await device.connect();
    env.apns.failNext(2, { status: 503, reason: 'ServiceUnavailable' });
    const before = env.apns.delivered.filter((p) => p.token === device.pushToken).length;
    await env.queue(id, { requestType: 'ProfileList' });
    await expect.poll(() => env.apns.delivered.filter((p) => p.token === device.pushToken).length).toBe(before + 1);
    expect((await bodyOf(await env.api(`/api/devices/${id}`))).pushState).toBe('healthy');
  });

  it('re-pushes devices with waiting commands and nudges silent ones on the sweep', async () => {
    const { device, id } = await env.enrollDevice();
    await device.connect();
    await env.queue(id, { requestType: 'ProfileList' });
    await expect.poll(() => env.apns.delivered.filter((p) => p.token === device.pushToken).length).toBeGreaterThan(0);
    const count = () => env.apns.delivered.filter((p) => p.token === device.pushToken).length;
    const before = count();
    // Pretend 20 minutes went by without the device answering.
    await env.core.store.update((tx) => {
      const stored = env.core.store.collection('devices').get(id)!;
      stored.lastSeenAt = new Date(Date.now() - 20 * 60_000).toISOString();
      stored.push!.lastPushAt = new Date(Date.now() - 20 * 60_000).toISOString();
      tx.put('devices', stored);
    });
    await env.core.mdm.pusher.sweep();
    expect(count()).toBe(before + 1);
    await env.core.mdm.pusher.sweep();
    expect(count()).toBe(before + 1);
    await device.connect();
    await env.core.store.update((tx) => {
      const stored = env.core.store.collection('devices').get(id)!;
      stored.lastSeenAt = new Date(Date.now() - 25 * 3_600_000).toISOString();
      stored.push!.lastPushAt = new Date(Date.now() - 25 * 3_600_000).toISOString();
      tx.put('devices', stored);
    });
    await env.core.mdm.pusher.sweep();
    expect(count()).toBe(before + 2);
  });

  it('queues an inventory refresh when the last one is older than the schedule', async () => {
    const { device, id } = await env.enrollDevice();
    await device.connect();
    const inventory = async () => (await env.commands(id)).filter((c) => c.requestType === 'DeviceInformation').length;
    const before = await inventory();
    await env.core.mdm.sweep(new Date(Date.now() + 2 * 86_400_000));
    expect(await inventory()).toBe(before + 1);
    await env.core.mdm.sweep(new Date(Date.now() + 2 * 86_400_000));
    expect(await inventory()).toBe(before + 1);
  });

  it('stops pushing on a 403 certificate error, alerts the admin, and resumes after a new certificate', async () => {
    const { device, id } = await env.enrollDevice();
    await device.connect();
    env.apns.failNext(1, { status: 403, reason: 'BadCertificate' });
    await env.queue(id, { requestType: 'ProfileList' });
    await expect.poll(async () => (await bodyOf(await env.api('/api/push-certificate'))).blocked).toMatch(/BadCertificate/);
    const log = await bodyOf(await env.api('/api/activity?outcome=error'));
    expect(log.items.map((e: { action: string }) => e.action)).toContain('Push certificate rejected');
    // Let pushes that were already on the wire when the circuit opened land first.
    await attemptsSettled();
    const received = env.apns.received.length;
    await env.queue(id, { requestType: 'ProfileList' });
    await expect(lastAttemptTo(id)).resolves.toMatchObject({ kind: 'certificate-rejected' });
    expect(env.apns.received.length).toBe(received);
    await env.api('/api/push-certificate', { method: 'PUT', body: JSON.stringify({ certificatePem: env.pushPki.client.certificatePem, privateKeyPem: env.pushPki.client.privateKeyPem }) });
    expect((await bodyOf(await env.api('/api/push-certificate'))).blocked).toBeNull();
    await env.queue(id, { requestType: 'ProfileList' });
    await expect.poll(() => env.apns.received.length).toBeGreaterThan(received);
  });
});
