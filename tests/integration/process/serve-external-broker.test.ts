import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOfficeCa, issueTlsServerCertificate } from '../../../electron/core/pki/certificates';
import { agentCommand, runAgent, stopAllAgents } from '../../support/agent-process';
import { liveEvents } from '../../support/live-events';
import { MosquittoServer } from '../../support/mosquitto-server';
import { adminApi, freePort, start, stopAll, type ServeProcess } from '../../support/serve-process';

const run = promisify(execFile);

/**
 * `serve --mqtt-url mqtts://…` with a real Mosquitto 2 over TLS: Lanyard
 * creates each agent's login and ACL through the dynamic-security plugin, and
 * the same reference agent works unchanged.
 */
describe('serve with an external Mosquitto broker', () => {
  let mosquitto: MosquittoServer;
  let server: ServeProcess;
  let folder: string;

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'lanyard-external-'));
    const brokerCa = createOfficeCa({ organization: 'Broker Host' });
    mosquitto = await MosquittoServer.start({ tls: { ...issueTlsServerCertificate(brokerCa, { hosts: ['127.0.0.1'] }), caPem: brokerCa.certificatePem } });
    await writeFile(join(folder, 'broker-ca.pem'), brokerCa.certificatePem);
    server = await start({
      args: ['--public-host', '127.0.0.1', '--mdm-port', String(await freePort()), '--enrollment-http-port', '0', '--mqtt-url', mosquitto.url, '--mqtt-admin-username', mosquitto.admin.username, '--mqtt-ca-file', join(folder, 'broker-ca.pem')],
      env: { LANYARD_MQTT_ADMIN_PASSWORD: mosquitto.admin.password },
    });
  }, 60_000);

  afterAll(async () => {
    await stopAllAgents();
    await stopAll();
    await mosquitto?.stop();
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  it('enrols the reference agent with a login Mosquitto knows, runs its tasks, and deletes the login when it unenrols', async () => {
    const api = adminApi(server);
    const status = (await api.get('/api/system/status')).body as { servers: { name: string; state: string; url?: string }[] };
    expect(status.servers).toContainEqual({ name: 'agent MQTT broker (external)', state: 'running', url: mosquitto.url });
    expect(server.output()).not.toContain(mosquitto.admin.password);
    const invitation = (await api.post('/api/invitations', { label: 'External' })).body;
    const stateDir = join(folder, 'agent');
    const enrolled = agentCommand(['enroll', invitation.agentUrl, '--state-dir', stateDir, '--serial', 'EXT-1']);
    expect(enrolled.status, enrolled.stderr).toBe(0);
    const saved = JSON.parse(await readFile(join(stateDir, 'enrollment.json'), 'utf8'));
    expect(saved.mqtt.url).toBe(mosquitto.url);

    const events = liveEvents(server);
    await events.ready();
    const online = events.next('devices.changed', (d) => d.id === saved.agentId && d.online === true, 15_000);
    const agent = runAgent(stateDir);
    await online;
    const ping = (await api.post(`/api/devices/${saved.agentId}/commands`, { requestType: 'Ping' })).body.commandUuid;
    expect((await events.next('commands.changed', (c) => c.commandUuid === ping && c.status === 'done', 15_000)).payload.result).toEqual({ detail: expect.stringMatching(/^pong/) });

    // mosquitto_sub with the agent's own login: another agent's commands are refused, its own are not.
    const sub = (topic: string) =>
      run('mosquitto_sub', ['-h', '127.0.0.1', '-p', String(mosquitto.port), '--cafile', join(folder, 'broker-ca.pem'), '-u', saved.mqtt.username, '-P', saved.mqtt.password, '-i', 'ext-probe', '-t', topic, '-C', '1', '-W', '2', '-V', 'mqttv311'], { timeout: 15_000 }).then(
        ({ stdout, stderr }) => `exit 0: ${stdout} ${stderr}`,
        (error: { stdout?: string; stderr?: string; code?: number }) => `exit ${error.code}: ${error.stdout ?? ''} ${error.stderr ?? ''}`,
      );
    const other = await sub('lanyard/agents/someone-else/command/#');
    expect(other).toMatch(/denied/i);

    const removed = events.next('devices.removed', (r) => r.id === saved.agentId, 15_000);
    expect((await api.delete(`/api/devices/${saved.agentId}`)).body.enrollmentStatus).toBe('unenrolling');
    await removed;
    expect(await agent.exited).toBe(0);
    expect(await sub(`${saved.mqtt.topicRoot}/command/#`)).toMatch(/not authori[sz]ed|bad user name or password/i);
    events.close();
  }, 90_000);
});
