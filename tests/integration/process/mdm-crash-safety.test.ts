import { writeFile } from 'node:fs/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { ApnsTestServer, createTestPushPki } from '../../support/apns-test-server';
import { SimulatedDevice } from '../../support/device-simulator';
import { deviceRequest } from '../../support/device-http';
import { adminApi, createDataDir, freePort, start, stopAll } from '../../support/serve-process';

/** The real server process, with its APNs client trusting a local test server through NODE_EXTRA_CA_CERTS. */
describe('MDM crash safety, and APNs through --apns-url and NODE_EXTRA_CA_CERTS', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup();
    await stopAll();
  });

  it('pushes to the configured APNs server, and keeps an Acknowledged result answered 200 when killed -9 right after', async () => {
    const pki = createTestPushPki();
    const apns = await ApnsTestServer.start({ serverCertPem: pki.serverCertPem, serverKeyPem: pki.serverKeyPem, clientCaPem: pki.caCertPem });
    cleanups.push(() => apns.close());
    const dataDir = await createDataDir();
    const extraCa = `${dataDir}-apns-ca.pem`;
    await writeFile(extraCa, pki.caCertPem);
    const mdmPort = await freePort();
    const options = {
      dataDir,
      args: ['--mdm-port', String(mdmPort), '--enrollment-http-port', '0', '--public-host', '127.0.0.1', '--apns-url', apns.url],
      env: { NODE_EXTRA_CA_CERTS: extraCa },
    };
    const server = await start(options);
    const api = adminApi(server);
    expect((await api.put('/api/push-certificate', { certificatePem: pki.client.certificatePem, privateKeyPem: pki.client.privateKeyPem })).status).toBe(200);
    const officeCa = (await api.get('/api/pki')).body.ca.certificatePem as string;
    const invitation = (await api.post('/api/invitations', { label: 'crash test' })).body;
    const profile = await deviceRequest(invitation.profileUrl, { ca: officeCa });
    const device = new SimulatedDevice({ platform: 'ios', supervised: true, trustedCaPem: officeCa });
    cleanups.push(() => device.close());
    await device.enroll(profile.body);
    await expect.poll(() => apns.delivered.some((push) => push.token === device.pushToken), { timeout: 10_000 }).toBe(true);
    await device.connect();

    const deviceId = (await api.get('/api/devices')).body.items[0].id as string;
    const queued = (await api.post(`/api/devices/${deviceId}/commands`, { requestType: 'DeviceInformation', queries: ['DeviceName', 'SerialNumber'] })).body;
    const session = await device.connect();
    const ack = session.exchanges.find((exchange) => exchange.sent.CommandUUID === queued.commandUuid);
    expect(ack?.sent.Status).toBe('Acknowledged');
    expect(ack?.httpStatus).toBe(200);
    await server.kill9();

    const again = await start(options);
    const history = (await adminApi(again).get(`/api/devices/${deviceId}/commands`)).body.items as { commandUuid: string; status: string; result: { QueryResponses: Record<string, string> } }[];
    const stored = history.find((command) => command.commandUuid === queued.commandUuid)!;
    expect(stored.status).toBe('acknowledged');
    expect(stored.result.QueryResponses.SerialNumber).toBe(device.serialNumber);
    await again.stop();
  });
});
