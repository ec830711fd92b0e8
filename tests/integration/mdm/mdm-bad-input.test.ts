import { createHash, randomBytes } from 'node:crypto';
import { build } from 'plist';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulatedDevice } from '../../support/device-simulator';
import { deviceRequest } from '../../support/device-http';
import { startMdmEnv, type MdmEnv } from '../../support/mdm-fixture';
import { bodyOf } from '../../support/test-core';

/** Everything a confused or hostile client might send: always a 4xx, never 401/403, never a state change. */
describe('MDM endpoints under bad input', () => {
  let env: MdmEnv;
  let device: SimulatedDevice;
  let other: SimulatedDevice;
  let deviceId: string;
  beforeAll(async () => {
    env = await startMdmEnv();
    ({ device, id: deviceId } = await env.enrollDevice());
    ({ device: other } = await env.enrollDevice());
    await device.connect();
    await other.connect();
    await env.queue(deviceId, { requestType: 'DeviceInformation' });
  });
  afterAll(() => env.stop());

  /** Devices and commands as stored; the time of the last push is set by the background pusher, not by requests. */
  const snapshot = () =>
    createHash('sha256')
      .update(JSON.stringify({ devices: [...env.core.store.collection('devices').values()].map((d) => ({ ...d, push: d.push && { ...d.push, lastPushAt: null } })), commands: [...env.core.store.collection('commands').values()] }))
      .digest('hex');

  async function expectRefused(send: () => Promise<{ status: number }>, statuses: number[] = [400]) {
    const before = snapshot();
    const { status } = await send();
    expect(statuses).toContain(status);
    expect(snapshot()).toBe(before);
  }

  const checkin = (dict: Record<string, unknown>) => Buffer.from(build(dict as never));
  const idle = () => Buffer.from(build({ UDID: device.udid, Status: 'Idle' }));

  it('refuses a malformed or truncated plist', async () => {
    await expectRefused(() => device.sendRaw({ channel: 'checkin', body: Buffer.from('<?xml version="1.0"?><plist><dict><key>MessageType</key>') }));
    const whole = checkin({ MessageType: 'TokenUpdate', UDID: device.udid, Token: new Uint8Array(32), PushMagic: 'x' });
    await expectRefused(() => device.sendRaw({ channel: 'checkin', body: whole.subarray(0, whole.length / 2) }));
    await expectRefused(() => device.sendRaw({ channel: 'checkin', body: Buffer.from('bplist00garbage') }));
  });

  it('refuses a wrong content type and a wrong method', async () => {
    await expectRefused(() => device.sendRaw({ channel: 'server', body: idle(), contentType: 'application/json' }));
    await expectRefused(() => device.sendRaw({ channel: 'checkin', body: idle(), contentType: 'application/x-apple-aspen-mdm' }));
    const get = await deviceRequest(`https://127.0.0.1:${env.mdmPort}/mdm/server`, { ca: env.caPem });
    expect(get.status).toBe(405);
  });

  it('refuses an unknown UDID, an unknown message type and missing ids', async () => {
    await expectRefused(() => device.sendRaw({ channel: 'server', body: Buffer.from(build({ UDID: 'NOT-A-DEVICE', Status: 'Idle' })) }));
    await expectRefused(() => device.sendRaw({ channel: 'checkin', body: checkin({ MessageType: 'Teleport', UDID: device.udid }) }));
    await expectRefused(() => device.sendRaw({ channel: 'checkin', body: checkin({ MessageType: 'TokenUpdate' }) }));
    await expectRefused(() => device.sendRaw({ channel: 'server', body: Buffer.from(build({ Status: 'Idle' })) }));
  });

  it('refuses a missing or bad signature, and another device’s certificate', async () => {
    await expectRefused(() => device.sendRaw({ channel: 'server', body: idle(), signature: 'none' }));
    await expectRefused(() => device.sendRaw({ channel: 'server', body: idle(), signature: 'garbage' }));
    try {
      device.withIdentity(other);
      await expectRefused(() => device.sendRaw({ channel: 'server', body: idle() }));
    } finally {
      device.withIdentity(null);
    }
  });

  it('refuses a result for an unknown command without harm', async () => {
    await expectRefused(() => device.sendRaw({ channel: 'server', body: Buffer.from(build({ UDID: device.udid, Status: 'Acknowledged', CommandUUID: 'NO-SUCH-COMMAND' })) }));
  });

  it('answers 413 to an oversized body', async () => {
    await expectRefused(() => device.sendRaw({ channel: 'checkin', body: Buffer.alloc(300 * 1024, 'a') }), [413]);
  });

  it('survives thousands of randomly mutated bodies with 4xx answers and no state change', async () => {
    const seeds = [
      checkin({ MessageType: 'Authenticate', UDID: device.udid, DeviceName: 'x', SerialNumber: 'y' }),
      checkin({ MessageType: 'TokenUpdate', UDID: device.udid, Token: new Uint8Array(32), PushMagic: 'magic', Topic: 't' }),
      Buffer.from(build({ UDID: device.udid, Status: 'Acknowledged', CommandUUID: 'ABC', QueryResponses: { DeviceName: 'n' } })),
    ];
    const statuses = new Map<number, number>();
    const before = snapshot();
    for (let i = 0; i < 2000; i += 1) {
      const body = Buffer.from(seeds[i % seeds.length]!);
      const flips = 1 + (i % 8);
      for (let f = 0; f < flips; f += 1) body[randomBytes(4).readUInt32BE() % body.length] = randomBytes(1)[0]!;
      // Sign the mutated bytes with a key that is not the device's: only the body parser and the checks see it.
      const response = await device.sendRaw({ channel: i % 3 === 2 ? 'server' : 'checkin', body, signature: i % 2 ? 'garbage' : 'none' });
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
    }
    console.log(`mutated bodies: ${JSON.stringify(Object.fromEntries(statuses))}`);
    expect([...statuses.keys()].every((status) => status >= 400 && status < 500 && status !== 401 && status !== 403)).toBe(true);
    expect(snapshot()).toBe(before);
    const health = await bodyOf(await env.api('/api/health'.replace('/api/health', '/api/system/status')));
    expect(health.servers.find((s: { name: string }) => s.name === 'device HTTPS').state).toBe('running');
  });

  it('survives validly signed mutated check-ins: 4xx or a harmless 200, never 401/403', async () => {
    const base = checkin({ MessageType: 'TokenUpdate', UDID: device.udid, Token: Buffer.from(device.pushToken, 'hex'), PushMagic: device.pushMagic, Topic: env.pushPki.client.topic });
    const statuses = new Map<number, number>();
    for (let i = 0; i < 200; i += 1) {
      const body = Buffer.from(base);
      body[randomBytes(4).readUInt32BE() % body.length] = randomBytes(1)[0]!;
      const response = await device.sendRaw({ channel: 'checkin', body });
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
    }
    console.log(`signed mutated check-ins: ${JSON.stringify(Object.fromEntries(statuses))}`);
    expect([...statuses.keys()].every((status) => status === 200 || (status >= 400 && status < 500 && status !== 401 && status !== 403))).toBe(true);
    expect(env.core.mdm.devices.byUdid(device.udid)?.enrollmentStatus).toBe('enrolled');
  });
});
