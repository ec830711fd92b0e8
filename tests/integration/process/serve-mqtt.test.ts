import { spawnSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { connect } from 'node:tls';
import { afterAll, describe, expect, it } from 'vitest';
import { createOfficeCa } from '../../../electron/core/pki/certificates';
import { adminApi, freePort, start, stopAll } from '../../support/serve-process';

/** The subject alternative names of the certificate the broker presents. */
function brokerCertificateNames(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, rejectUnauthorized: false }, () => {
      const names = socket.getPeerCertificate().subjectaltname ?? '';
      socket.destroy();
      resolve(names);
    });
    socket.once('error', reject);
  });
}

/** `serve` starts the embedded agent broker on --mqtt-port, over TLS with the office certificate. */
describe('npm run serve: the agent MQTT broker', () => {
  afterAll(() => stopAll());

  it('runs on --mqtt-port with Lanyard connected to it, and refuses an unknown login from mosquitto_sub', async () => {
    const mqttPort = await freePort();
    const server = await start({ args: ['--mdm-port', String(await freePort()), '--enrollment-http-port', '0', '--mqtt-port', String(mqttPort)] });
    const status = (await adminApi(server).get('/api/system/status')).body as { servers: { name: string; state: string; url?: string }[] };
    expect(status.servers).toEqual(
      expect.arrayContaining([
        { name: 'agent MQTT broker', state: 'running', url: `mqtts://127.0.0.1:${mqttPort}` },
        { name: 'agent channel', state: 'running', url: `mqtts://127.0.0.1:${mqttPort}` },
      ]),
    );
    const caFile = join(server.dataDir, 'office-ca.pem');
    await writeFile(caFile, (await adminApi(server).get('/api/pki')).body.ca.certificatePem);
    // --insecure skips only the host name check (the certificate names the public host); the chain is still checked.
    const subscribe = (args: string[]) => spawnSync('mosquitto_sub', ['-h', '127.0.0.1', '-p', String(mqttPort), '--insecure', '-t', 'lanyard/#', '-C', '1', '-W', '5', '-V', 'mqttv311', ...args], { encoding: 'utf8', timeout: 15_000 });
    const wrong = subscribe(['--cafile', caFile, '-u', 'lanyard-core', '-P', 'not-the-password']);
    expect(wrong.status).not.toBe(0);
    expect(wrong.stderr).toMatch(/bad user name or password/i);
    const stranger = join(server.dataDir, 'stranger-ca.pem');
    await writeFile(stranger, createOfficeCa({ organization: 'Stranger' }).certificatePem);
    const untrusted = subscribe(['--cafile', stranger, '-u', 'x', '-P', 'y']);
    expect(untrusted.status).not.toBe(0);
    expect(untrusted.stderr).toMatch(/certificate verify failed|tls|ssl/i);
    // A new public host reissues the office TLS certificate: the broker serves the new one without a restart.
    expect((await adminApi(server).patch('/api/settings', { network: { publicHost: 'mqtt.office.test' } })).status).toBe(200);
    const deadline = Date.now() + 10_000;
    while (!(await brokerCertificateNames(mqttPort)).includes('mqtt.office.test')) {
      if (Date.now() > deadline) throw new Error('the broker still serves the old certificate');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(await server.stop()).toBe(0);
  }, 60_000);

  it('is off with --mqtt-port 0', async () => {
    const server = await start({ args: ['--mdm-port', String(await freePort()), '--enrollment-http-port', '0', '--mqtt-port', '0'] });
    const status = (await adminApi(server).get('/api/system/status')).body as { servers: { name: string }[] };
    expect(status.servers.map((s) => s.name)).not.toContain('agent MQTT broker');
    await server.stop();
  });
});
