import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { liveEvents } from '../../support/live-events';
import { startMdmEnv, type MdmEnv } from '../../support/mdm-fixture';
import { enrolTestAgent, type TestAgent } from '../../support/test-agent';
import { bodyOf, freePort, testToken } from '../../support/test-core';

const wifi = { PayloadType: 'com.apple.wifi.managed', SSID_STR: 'Front desk', EncryptionType: 'WPA2', Password: 'front desk pass', AutoJoin: true };

/**
 * A fleet's blueprint over both channels, against simulated Apple devices
 * and bare MQTT agents: applied at enrolment, on joining the fleet and when
 * an item is added; what it installed is taken off when an item is taken
 * out or a device leaves, and nothing else.
 */
describe('blueprints', () => {
  let env: MdmEnv;
  let events: ReturnType<typeof liveEvents>;
  const agents: TestAgent[] = [];
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await env.api(path, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    return { status: response.status, body: await bodyOf(response) };
  };
  const counts = async (fleetId: string) => Object.fromEntries((await call('GET', `/api/fleets/${fleetId}/blueprint`)).body.items.map((i: { key: string; counts: Record<string, number> }) => [i.key.split(':')[0], i.counts]));

  beforeAll(async () => {
    env = await startMdmEnv({ mqtt: { port: await freePort() } });
    events = liveEvents({ url: env.url, token: testToken });
    await events.ready();
  });
  afterAll(async () => {
    for (const agent of agents) await agent.disconnect().catch(() => undefined);
    events?.close();
    await env?.stop();
  });

  it('refuses an item the library does not have, or twice the same, and stores nothing', async () => {
    const fleet = (await call('POST', '/api/fleets', { name: 'Checked' })).body;
    const bad: [unknown, number, string][] = [
      [[{ kind: 'profile', profileId: 'missing' }], 404, 'items.0.profileId'],
      [[{ kind: 'file', fileId: 'missing', destination: 'a.txt' }], 404, 'items.0.fileId'],
      [[{ kind: 'app', iTunesStoreId: 1 }, { kind: 'app', iTunesStoreId: 1 }], 400, 'items.1'],
      [[{ kind: 'command', requestType: 'RestartDevice' }], 400, 'items.0'],
      [[{ kind: 'file', fileId: 'x', destination: '../out' }], 400, 'items.0.destination'],
    ];
    for (const [items, status, field] of bad) {
      const refused = await call('PUT', `/api/fleets/${fleet.id}/blueprint`, { items });
      expect(refused.status, JSON.stringify(refused.body)).toBe(status);
      expect(refused.body.field, JSON.stringify(refused.body)).toBe(field);
    }
    expect((await call('GET', `/api/fleets/${fleet.id}/blueprint`)).body).toEqual({ fleetId: fleet.id, items: [], updatedAt: null, removing: 0 });
    expect((await call('PUT', '/api/fleets/nope/blueprint', { items: [] })).status).toBe(404);
  });

  it('applies the blueprint at enrolment and on joining, removes only what it installed, and marks what does not fit', async () => {
    const fleet = (await call('POST', '/api/fleets', { name: 'Front desk' })).body;
    const profile = (await call('POST', '/api/profiles', { name: 'Front desk Wi-Fi', identifier: 'com.example.frontdesk.wifi', payloads: [wifi] })).body;
    const upload = await env.api('/api/files?name=welcome.txt', { method: 'POST', body: 'Welcome to the front desk.\n', headers: { 'content-type': 'text/plain' } });
    const file = await bodyOf(upload);
    const items = [
      { kind: 'profile', profileId: profile.id },
      { kind: 'app', iTunesStoreId: 361309726 },
      { kind: 'file', fileId: file.id, destination: 'desk/welcome.txt' },
    ];
    const set = await call('PUT', `/api/fleets/${fleet.id}/blueprint`, { items });
    expect(set.status).toBe(200);
    expect(set.body.items.map((i: { summary: string }) => i.summary)).toEqual(['Install profile "Front desk Wi-Fi" (com.example.frontdesk.wifi)', 'Install app 361309726', 'Deploy welcome.txt to desk/welcome.txt']);

    // An iPad enrols with an invitation that names the fleet: it gets the profile and the app, the file does not fit it.
    const ipad = await env.enrollDevice({ name: 'Desk iPad' }, { fleetId: fleet.id });
    // It listens for pushes, then checks in once, as iOS does after installing the enrollment profile (a push in between is not missed).
    ipad.device.wakeOnPush(env.apns);
    await ipad.device.connect();
    await expect.poll(() => counts(fleet.id), { timeout: 15_000 }).toMatchObject({ profile: { installed: 1 }, app: { installed: 1 }, file: { not_applicable: 1 } });
    expect(ipad.device.state.profiles.has('com.example.frontdesk.wifi')).toBe(true);
    expect(ipad.device.state.apps.has('com.appstore.app361309726')).toBe(true);
    // A profile the admin installed by hand is not the blueprint's.
    const own = Buffer.from(
      `<?xml version="1.0" encoding="UTF-8"?><plist version="1.0"><dict><key>PayloadType</key><string>Configuration</string><key>PayloadIdentifier</key><string>com.example.byhand</string><key>PayloadUUID</key><string>0A6B3D8E-2C64-4C8E-9D57-3C6F0B1E9A11</string><key>PayloadVersion</key><integer>1</integer><key>PayloadContent</key><array/></dict></plist>`,
    ).toString('base64');
    expect((await env.queue(ipad.id, { requestType: 'InstallProfile', profileBase64: own })).status).toBe(202);
    await expect.poll(() => ipad.device.state.profiles.has('com.example.byhand'), { timeout: 15_000 }).toBe(true);

    // A PC moved into the fleet gets the file; the profile and app do not fit it.
    const pc = await enrolTestAgent({ mdmPort: env.mdmPort, caPem: env.caPem }, (await call('POST', '/api/invitations', {})).body, 'DESK-PC');
    agents.push(pc);
    await pc.connect();
    expect((await call('POST', `/api/fleets/${fleet.id}/devices`, { deviceIds: [pc.id] })).status).toBe(200);
    await expect.poll(() => counts(fleet.id), { timeout: 15_000 }).toMatchObject({ profile: { installed: 1, not_applicable: 1 }, app: { installed: 1, not_applicable: 1 }, file: { installed: 1, not_applicable: 1 } });
    const fileTasks = (await env.commands(pc.id)).filter((c) => c.requestType === 'DeployFile');
    expect(fileTasks).toHaveLength(1);

    // Taking the profile out of the blueprint removes it from the iPad, and only it.
    const taken = await call('PUT', `/api/fleets/${fleet.id}/blueprint`, { items: items.slice(1) });
    expect(taken.body.items).toHaveLength(2);
    await expect.poll(() => ipad.device.state.profiles.has('com.example.frontdesk.wifi'), { timeout: 15_000 }).toBe(false);
    expect(ipad.device.state.profiles.has('com.example.byhand')).toBe(true);
    expect(ipad.device.state.apps.has('com.appstore.app361309726')).toBe(true);
    await expect.poll(async () => (await call('GET', `/api/fleets/${fleet.id}/blueprint`)).body.removing, { timeout: 15_000 }).toBe(0);

    // The iPad leaves the fleet: the app the blueprint installed goes, with the bundle id the device reported.
    expect((await call('POST', '/api/fleets/unassigned/devices', { deviceIds: [ipad.id] })).status).toBe(200);
    await expect.poll(() => ipad.device.state.apps.has('com.appstore.app361309726'), { timeout: 15_000 }).toBe(false);
    const removals = (await env.commands(ipad.id)).filter((c) => c.requestType === 'RemoveApplication' || c.requestType === 'RemoveProfile');
    expect(removals.map((c) => `${c.requestType}:${c.status}`).sort()).toEqual(['RemoveApplication:acknowledged', 'RemoveProfile:acknowledged']);
    expect(ipad.device.state.profiles.has('com.example.byhand')).toBe(true);
    await expect.poll(() => counts(fleet.id), { timeout: 15_000 }).toMatchObject({ app: { installed: 0, not_applicable: 1 }, file: { installed: 1 } });

    // Adding an item later reaches the devices already in the fleet.
    const again = await call('PUT', `/api/fleets/${fleet.id}/blueprint`, { items: [...items.slice(1), { kind: 'file', fileId: file.id, destination: 'desk/copy.txt' }] });
    expect(again.body.items).toHaveLength(3);
    await expect.poll(async () => (await env.commands(pc.id)).filter((c) => c.requestType === 'DeployFile').length, { timeout: 15_000 }).toBe(2);
    await ipad.device.stopWaking();
  });
});
