import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMdmEnv, type MdmEnv } from '../../support/mdm-fixture';
import { build } from 'plist';
import { deviceRequest } from '../../support/device-http';
import { bodyOf } from '../../support/test-core';

/** Profile → SCEP → Authenticate → TokenUpdate → command → APNs push → device connects → result stored. */
describe('Apple MDM end to end', () => {
  let env: MdmEnv;
  beforeAll(async () => {
    env = await startMdmEnv();
  });
  afterAll(() => env.stop());

  it('enrolls a device, marks its invitation used and records the enrollment', async () => {
    const { device, id, invitation } = await env.enrollDevice({ name: 'Reception iPhone' }, { label: 'reception' });
    const detail = await bodyOf(await env.api(`/api/devices/${id}`));
    expect(detail).toMatchObject({ udid: device.udid, enrollmentStatus: 'enrolled', pushState: 'healthy', platform: 'ios', hasUnlockToken: true });
    expect((await bodyOf(await env.api(`/api/invitations/${invitation.id}`))).status).toBe('used');
    const log = await bodyOf(await env.api(`/api/activity?subjectId=${invitation.id}`));
    expect(log.items.map((e: { action: string }) => e.action)).toContain('Device enrolled');
    const listed = (await bodyOf(await env.api('/api/devices'))).items.find((d: { id: string }) => d.id === id);
    expect(Object.keys(listed)).toEqual(expect.arrayContaining(['id', 'udid', 'serialNumber', 'name', 'model', 'osVersion', 'enrollmentStatus', 'lastSeenAt', 'supervised']));
  });

  it('enrolls no second device with a used-up single-use invitation', async () => {
    const invitation = await env.invite({ label: 'single use' });
    const profile = (await deviceRequest(invitation.profileUrl, { ca: env.caPem })).body;
    const { SimulatedDevice } = await import('../../support/device-simulator');
    const first = new SimulatedDevice({ platform: 'ios', trustedCaPem: env.caPem });
    const second = new SimulatedDevice({ platform: 'ios', trustedCaPem: env.caPem });
    try {
      await first.enroll(profile);
      await expect(second.enroll(profile)).rejects.toThrow();
      expect((await bodyOf(await env.api(`/api/invitations/${invitation.id}`))).uses).toBe(1);
      expect(env.core.mdm.devices.byUdid(second.udid)?.enrollmentStatus ?? 'none').not.toBe('enrolled');
    } finally {
      first.close();
      second.close();
    }
  });

  it('pushes after enrollment and fills the inventory when the device connects', async () => {
    const { device, id } = await env.enrollDevice({ name: 'Inventory iPad', platform: 'ipados' });
    await expect.poll(() => env.apns.delivered.some((p) => p.token === device.pushToken)).toBe(true);
    const recorded = env.apns.delivered.find((p) => p.token === device.pushToken);
    expect(recorded!.body).toEqual({ mdm: device.pushMagic });
    expect(recorded!.headers).toMatchObject({ 'apns-push-type': 'mdm', 'apns-topic': env.pushPki.client.topic, 'apns-priority': '10' });
    const expiration = Number(recorded!.headers['apns-expiration']);
    expect(expiration - Date.now() / 1000).toBeGreaterThan(7 * 86_400 - 120);
    await device.connect();
    const detail = await bodyOf(await env.api(`/api/devices/${id}`));
    expect(detail.name).toBe(device.name);
    expect(detail.serialNumber).toBe(device.serialNumber);
    expect(detail.osVersion).not.toBe('');
    expect(detail.supervised).toBe(true);
    expect(detail.security).toBeTruthy();
    expect(detail.profiles.length).toBeGreaterThan(0);
    expect(detail.apps.length).toBeGreaterThan(0);
    expect(detail.inventoryAt).not.toBeNull();
    const history = await env.commands(id);
    expect(history.map((c) => `${c.requestType}:${c.status}`).sort()).toEqual(['DeviceInformation:acknowledged', 'InstalledApplicationList:acknowledged', 'ProfileList:acknowledged', 'SecurityInfo:acknowledged']);
  });

  it('queues a command through the admin API, pushes, and stores the answer when the woken device connects', async () => {
    const { device, id } = await env.enrollDevice();
    await device.connect();
    device.wakeOnPush(env.apns);
    const response = await env.queue(id, { requestType: 'DeviceLock', message: 'Call IT', phoneNumber: '+1 555 0100' });
    expect(response.status).toBe(202);
    const queued = await bodyOf(response);
    expect(queued).toEqual({ commandUuid: expect.any(String), status: 'queued' });
    await expect.poll(async () => (await env.commands(id)).find((c) => c.commandUuid === queued.commandUuid)?.status, { timeout: 10_000 }).toBe('acknowledged');
    const lock = (await env.commands(id)).find((c) => c.commandUuid === queued.commandUuid)!;
    expect(lock.result).toHaveProperty('MessageResult');
    await device.stopWaking();
  });

  it('skips a NotNow command for the rest of the connection and delivers it on the next one', async () => {
    const { device, id } = await env.enrollDevice();
    await device.connect();
    device.answerNext('DeviceInformation', 'NotNow');
    const queued = await bodyOf(await env.queue(id, { requestType: 'DeviceInformation' }));
    const firstSession = await device.connect();
    expect(firstSession.commands.filter((c) => c.requestType === 'DeviceInformation')).toHaveLength(1);
    let command = (await env.commands(id)).find((c) => c.commandUuid === queued.commandUuid)!;
    expect(command).toMatchObject({ status: 'notnow', notNowCount: 1 });
    await device.connect();
    command = (await env.commands(id)).find((c) => c.commandUuid === queued.commandUuid)!;
    expect(command).toMatchObject({ status: 'acknowledged', notNowCount: 1 });
  });

  it('keeps the ErrorChain of a failed command', async () => {
    const { device, id } = await env.enrollDevice();
    await device.connect();
    device.answerNext('RestartDevice', 'Error');
    const queued = await bodyOf(await env.queue(id, { requestType: 'RestartDevice' }));
    await device.connect();
    const command = (await env.commands(id)).find((c) => c.commandUuid === queued.commandUuid)!;
    expect(command.status).toBe('error');
    expect(Array.isArray(command.errorChain)).toBe(true);
    const log = await bodyOf(await env.api(`/api/activity?subjectId=${id}&outcome=error`));
    expect(log.items[0].message).toMatch(/^Restart failed: /);
  });

  it('cancels a queued command so the device never receives it', async () => {
    const { device, id } = await env.enrollDevice();
    await device.connect();
    const queued = await bodyOf(await env.queue(id, { requestType: 'Settings', deviceName: 'Never' }));
    const cancelled = await env.api(`/api/commands/${queued.commandUuid}`, { method: 'DELETE' });
    expect((await bodyOf(cancelled)).status).toBe('cancelled');
    const session = await device.connect();
    expect(session.commands.map((c) => c.requestType)).not.toContain('Settings');
    expect((await env.api(`/api/commands/${queued.commandUuid}`, { method: 'DELETE' })).status).toBe(409);
    expect((await env.api('/api/commands/NO-SUCH-UUID', { method: 'DELETE' })).status).toBe(404);
  });

  it('renames a supervised device and refuses what a device cannot run, with the reason', async () => {
    const supervised = await env.enrollDevice({ supervised: true });
    await supervised.device.connect();
    await env.queue(supervised.id, { requestType: 'Settings', deviceName: 'Front Desk' });
    await supervised.device.connect();
    expect((await bodyOf(await env.api(`/api/devices/${supervised.id}`))).name).toBe('Front Desk');

    const unsupervised = await env.enrollDevice({ supervised: false });
    await unsupervised.device.connect();
    for (const body of [{ requestType: 'EnableLostMode', message: 'Lost' }, { requestType: 'Settings', deviceName: 'X' }]) {
      const refused = await env.queue(unsupervised.id, body);
      expect(refused.status).toBe(409);
      expect((await bodyOf(refused)).message).toMatch(/not supervised/);
    }
    const mac = await env.enrollDevice({ platform: 'macos' });
    await mac.device.connect();
    const lostMac = await env.queue(mac.id, { requestType: 'EnableLostMode', message: 'Lost' });
    expect((await bodyOf(lostMac)).message).toMatch(/only available on iPhone and iPad/);
    const lockWithoutPin = await env.queue(mac.id, { requestType: 'DeviceLock' });
    expect((await bodyOf(lockWithoutPin)).message).toMatch(/6-digit PIN/);
    const badPin = await env.queue(mac.id, { requestType: 'DeviceLock', pin: '12ab' });
    expect(await bodyOf(badPin)).toMatchObject({ code: 'bad_request', field: 'pin' });
    const unknown = await env.queue(mac.id, { requestType: 'Teleport' });
    expect(unknown.status).toBe(400);
  });

  it('runs lost mode on a supervised iPhone: locate only while lost, location stored and shown', async () => {
    const { device, id } = await env.enrollDevice({ supervised: true });
    await device.connect();
    const notLost = await env.queue(id, { requestType: 'DeviceLocation' });
    expect(notLost.status).toBe(409);
    expect((await bodyOf(notLost)).message).toMatch(/not in lost mode/);
    expect((await bodyOf(await env.api(`/api/devices/${id}`))).unavailableCommands.DeviceLocation).toMatch(/not in lost mode/);
    await env.queue(id, { requestType: 'EnableLostMode', message: 'Please call the office', phoneNumber: '+1 555 0100' });
    await device.connect();
    expect((await bodyOf(await env.api(`/api/devices/${id}`))).lostMode).toBe(true);
    expect((await env.queue(id, { requestType: 'DeviceLocation' })).status).toBe(202);
    await device.connect();
    const located = await bodyOf(await env.api(`/api/devices/${id}`));
    expect(located.location).toMatchObject({ Latitude: expect.any(Number), Longitude: expect.any(Number) });
    await env.queue(id, { requestType: 'DisableLostMode' });
    await device.connect();
    const found = await bodyOf(await env.api(`/api/devices/${id}`));
    expect(found.lostMode).toBe(false);
    expect(found.location).toBeNull();
  });

  it('clears the passcode with the escrowed UnlockToken', async () => {
    const { device, id } = await env.enrollDevice({ platform: 'ios' });
    await device.connect();
    const queued = await bodyOf(await env.queue(id, { requestType: 'ClearPasscode' }));
    await device.connect();
    expect((await env.commands(id)).find((c) => c.commandUuid === queued.commandUuid)!.status).toBe('acknowledged');
  });

  it('marks a device that checks out as unenrolled and keeps its history', async () => {
    const { device, id } = await env.enrollDevice();
    await device.connect();
    const before = (await env.commands(id)).length;
    await device.checkOut();
    const detail = await bodyOf(await env.api(`/api/devices/${id}`));
    expect(detail.enrollmentStatus).toBe('unenrolled');
    expect(detail.checkedOutAt).not.toBeNull();
    expect((await env.commands(id)).length).toBe(before);
    expect((await env.queue(id, { requestType: 'DeviceInformation' })).status).toBe(409);
  });

  it('accepts the identity as a TLS client certificate instead of Mdm-Signature, and checks it the same way', async () => {
    const { device } = await env.enrollDevice();
    await device.connect();
    const idle = Buffer.from(build({ UDID: device.udid, Status: 'Idle' }));
    const url = `https://127.0.0.1:${env.mdmPort}/mdm/server`;
    const headers = { 'content-type': 'application/x-apple-aspen-mdm' };
    const withOwn = await deviceRequest(url, { ca: env.caPem, method: 'PUT', headers, body: idle, cert: device.identity.certificatePem, key: device.identity.privateKeyPem });
    expect(withOwn.status).toBe(200);
    const stranger = env.pushPki.issueClientCertificate();
    const withForeign = await deviceRequest(url, { ca: env.caPem, method: 'PUT', headers, body: idle, cert: stranger.certificatePem, key: stranger.privateKeyPem });
    expect(withForeign.status).toBe(400);
    expect(withForeign.body.toString()).toMatch(/not issued by the office CA/);
    const withNone = await deviceRequest(url, { ca: env.caPem, method: 'PUT', headers, body: idle });
    expect(withNone.status).toBe(400);
  });

  it('answers 401 only to a device the admin removed, which then unenrolls', async () => {
    const { device, id } = await env.enrollDevice();
    await device.connect();
    const removed = await env.api(`/api/devices/${id}`, { method: 'DELETE' });
    expect((await bodyOf(removed)).enrollmentStatus).toBe('removed');
    const session = await device.connect();
    expect(session.finalHttpStatus).toBe(401);
    expect(device.unenrolled).toBe(true);
  });
});
