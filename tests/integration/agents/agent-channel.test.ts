import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createHash, randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { request } from 'node:https';
import { join } from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AgentEnrollResponse } from '../../../contract/agent-protocol';
import { silentLogger, type Logger } from '../../../electron/core/logger';
import { tempDir } from '../../support/core-fixtures';
import { authed, bodyOf, freePort, startTestCore } from '../../support/test-core';

type Core = Awaited<ReturnType<typeof startTestCore>>;
const run = promisify(execFile);

/** A POST to the device-facing server that trusts the office CA, as an agent makes it. */
function devicePost(core: Core, path: string, body: string, contentType = 'application/json'): Promise<{ status: number; json: Record<string, unknown> }> {
  return deviceRequest(core, 'POST', path, { 'content-type': contentType }, body).then(({ status, body: text }) => ({ status, json: JSON.parse(text.toString('utf8')) }));
}

function deviceRequest(core: Core, method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: core.mdmPort, path, method, headers, ca: core.core.enrollment.pki.caCertificatePem() }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const api = async (core: Core, method: string, path: string, body?: unknown) => {
  const response = await fetch(`${core.url}${path}`, authed({ method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) }));
  return { status: response.status, body: await bodyOf(response) };
};

/** An agent written against the protocol page, independent of the reference agent: a bare mqtt.js client. */
async function connectAgent(login: AgentEnrollResponse, ca: string): Promise<MqttClient> {
  return mqtt.connectAsync(login.mqtt.url, { username: login.mqtt.username, password: login.mqtt.password, clientId: login.mqtt.clientId, clean: false, protocolVersion: 4, reconnectPeriod: 0, ca, will: { topic: `${login.mqtt.topicRoot}/status/online`, payload: Buffer.from('{"online":false}'), qos: 1, retain: true } });
}

describe('the agent channel in the core', () => {
  let core: Core;
  let token: string;
  let invitationId: string;
  const warnings: string[] = [];
  const logger: Logger = { ...silentLogger, warn: (line) => warnings.push(line) };
  const enroll = (body: Record<string, unknown>) => devicePost(core, '/agent/enroll', JSON.stringify({ invitation: token, serial: 'SER-1', hostname: 'reception-pc', os: { name: 'Linux', version: 'Debian 12' }, ...body }));

  beforeAll(async () => {
    core = await startTestCore({ mqtt: { port: await freePort() }, logger });
    const created = await api(core, 'POST', '/api/invitations', { label: 'PCs', maxUses: 7 });
    invitationId = created.body.id;
    token = /\/enroll\/([^#]+)#/.exec(created.body.agentUrl)![1]!;
    expect(created.body.agentUrl).toBe(`https://127.0.0.1:${core.mdmPort}/enroll/${token}#sha256=${createHash('sha256').update(new X509(core).raw).digest('hex')}`);
    expect(created.body.agentCommand).toBe(`lanyard-agent enroll '${created.body.agentUrl}'`);
  });

  afterAll(() => core?.stop());

  it('refuses a bad enrolment with a clear reason and changes nothing', async () => {
    expect((await devicePost(core, '/agent/enroll', '{}', 'text/plain')).status).toBe(415);
    const notJson = await devicePost(core, '/agent/enroll', '{"invitation":');
    expect(notJson.status).toBe(400);
    expect(String((notJson.json.error as { message: string }).message)).toMatch(/not JSON/);
    const noSerial = await enroll({ serial: '' });
    expect(noSerial).toMatchObject({ status: 400, json: { error: { message: expect.stringMatching(/^serial:/) } } });
    const unknown = await devicePost(core, '/agent/enroll', JSON.stringify({ invitation: 'x'.repeat(43), serial: 'S', hostname: 'h', os: { name: 'Linux', version: '1' } }));
    expect(unknown.status).toBe(404);
    expect((await api(core, 'GET', `/api/invitations/${invitationId}`)).body.uses).toBe(0);
    expect((await api(core, 'GET', '/api/devices')).body.total).toBe(0);
  });

  it('enrols without a push certificate, and enrolling the same serial again replaces the login', async () => {
    const first = await enroll({});
    expect(first.status).toBe(201);
    const login = first.json as unknown as AgentEnrollResponse;
    expect(login.caCertificatePem).toBe(core.core.enrollment.pki.caCertificatePem());
    const ca = login.caCertificatePem;
    const agent = await connectAgent(login, ca);
    await agent.endAsync();
    const again = (await enroll({ hostname: 'reception-pc-2' })).json as unknown as AgentEnrollResponse;
    expect(again.agentId).toBe(login.agentId);
    expect(again.mqtt.username).not.toBe(login.mqtt.username);
    await expect(connectAgent(login, ca)).rejects.toThrow(/Bad username or password|Not authorized/i);
    const fresh = await connectAgent(again, ca);
    await fresh.endAsync();
    expect((await api(core, 'GET', `/api/invitations/${invitationId}`)).body.uses).toBe(2);
    const stored = [...core.core.store.collection('agentLogins').values()];
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(stored)).not.toContain(again.mqtt.password);
    expect((await api(core, 'GET', `/api/devices/${again.agentId}`)).body).toMatchObject({ channel: 'agent', name: 'reception-pc-2', enrollmentStatus: 'enrolled' });
  });

  it('logs, and otherwise ignores, malformed messages and acks nobody asked for (mosquitto_pub as the agent)', async () => {
    const login = (await enroll({ serial: 'SER-2', hostname: 'back-office' })).json as unknown as AgentEnrollResponse;
    const dir = await tempDir();
    const caFile = join(dir.path, 'ca.pem');
    await writeFile(caFile, login.caCertificatePem);
    // Asynchronous: the broker runs in this process, so a blocking spawn would starve it.
    const publish = (topic: string, message: string) =>
      run('mosquitto_pub', ['-h', '127.0.0.1', '-p', login.mqtt.url.split(':').at(-1)!, '--cafile', caFile, '-u', login.mqtt.username, '-P', login.mqtt.password, '-i', `pub-${randomBytes(4).toString('hex')}`, '-q', '1', '-t', topic, '-m', message, '-V', 'mqttv311'], { timeout: 15_000 }).then(() => 0);
    const before = (await api(core, 'GET', `/api/devices/${login.agentId}`)).body;
    await publish(`${login.mqtt.topicRoot}/status/online`, '{"online":"yes"}');
    await publish(`${login.mqtt.topicRoot}/status/user`, '{"name":"x","email":"not-an-email"}');
    await publish(`${login.mqtt.topicRoot}/status/task/no-such-task`, '{"status":"done"}');
    await publish(`${login.mqtt.topicRoot}/status/unenroll`, '{"unenrolled":true}');
    await vi.waitFor(() => expect(warnings.some((w) => /acknowledged an unenrolment nobody asked for/.test(w))).toBe(true), { timeout: 5_000 });
    expect(warnings).toEqual(
      expect.arrayContaining([
        expect.stringMatching(new RegExp(`agent ${login.agentId}, topic .*status/online: online: online: Invalid input: expected boolean`)),
        expect.stringMatching(/status\/user: user: email/),
        expect.stringMatching(/reported on task no-such-task, which is not one of its tasks/),
      ]),
    );
    const after = (await api(core, 'GET', `/api/devices/${login.agentId}`)).body;
    expect(after).toMatchObject({ enrollmentStatus: 'enrolled', online: before.online, user: before.user });
    await dir.remove();
  });

  it('carries task statuses through received to done or incompatible, and ignores a report after a cancel', async () => {
    const login = (await enroll({ serial: 'SER-3', hostname: 'meeting-room' })).json as unknown as AgentEnrollResponse;
    const agent = await connectAgent(login, login.caCertificatePem);
    const tasks: Record<string, unknown>[] = [];
    agent.on('message', (_topic, payload) => tasks.push(JSON.parse(payload.toString())));
    await agent.subscribeAsync(`${login.mqtt.topicRoot}/command/#`, { qos: 1 });
    await agent.publishAsync(`${login.mqtt.topicRoot}/status/online`, '{"online":true}', { qos: 1, retain: true });
    await vi.waitFor(async () => expect((await api(core, 'GET', `/api/devices/${login.agentId}`)).body.online).toBe(true));
    const ping = (await api(core, 'POST', `/api/devices/${login.agentId}/commands`, { requestType: 'Ping' })).body.commandUuid;
    const inventory = (await api(core, 'POST', `/api/devices/${login.agentId}/commands`, { requestType: 'Inventory' })).body.commandUuid;
    await vi.waitFor(() => expect(tasks.map((t) => t.taskId)).toEqual([ping, inventory]));
    expect(tasks[0]).toEqual({ taskId: ping, type: 'Ping' });
    const status = async (uuid: string) => (await api(core, 'GET', `/api/devices/${login.agentId}/commands`)).body.items.find((c: { commandUuid: string }) => c.commandUuid === uuid);
    expect((await status(ping)).status).toBe('sent');
    await agent.publishAsync(`${login.mqtt.topicRoot}/status/task/${ping}`, '{"status":"received"}', { qos: 1 });
    await vi.waitFor(async () => expect((await status(ping)).status).toBe('received'));
    await agent.publishAsync(`${login.mqtt.topicRoot}/status/task/${ping}`, '{"status":"done","detail":"pong"}', { qos: 1 });
    await vi.waitFor(async () => expect(await status(ping)).toMatchObject({ status: 'done', result: { detail: 'pong' } }));
    await agent.publishAsync(`${login.mqtt.topicRoot}/status/task/${ping}`, '{"status":"received"}', { qos: 1 });
    const cancelled = await api(core, 'DELETE', `/api/commands/${inventory}`);
    expect(cancelled.body.status).toBe('cancelled');
    await agent.publishAsync(`${login.mqtt.topicRoot}/status/task/${inventory}`, '{"status":"done"}', { qos: 1 });
    const lock = (await api(core, 'POST', `/api/devices/${login.agentId}/commands`, { requestType: 'Lock' })).body.commandUuid;
    await agent.publishAsync(`${login.mqtt.topicRoot}/status/task/${lock}`, '{"status":"incompatible","detail":"no screen to lock"}', { qos: 1 });
    await vi.waitFor(async () => expect(await status(lock)).toMatchObject({ status: 'incompatible', errorChain: [{ LocalizedDescription: 'no screen to lock' }] }));
    expect((await status(ping)).status).toBe('done');
    expect((await status(inventory)).status).toBe('cancelled');
    await agent.endAsync();
  });

  it('serves a DeployFile download only on its signed link, with Range', async () => {
    const login = (await enroll({ serial: 'SER-4', hostname: 'design-pc' })).json as unknown as AgentEnrollResponse;
    const agent = await connectAgent(login, login.caCertificatePem);
    const tasks: { url?: string; sha256?: string; size?: number; destination?: string }[] = [];
    agent.on('message', (_topic, payload) => tasks.push(JSON.parse(payload.toString())));
    await agent.subscribeAsync(`${login.mqtt.topicRoot}/command/#`, { qos: 1 });
    const bytes = randomBytes(5000);
    const uploaded = await fetch(`${core.url}/api/files?name=logo.png`, authed({ method: 'POST', headers: { 'content-type': 'image/png' }, body: bytes }));
    const file = await bodyOf(uploaded);
    expect(uploaded.status).toBe(201);
    expect((await api(core, 'GET', '/api/files')).body.items).toEqual([expect.objectContaining({ id: file.id, name: 'logo.png', size: 5000 })]);
    await api(core, 'POST', `/api/devices/${login.agentId}/commands`, { requestType: 'DeployFile', fileId: file.id, destination: 'brand/logo.png' });
    await vi.waitFor(() => expect(tasks).toHaveLength(1));
    const deploy = tasks[0]!;
    expect(deploy).toMatchObject({ sha256: file.sha256, size: 5000, destination: 'brand/logo.png' });
    const link = new URL(deploy.url!);
    expect(link.origin).toBe(`https://127.0.0.1:${core.mdmPort}`);
    const path = `${link.pathname}${link.search}`;
    const whole = await deviceRequest(core, 'GET', path);
    expect(whole.status).toBe(200);
    expect(Buffer.compare(whole.body, bytes)).toBe(0);
    const part = await deviceRequest(core, 'GET', path, { range: 'bytes=4000-' });
    expect(part.status).toBe(206);
    expect(part.headers['content-range']).toBe('bytes 4000-4999/5000');
    expect(Buffer.compare(part.body, bytes.subarray(4000))).toBe(0);
    expect((await deviceRequest(core, 'GET', path, { range: 'bytes=-10' })).body.length).toBe(10);
    expect((await deviceRequest(core, 'GET', path, { range: 'bytes=6000-' })).status).toBe(416);
    const otherAgent = path.replace(`agent=${login.agentId}`, 'agent=someone-else');
    expect((await deviceRequest(core, 'GET', otherAgent)).status).toBe(403);
    const later = path.replace(/expires=(\d+)/, (_m, n: string) => `expires=${Number(n) + 1}`);
    expect((await deviceRequest(core, 'GET', later)).status).toBe(403);
    // Deleting the file from the library: the link answers 404, and the file is gone from the list.
    await api(core, 'DELETE', `/api/files/${file.id}`);
    expect((await deviceRequest(core, 'GET', path)).status).toBe(404);
    expect((await api(core, 'GET', '/api/files')).body.total).toBe(0);
    await agent.endAsync();
  });

  it('removes a lost agent at once with force=true, revoking its login', async () => {
    const login = (await enroll({ serial: 'SER-5', hostname: 'lost-laptop' })).json as unknown as AgentEnrollResponse;
    const removed = await api(core, 'DELETE', `/api/devices/${login.agentId}?force=true`);
    expect(removed).toMatchObject({ status: 200, body: { enrollmentStatus: 'removed' } });
    await expect(connectAgent(login, login.caCertificatePem)).rejects.toThrow(/Bad username or password|Not authorized/i);
    expect((await api(core, 'POST', `/api/devices/${login.agentId}/commands`, { requestType: 'Ping' })).status).toBe(409);
  });

  it('refuses an enrolment when the invitation is used up or revoked, and says so on the invitation', async () => {
    await enroll({ serial: 'SER-6' });
    expect((await enroll({ serial: 'SER-6b' })).status).toBe(410);
    const revokedInvitation = await api(core, 'POST', '/api/invitations', { label: 'Revoked' });
    await api(core, 'DELETE', `/api/invitations/${revokedInvitation.body.id}`);
    const revokedToken = /\/enroll\/([^#]+)#/.exec(revokedInvitation.body.agentUrl)![1]!;
    const refused = await devicePost(core, '/agent/enroll', JSON.stringify({ invitation: revokedToken, serial: 'SER-7', hostname: 'h', os: { name: 'Windows', version: '11' } }));
    expect(refused).toMatchObject({ status: 410, json: { error: { code: 'revoked', message: 'this invitation was revoked' } } });
    const activity = (await api(core, 'GET', '/api/activity?limit=100')).body.items.map((e: { message: string }) => e.message);
    expect(activity).toEqual(expect.arrayContaining([expect.stringMatching(/Agent h \(SER-7\) tried to enrol, refused: this invitation was revoked/), expect.stringMatching(/SER-6b\) tried to enrol, refused: this invitation has been used up/)]));
  });
});

describe('agent enrolment with the broker off', () => {
  it('answers 503 with the reason', async () => {
    const core = await startTestCore({ mqtt: { port: 0 } });
    const created = await api(core, 'POST', '/api/invitations', {});
    const token = /\/enroll\/([^#]+)#/.exec(created.body.agentUrl)![1]!;
    const refused = await devicePost(core, '/agent/enroll', JSON.stringify({ invitation: token, serial: 'S', hostname: 'h', os: { name: 'Linux', version: '1' } }));
    expect(refused).toMatchObject({ status: 503, json: { error: { message: expect.stringMatching(/broker is not running/) } } });
    expect((await api(core, 'GET', `/api/invitations/${created.body.id}`)).body.uses).toBe(0);
    await core.stop();
  });
});

class X509 {
  readonly raw: Buffer;
  constructor(core: Core) {
    const pem = core.core.enrollment.pki.caCertificatePem();
    this.raw = Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
  }
}
