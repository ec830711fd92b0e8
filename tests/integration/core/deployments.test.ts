import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrolTestAgent, type TestAgent } from '../../support/test-agent';
import { liveEvents } from '../../support/live-events';
import { startMdmEnv, type MdmEnv } from '../../support/mdm-fixture';
import { tempDir } from '../../support/core-fixtures';
import { authed, bodyOf, freePort, startTestCore, testToken } from '../../support/test-core';

describe('deployments', () => {
  let env: MdmEnv;
  let events: ReturnType<typeof liveEvents>;
  const agents: TestAgent[] = [];
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await env.api(path, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    return { status: response.status, body: await bodyOf(response) };
  };
  const enrolAgent = async (invitation: { agentUrl: string }, serial: string): Promise<TestAgent> => {
    const agent = await enrolTestAgent({ mdmPort: env.mdmPort, caPem: env.caPem }, invitation, serial);
    agents.push(agent);
    return agent;
  };
  const fleet = async (name: string) => (await call('POST', '/api/fleets', { name })).body as { id: string };
  const settled = (id: string, timeout = 15_000) => expect.poll(async () => (await call('GET', `/api/deployments/${id}`)).body.finishedAt, { timeout }).not.toBeNull();

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

  it('refuses a bad deployment with the field named and stores nothing', async () => {
    const frontDesk = await fleet('Refusals');
    for (const [body, status, field] of [
      [{ item: { kind: 'command', requestType: 'Reboot' }, target: { fleetId: frontDesk.id } }, 400, 'item.requestType'],
      [{ item: { kind: 'command', requestType: 'Settings' }, target: { fleetId: frontDesk.id } }, 400, 'item.deviceName'],
      [{ item: { kind: 'file', fileId: 'nope', destination: 'a.txt' }, target: { all: true } }, 404, 'item.fileId'],
      [{ item: { kind: 'file', fileId: 'x', destination: '../etc/passwd' }, target: { all: true } }, 400, 'item.destination'],
      [{ item: { kind: 'app', manifestUrl: 'http://insecure.test/app.plist' }, target: { all: true } }, 400, undefined],
      [{ item: { kind: 'command', requestType: 'Ping' }, target: { fleetId: 'nope' } }, 404, 'target.fleetId'],
      [{ item: { kind: 'command', requestType: 'Ping' }, target: { deviceIds: ['nope'] } }, 400, 'target.deviceIds'],
      [{ item: { kind: 'command', requestType: 'Ping' }, target: { all: false } }, 400, undefined],
    ] as const) {
      const refused = await call('POST', '/api/deployments', body);
      expect(refused.status, JSON.stringify(body)).toBe(status);
      if (field) expect(refused.body.field, JSON.stringify(body)).toBe(field);
    }
    expect((await call('GET', '/api/deployments')).body.total).toBe(0);
  });

  it('sends a command to a fleet of both channels: Apple devices answer, agents are not applicable', async () => {
    const office = await fleet('Front desk');
    const tablets = [await env.enrollDevice({ name: 'Desk iPad 1' }, { fleetId: office.id }), await env.enrollDevice({ name: 'Desk iPad 2' }, { fleetId: office.id })];
    for (const { device } of tablets) {
      await device.connect();
      device.wakeOnPush(env.apns);
    }
    const pc = await enrolAgent((await call('POST', '/api/invitations', { fleetId: office.id })).body, 'DESK-PC');
    await pc.connect();
    let progressEvents = 0;
    const finished = events.next('deployments.changed', (d) => {
      progressEvents += 1;
      return d.finishedAt !== null;
    });
    const started = await call('POST', '/api/deployments', { item: { kind: 'command', requestType: 'DeviceInformation', queries: ['DeviceName', 'OSVersion'] }, target: { fleetId: office.id } });
    expect(started.status).toBe(201);
    expect(started.body).toMatchObject({ total: 3, counts: { pending: 3, sent: 0, acknowledged: 0 }, finishedAt: null, startedBy: 'script', summary: expect.stringMatching(/DeviceInformation on the fleet "Front desk" \(3 devices\)/) });
    const done = (await finished).payload;
    expect(done.counts).toMatchObject({ acknowledged: 2, not_applicable: 1, pending: 0, sent: 0, failed: 0 });
    expect(progressEvents).toBeLessThanOrEqual(10);
    const detail = (await call('GET', `/api/deployments/${started.body.id}`)).body;
    expect(detail.devices.items.map((r: { deviceName: string; status: string }) => `${r.deviceName}:${r.status}`)).toEqual(['Desk iPad 1:acknowledged', 'Desk iPad 2:acknowledged', 'pc-DESK-PC:not_applicable']);
    expect(detail.devices.items[2].reason).toMatch(/Apple MDM command/);
    // The task each Apple device ran is the deployment's, in its own history.
    for (const { id } of tablets) {
      const row = detail.devices.items.find((r: { deviceId: string }) => r.deviceId === id);
      expect((await env.commands(id)).find((c) => c.commandUuid === row.commandUuid)?.status).toBe('acknowledged');
    }
    for (const { device } of tablets) await device.stopWaking();
    expect((await call('GET', `/api/deployments/${started.body.id}?status=not_applicable`)).body.devices.total).toBe(1);
    expect((await call('GET', '/api/deployments')).body.items[0].id).toBe(started.body.id);
  });

  it('deploys a file to agents, shows a failure with its reason, and retries it', async () => {
    const pcs = await fleet('Office PCs');
    const invitation = (await call('POST', '/api/invitations', { fleetId: pcs.id, maxUses: 5 })).body;
    const good = await enrolAgent(invitation, 'PC-GOOD');
    const flaky = await enrolAgent(invitation, 'PC-FLAKY');
    flaky.answer = () => ({ status: 'failed', detail: 'disk full' });
    await good.connect();
    await flaky.connect();
    const upload = await env.api('/api/files?name=handbook.txt', { method: 'POST', body: 'Welcome to the office', headers: { 'content-type': 'application/octet-stream' } });
    const file = await bodyOf(upload);
    const started = (await call('POST', '/api/deployments', { item: { kind: 'file', fileId: file.id, destination: 'docs/handbook.txt' }, target: { fleetId: pcs.id } })).body;
    await settled(started.id);
    let detail = (await call('GET', `/api/deployments/${started.id}`)).body;
    expect(detail.counts).toMatchObject({ done: 1, failed: 1 });
    const failedRow = detail.devices.items.find((r: { deviceId: string }) => r.deviceId === flaky.id);
    expect(failedRow).toMatchObject({ status: 'failed', reason: 'disk full' });
    expect(detail.failure).toEqual({ deviceName: failedRow.deviceName, reason: 'disk full' });

    flaky.answer = () => ({ status: 'done' });
    const retried = await call('POST', `/api/deployments/${started.id}/retry`);
    expect(retried.body).toMatchObject({ finishedAt: null, counts: { pending: 1, done: 1, failed: 0 } });
    await settled(started.id);
    detail = (await call('GET', `/api/deployments/${started.id}`)).body;
    expect(detail.counts).toMatchObject({ done: 2, failed: 0 });
    // A new task for the retry; the device that succeeded got exactly one.
    expect(new Set(flaky.received).size).toBe(2);
    expect(good.received).toHaveLength(1);
    const activity = (await call('GET', `/api/activity?subjectId=${started.id}`)).body.items.map((e: { message: string }) => e.message);
    expect(activity).toEqual(expect.arrayContaining([expect.stringMatching(/^Retried 1 failed device of "Deploy handbook.txt to docs\/handbook.txt/)]));
  });

  it('keeps a NotNow device sent, not failed, and keeps going to devices that join the fleet', async () => {
    const lab = await fleet('Lab');
    const { device, id } = await env.enrollDevice({ name: 'Lab iPhone' }, { fleetId: lab.id });
    await device.connect();
    device.answerNext('RestartDevice', 'NotNow');
    const started = (await call('POST', '/api/deployments', { item: { kind: 'command', requestType: 'RestartDevice' }, target: { fleetId: lab.id } })).body;
    await expect.poll(async () => (await call('GET', `/api/deployments/${started.id}`)).body.devices.items[0]?.commandUuid ?? null).not.toBeNull();
    await device.connect();
    let detail = (await call('GET', `/api/deployments/${started.id}`)).body;
    expect(detail.devices.items[0]).toMatchObject({ status: 'sent', reason: expect.stringMatching(/NotNow 1 time/) });
    expect(detail.finishedAt).toBeNull();

    // A device moved into the fleet while it runs gets its part too.
    const { device: late, id: lateId } = await env.enrollDevice({ name: 'Late iPhone' });
    await late.connect();
    await call('POST', `/api/fleets/${lab.id}/devices`, { deviceIds: [lateId] });
    await expect.poll(async () => (await call('GET', `/api/deployments/${started.id}`)).body.total).toBe(2);
    await expect.poll(async () => (await call('GET', `/api/deployments/${started.id}`)).body.devices.items.find((r: { deviceId: string }) => r.deviceId === lateId)?.commandUuid ?? null).not.toBeNull();
    await late.connect();
    await device.connect();
    await settled(started.id);
    detail = (await call('GET', `/api/deployments/${started.id}`)).body;
    expect(detail.counts).toMatchObject({ acknowledged: 2 });
    expect(detail.devices.items.find((r: { deviceId: string }) => r.deviceId === id).reason).toBeNull();
  });

  it('cancels what is still pending: the offline agent never gets the task', async () => {
    const remote = await fleet('Remote PCs');
    const invitation = (await call('POST', '/api/invitations', { fleetId: remote.id, maxUses: 2 })).body;
    const away = await enrolAgent(invitation, 'PC-AWAY');
    const started = (await call('POST', '/api/deployments', { item: { kind: 'command', requestType: 'Inventory' }, target: { fleetId: remote.id } })).body;
    await expect.poll(async () => (await call('GET', `/api/deployments/${started.id}`)).body.devices.items[0]?.commandUuid ?? null).not.toBeNull();
    const canceled = await call('POST', `/api/deployments/${started.id}/cancel`);
    expect(canceled.body).toMatchObject({ counts: { canceled: 1, pending: 0, sent: 0 }, canceledAt: expect.any(String), finishedAt: expect.any(String) });
    const commandUuid = (await call('GET', `/api/deployments/${started.id}`)).body.devices.items[0].commandUuid;
    expect((await call('GET', `/api/devices/${away.id}/commands`)).body.items.find((c: { commandUuid: string }) => c.commandUuid === commandUuid).status).toBe('cancelled');
    await away.connect();
    // The agent comes back and answers what it is sent: a Ping queued now arrives, the canceled task does not.
    const ping = (await call('POST', `/api/devices/${away.id}/commands`, { requestType: 'Ping' })).body.commandUuid;
    await expect.poll(() => away.received).toContain(ping);
    expect(away.received).not.toContain(commandUuid);
  });
});

describe('a deployment across a restart', () => {
  it('loses nothing and sends nothing twice when Lanyard restarts in the middle', async () => {
    const data = await tempDir();
    const mqttPort = await freePort();
    const options = { dataDir: data.path, mqtt: { port: mqttPort } };
    let core = await startTestCore(options);
    const call = async (method: string, path: string, body?: unknown) => {
      const response = await fetch(`${core.url}${path}`, authed({ method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) }));
      return { status: response.status, body: await bodyOf(response) };
    };
    const enrol = (invitation: { agentUrl: string }, serial: string) => enrolTestAgent({ mdmPort: core.mdmPort, caPem: core.core.enrollment.pki.caCertificatePem() }, invitation, serial);
    try {
      const fleetId = (await call('POST', '/api/fleets', { name: 'Night shift' })).body.id;
      const invitation = (await call('POST', '/api/invitations', { fleetId, maxUses: 3 })).body;
      const present = await enrol(invitation, 'PC-HERE');
      const absent = [await enrol(invitation, 'PC-AWAY-1'), await enrol(invitation, 'PC-AWAY-2')];
      await present.connect();
      const started = (await call('POST', '/api/deployments', { item: { kind: 'command', requestType: 'Inventory' }, target: { fleetId } })).body;
      await expect.poll(async () => (await call('GET', `/api/deployments/${started.id}`)).body.counts.done).toBe(1);
      const before = (await call('GET', `/api/deployments/${started.id}`)).body;
      expect(before.finishedAt).toBeNull();
      await present.disconnect();
      // A PC moved into the fleet in the moment before the stop: the move is stored, its part of the deployment was not yet.
      const late = await enrol((await call('POST', '/api/invitations', {})).body, 'PC-LATE');
      await core.core.deployments.stop();
      expect((await call('POST', `/api/fleets/${fleetId}/devices`, { deviceIds: [late.id] })).status).toBe(200);
      expect((await call('GET', `/api/deployments/${started.id}`)).body.total).toBe(3);
      absent.push(late);
      await core.stop();

      core = await startTestCore(options);
      const after = (await call('GET', `/api/deployments/${started.id}`)).body;
      expect(after.total).toBe(4);
      // The late PC's part is there, pending or already handed to the broker; nothing else moved.
      expect(after.counts.pending + after.counts.sent).toBe(before.counts.pending + before.counts.sent + 1);
      expect({ ...after.counts, pending: 0, sent: 0 }).toEqual({ ...before.counts, pending: 0, sent: 0 });
      const uuids = (detail: { devices: { items: { deviceId: string; commandUuid: string }[] } }) => detail.devices.items.filter((r) => r.deviceId !== late.id).map((r) => r.commandUuid);
      expect(uuids(after)).toEqual(uuids(before));
      for (const agent of absent) await agent.connect();
      await expect.poll(async () => (await call('GET', `/api/deployments/${started.id}`)).body.finishedAt, { timeout: 15_000 }).not.toBeNull();
      const final = (await call('GET', `/api/deployments/${started.id}`)).body;
      expect(final.counts).toMatchObject({ done: 4, pending: 0, sent: 0, failed: 0 });
      // Each absent agent was sent its one task of the deployment (perhaps twice, the same id: agents deduplicate), never a second task.
      for (const agent of absent) {
        const row = final.devices.items.find((r: { deviceId: string }) => r.deviceId === agent.id);
        expect([...new Set(agent.received)]).toEqual([row.commandUuid]);
      }
      expect(present.received).toHaveLength(1);
      for (const agent of absent) await agent.disconnect();
    } finally {
      await core.stop();
      await data.remove();
    }
  });
});
