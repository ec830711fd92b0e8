import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentCommand, runAgent, stopAllAgents, type RunningAgent } from '../../support/agent-process';
import { liveEvents } from '../../support/live-events';
import { adminApi, freePort, start, stopAll, type ServeProcess } from '../../support/serve-process';

const keepalive = 2;

/** The reference agent against `serve` with its embedded broker: enrol, live status, tasks, files, unenrol. */
describe('the reference agent against serve', () => {
  let server: ServeProcess;
  let api: ReturnType<typeof adminApi>;
  let events: ReturnType<typeof liveEvents>;
  let stateDir: string;
  let agentUrl: string;
  let invitationId: string;
  let deviceId: string;
  let agent: RunningAgent;
  let mdmPort: number;
  let mqttPort: number;

  const serveArgs = () => ['--public-host', '127.0.0.1', '--mdm-port', String(mdmPort), '--enrollment-http-port', '0', '--mqtt-port', String(mqttPort), '--agent-keepalive', String(keepalive)];
  const device = async () => (await api.get(`/api/devices/${deviceId}`)).body;
  const task = async (body: Record<string, unknown>) => {
    const queued = await api.post(`/api/devices/${deviceId}/commands`, body);
    expect(queued.status, JSON.stringify(queued.body)).toBe(202);
    return queued.body.commandUuid as string;
  };
  /**
   * The device once `predicate` holds: told by the live event, or read from
   * the API should the event stream have been reconnecting at that moment.
   * On a timeout it says what the server, the agent and the device showed.
   */
  const deviceBecomes = async (predicate: (d: { online: boolean | null }) => boolean, what: string, timeoutMs = 15_000) => {
    const deadline = Date.now() + timeoutMs;
    let told: Promise<unknown> = events.next('devices.changed', (d) => d.id === deviceId && predicate(d), timeoutMs).catch(() => null);
    let current = await device();
    while (!predicate(current) && Date.now() < deadline) {
      const event = await Promise.race([told, new Promise<null>((resolve) => setTimeout(resolve, 250, null))]);
      if (event) told = new Promise<never>(() => undefined);
      current = await device();
    }
    if (!predicate(current)) {
      throw new Error(`the device was not ${what} within ${timeoutMs} ms: ${JSON.stringify(current)}\n--- agent ---\n${agent.output().slice(-2_000)}\n--- serve ---\n${server.output().slice(-4_000)}`);
    }
    return current;
  };
  const finished = (uuid: string, timeoutMs = 15_000) => events.next('commands.changed', (c) => c.commandUuid === uuid && ['done', 'failed', 'incompatible', 'cancelled'].includes(c.status), timeoutMs).then((e) => e.payload);

  beforeAll(async () => {
    [mdmPort, mqttPort] = [await freePort(), await freePort()];
    server = await start({ args: serveArgs() });
    api = adminApi(server);
    events = liveEvents(server);
    await events.ready();
    stateDir = await mkdtemp(join(tmpdir(), 'lanyard-agent-'));
    const created = await api.post('/api/invitations', { label: 'Reception PC', maxUses: 2 });
    expect(created.status).toBe(201);
    agentUrl = created.body.agentUrl;
    invitationId = created.body.id;
  }, 60_000);

  afterAll(async () => {
    events?.close();
    await stopAllAgents();
    await stopAll();
    if (stateDir) await rm(stateDir, { recursive: true, force: true });
  });

  it('refuses a link whose fingerprint is not the office CA, before sending anything', async () => {
    const wrongPin = agentUrl.replace(/#sha256=[0-9a-f]+/, `#sha256=${'ab'.repeat(32)}`);
    const refused = agentCommand(['enroll', wrongPin, '--state-dir', stateDir]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/did not present the office CA/);
    expect((await api.get(`/api/invitations/${invitationId}`)).body.uses).toBe(0);
    const unknown = agentCommand(['enroll', agentUrl.replace(/enroll\/[^#]+/, `enroll/${'x'.repeat(43)}`), '--state-dir', stateDir]);
    expect(unknown.stderr).toMatch(/refused the enrolment \(404\): this invitation is not valid/);
  });

  it('enrols from the invitation link, keeps its credentials private, and shows up online within a second', async () => {
    const enrolled = agentCommand(['enroll', agentUrl, '--state-dir', stateDir, '--serial', 'PC-SERIAL-1']);
    expect(enrolled.status, enrolled.stderr).toBe(0);
    const saved = JSON.parse(await readFile(join(stateDir, 'enrollment.json'), 'utf8'));
    expect((await stat(join(stateDir, 'enrollment.json'))).mode & 0o777).toBe(0o600);
    deviceId = saved.agentId;
    expect(saved.mqtt).toMatchObject({ url: `mqtts://127.0.0.1:${mqttPort}`, clientId: `lanyard-agent-${deviceId}`, keepaliveSeconds: keepalive, topicRoot: `lanyard/agents/${deviceId}` });
    expect((await api.get(`/api/invitations/${invitationId}`)).body.uses).toBe(1);
    const listed = (await api.get('/api/devices')).body.items.find((d: { id: string }) => d.id === deviceId);
    expect(listed).toMatchObject({ channel: 'agent', online: false, serialNumber: 'PC-SERIAL-1', enrollmentStatus: 'enrolled', platform: 'linux' });

    const online = events.next('devices.changed', (d) => d.id === deviceId && d.online === true);
    agent = runAgent(stateDir);
    await agent.waitForOutput(/connected to mqtts/);
    const connectedAt = Date.now();
    const seen = await online;
    expect(seen.at - connectedAt).toBeLessThan(1_000);
    const inventory = await events.next('devices.changed', (d) => d.id === deviceId && d.inventoryAt !== null);
    expect(inventory.payload.hostname).toBeTruthy();
    const detail = await device();
    expect(detail.agentInventory).toMatchObject({ os: { name: 'Linux' }, agentVersion: expect.any(String) });
    expect(detail.agentInventory.disks.length).toBeGreaterThan(0);
    const activity = (await api.get('/api/activity?limit=50')).body.items.map((e: { message: string }) => e.message);
    expect(activity.some((m: string) => /Agent .* enrolled/.test(m))).toBe(true);
  }, 60_000);

  it("shows the user as typed on the agent, read-only for the admin", async () => {
    const changed = events.next('devices.changed', (d) => d.id === deviceId && d.user?.email === 'ann@office.test');
    expect(agentCommand(['set-user', '--name', 'Ann Example', '--email', 'ann@office.test', '--state-dir', stateDir]).status).toBe(0);
    expect((await changed).payload.user).toEqual({ name: 'Ann Example', email: 'ann@office.test' });
    const status = JSON.parse(agentCommand(['status', '--state-dir', stateDir]).stdout);
    expect(status).toMatchObject({ enrolled: true, agentId: deviceId, user: { name: 'Ann Example' }, connection: { connected: true } });
  }, 30_000);

  it('runs Ping, Inventory and a dry-run Lock; refuses an Apple command for an agent', async () => {
    const ping = await task({ requestType: 'Ping' });
    expect(await finished(ping)).toMatchObject({ status: 'done', requestType: 'Ping' });
    const inventory = await task({ requestType: 'Inventory' });
    expect((await finished(inventory)).status).toBe('done');
    const lock = await task({ requestType: 'Lock', message: 'Back soon' });
    const locked = await finished(lock);
    expect(locked.status).toBe('done');
    expect(locked.result).toEqual({ detail: expect.stringMatching(/dry run: would run loginctl lock-sessions/) });
    await agent.waitForOutput(/dry run: would lock the screen/);
    const apple = await api.post(`/api/devices/${deviceId}/commands`, { requestType: 'DeviceLock' });
    expect(apple.status).toBe(409);
    expect(apple.body.message).toMatch(/Apple MDM command/);
    const history = (await api.get(`/api/devices/${deviceId}/commands`)).body.items.map((c: { requestType: string; status: string }) => `${c.requestType}:${c.status}`);
    expect(history).toEqual(['Lock:done', 'Inventory:done', 'Ping:done']);
  }, 30_000);

  it('deploys a file from the library, checked by its SHA-256, and removes it again', async () => {
    const bytes = randomBytes(300_000);
    const uploaded = await fetch(`${server.url}/api/files?name=handbook.pdf`, { method: 'POST', headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/pdf' }, body: bytes });
    expect(uploaded.status).toBe(201);
    const file = (await uploaded.json()) as { id: string; sha256: string; size: number };
    expect(file).toMatchObject({ sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length });
    const deploy = await task({ requestType: 'DeployFile', fileId: file.id, destination: 'docs/handbook.pdf' });
    expect((await finished(deploy)).status).toBe('done');
    expect(Buffer.compare(await readFile(join(stateDir, 'managed', 'docs', 'handbook.pdf')), bytes)).toBe(0);
    const outside = await api.post(`/api/devices/${deviceId}/commands`, { requestType: 'DeployFile', fileId: file.id, destination: '../escape.pdf' });
    expect(outside.status).toBe(400);
    const remove = await task({ requestType: 'RemoveFile', path: 'docs/handbook.pdf' });
    expect((await finished(remove)).status).toBe('done');
    await expect(stat(join(stateDir, 'managed', 'docs', 'handbook.pdf'))).rejects.toThrow(/ENOENT/);
  }, 30_000);

  it('goes offline at once when the agent is killed, and within 1.5 × keepalive when its socket goes silent', async () => {
    const killedAt = Date.now();
    await agent.kill9();
    const killed = await deviceBecomes((d) => d.online === false, 'offline after kill -9');
    expect(Date.parse(killed.onlineChangedAt) - killedAt).toBeLessThan(1_000);

    agent = runAgent(stateDir);
    await deviceBecomes((d) => d.online === true, 'online after a restart');
    const stoppedAt = Date.now();
    agent.process.kill('SIGSTOP');
    const silent = await deviceBecomes((d) => d.online === false, 'offline after SIGSTOP');
    expect(Date.parse(silent.onlineChangedAt) - stoppedAt).toBeLessThan(1.5 * keepalive * 1000 + 1_000);
    agent.process.kill('SIGCONT');
    await deviceBecomes((d) => d.online === true, 'online after SIGCONT');
  }, 60_000);

  it('delivers a task queued while the agent was away, also after Lanyard restarted', async () => {
    await agent.kill9();
    await deviceBecomes((d) => d.online === false, 'offline after kill -9');
    const ping = await task({ requestType: 'Ping' });
    // Queued, or already handed to the broker's persistent session (sent): not received by anyone yet.
    const waiting = (await api.get(`/api/devices/${deviceId}/commands`)).body.items[0];
    expect(waiting.commandUuid).toBe(ping);
    expect(['queued', 'sent']).toContain(waiting.status);
    events.close();
    expect(await server.stop()).toBe(0);
    server = await start({ dataDir: server.dataDir, args: serveArgs() });
    api = adminApi(server);
    events = liveEvents(server);
    await events.ready();
    expect((await device()).online).toBe(false);
    const done = finished(ping);
    agent = runAgent(stateDir);
    expect((await done).status).toBe('done');
    // The agent logs a task after it reports it: wait for the line, then count. Sent once more on the next connect, the agent answers from its log and does not run it twice.
    await agent.waitForOutput(new RegExp(`Ping ${ping}`));
    expect(agent.output().match(new RegExp(`Ping ${ping}`, 'g'))?.length).toBe(1);
  }, 60_000);

  it('unenrols with the ack: unenrolling until the agent says so, then removed and its login refused', async () => {
    const saved = JSON.parse(await readFile(join(stateDir, 'enrollment.json'), 'utf8'));
    const removed = events.next('devices.removed', (r) => r.id === deviceId, 15_000);
    const asked = await api.delete(`/api/devices/${deviceId}`);
    expect(asked.status).toBe(200);
    expect(asked.body.enrollmentStatus).toBe('unenrolling');
    await removed;
    expect(await agent.exited).toBe(0);
    // 'exit' can come before the last of stdout is read.
    await agent.waitForOutput(/unenrolled/);
    await expect(stat(join(stateDir, 'enrollment.json'))).rejects.toThrow(/ENOENT/);
    expect((await device()).enrollmentStatus).toBe('removed');
    expect((await api.get('/api/devices')).body.items.map((d: { id: string }) => d.id)).not.toContain(deviceId);
    // mosquitto_sub as an independent client with the old login: refused.
    const caFile = join(stateDir, 'ca.pem');
    await writeFile(caFile, saved.caCertificatePem);
    const old = spawnSync('mosquitto_sub', ['-h', '127.0.0.1', '-p', String(mqttPort), '--cafile', caFile, '-u', saved.mqtt.username, '-P', saved.mqtt.password, '-t', `${saved.mqtt.topicRoot}/command/#`, '-C', '1', '-W', '5', '-V', 'mqttv311'], { encoding: 'utf8', timeout: 15_000 });
    expect(old.status).not.toBe(0);
    expect(old.stderr).toMatch(/not authori[sz]ed|bad user name or password/i);
  }, 60_000);
});
