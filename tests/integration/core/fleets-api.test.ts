import { request } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMdmEnv, type MdmEnv } from '../../support/mdm-fixture';
import { liveEvents } from '../../support/live-events';
import { bodyOf, freePort, testToken } from '../../support/test-core';

/** Fleets over the admin API, with Apple devices (the device simulator) and agents (enrolled over HTTPS) in them. */
describe('fleets', () => {
  let env: MdmEnv;
  let events: ReturnType<typeof liveEvents>;
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await env.api(path, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    return { status: response.status, body: await bodyOf(response) };
  };
  /** Enrols an agent with an invitation, as the reference agent does; returns its device id. */
  const enrolAgent = async (invitation: { agentUrl: string }, serial: string): Promise<string> => {
    const token = /\/enroll\/([^#]+)#/.exec(invitation.agentUrl)![1]!;
    const body = JSON.stringify({ invitation: token, serial, hostname: `pc-${serial}`, os: { name: 'Linux', version: 'Debian 12' } });
    const answer = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: env.mdmPort, path: '/agent/enroll', method: 'POST', headers: { 'content-type': 'application/json' }, ca: env.caPem }, (response) => {
        let text = '';
        response.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
      });
      req.on('error', reject);
      req.end(body);
    });
    expect(answer.status).toBe(201);
    return (JSON.parse(answer.text) as { agentId: string }).agentId;
  };

  beforeAll(async () => {
    env = await startMdmEnv({ mqtt: { port: await freePort() } });
    events = liveEvents({ url: env.url, token: testToken });
    await events.ready();
  });
  afterAll(async () => {
    events?.close();
    await env?.stop();
  });

  it('starts with the default fleet, which cannot be deleted', async () => {
    const list = await call('GET', '/api/fleets');
    expect(list.body).toEqual({ items: [{ id: 'unassigned', name: 'Unassigned', isDefault: true, deviceCount: 0, createdAt: expect.any(String) }], nextCursor: null, total: 1 });
    const refused = await call('DELETE', '/api/fleets/unassigned');
    expect(refused.status).toBe(409);
    expect(refused.body.message).toMatch(/default fleet/);
    expect((await call('GET', '/api/fleets')).body.total).toBe(1);
  });

  it('creates and renames fleets, refusing empty and duplicate names with the field named', async () => {
    const created = events.next('fleets.changed', (fleet) => fleet.name === 'Front desk');
    const frontDesk = await call('POST', '/api/fleets', { name: '  Front desk ' });
    expect(frontDesk).toMatchObject({ status: 201, body: { name: 'Front desk', isDefault: false, deviceCount: 0 } });
    expect((await created).payload.id).toBe(frontDesk.body.id);
    for (const [body, field, message] of [
      [{ name: '' }, 'name', /name/],
      [{ name: 'FRONT DESK' }, 'name', /already a fleet named "Front desk"/],
      [{ name: 'x', color: 'red' }, undefined, /color|unrecognized/i],
    ] as const) {
      const refused = await call('POST', '/api/fleets', body);
      expect(refused.status, JSON.stringify(body)).toBeGreaterThanOrEqual(400);
      expect(refused.body.message).toMatch(message);
      if (field) expect(refused.body.field).toBe(field);
    }
    const renamed = await call('PATCH', `/api/fleets/${frontDesk.body.id}`, { name: 'Front-desk iPads' });
    expect(renamed).toMatchObject({ status: 200, body: { id: frontDesk.body.id, name: 'Front-desk iPads' } });
    expect((await call('PATCH', '/api/fleets/nope', { name: 'Other' })).status).toBe(404);
    const names = (await call('GET', '/api/fleets')).body.items.map((f: { name: string }) => f.name);
    expect(names).toEqual(['Unassigned', 'Front-desk iPads']);
    const activity = await call('GET', `/api/activity?subjectId=${frontDesk.body.id}`);
    expect(activity.body.items.map((e: { message: string }) => e.message)).toEqual(expect.arrayContaining([expect.stringMatching(/Renamed the fleet "Front desk" to "Front-desk iPads"/)]));
  });

  it('puts devices in the fleet their invitation names, over both channels; ?fleetId= lists them', async () => {
    const office = (await call('POST', '/api/fleets', { name: 'Office PCs' })).body;
    const tablets = (await call('POST', '/api/fleets', { name: 'Tablets' })).body;
    expect((await call('POST', '/api/invitations', { label: 'bad', fleetId: 'no-such-fleet' })).body).toMatchObject({ field: 'fleetId', message: expect.stringMatching(/no fleet/) });
    const pcInvitation = (await call('POST', '/api/invitations', { label: 'PCs', maxUses: 5, fleetId: office.id })).body;
    expect(pcInvitation.fleetId).toBe(office.id);
    const agents = [await enrolAgent(pcInvitation, 'PC-1'), await enrolAgent(pcInvitation, 'PC-2')];
    const { id: ipad } = await env.enrollDevice({ platform: 'ipados', name: 'Lobby iPad' }, { label: 'tablets', fleetId: tablets.id });
    const { id: loose } = await env.enrollDevice({ platform: 'ios', name: 'Loose iPhone' }, { label: 'no fleet' });

    const inOffice = (await call('GET', `/api/devices?fleetId=${office.id}`)).body;
    expect(inOffice.total).toBe(2);
    expect(inOffice.items.map((d: { id: string; channel: string; fleetId: string }) => [d.id, d.channel, d.fleetId]).sort()).toEqual(agents.map((id) => [id, 'agent', office.id]).sort());
    expect((await call('GET', `/api/devices?fleetId=${tablets.id}`)).body.items.map((d: { id: string }) => d.id)).toEqual([ipad]);
    expect((await call('GET', `/api/devices/${loose}`)).body.fleetId).toBe('unassigned');
    expect((await call('GET', `/api/devices?fleetId=unassigned`)).body.items.map((d: { id: string }) => d.id)).toEqual([loose]);
    expect((await call('GET', '/api/devices?fleetId=no-such-fleet')).body).toMatchObject({ field: 'fleetId' });
    // Paged like the whole list, in the same order.
    const first = (await call('GET', `/api/devices?fleetId=${office.id}&limit=1`)).body;
    const second = (await call('GET', `/api/devices?fleetId=${office.id}&limit=1&cursor=${first.nextCursor}`)).body;
    expect([...first.items, ...second.items].map((d: { name: string }) => d.name)).toEqual(['pc-PC-1', 'pc-PC-2']);
    expect(second.nextCursor).toBeNull();
    const counts = Object.fromEntries((await call('GET', '/api/fleets')).body.items.map((f: { name: string; deviceCount: number }) => [f.name, f.deviceCount]));
    expect(counts).toMatchObject({ Unassigned: 1, 'Office PCs': 2, Tablets: 1 });
  });

  it('moves many devices at once, all or none, with events for devices and counts', async () => {
    const fleets = (await call('GET', '/api/fleets')).body.items as { id: string; name: string }[];
    const tablets = fleets.find((f) => f.name === 'Tablets')!;
    const office = fleets.find((f) => f.name === 'Office PCs')!;
    const everyone = (await call('GET', '/api/devices')).body.items as { id: string; fleetId: string }[];
    const pcs = everyone.filter((d) => d.fleetId === office.id).map((d) => d.id);

    const refused = await call('POST', `/api/fleets/${tablets.id}/devices`, { deviceIds: [pcs[0], 'not-a-device'] });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ field: 'deviceIds', message: expect.stringMatching(/not-a-device.*nothing was moved/) });
    expect((await call('GET', `/api/devices/${pcs[0]}`)).body.fleetId).toBe(office.id);
    expect((await call('POST', `/api/fleets/${tablets.id}/devices`, { deviceIds: [] })).status).toBe(400);
    expect((await call('POST', '/api/fleets/nope/devices', { deviceIds: pcs })).status).toBe(404);

    const deviceEvent = events.next('devices.changed', (d) => d.id === pcs[1] && d.fleetId === tablets.id);
    const countEvent = events.next('fleets.changed', (f) => f.id === office.id && f.deviceCount === 0);
    const moved = await call('POST', `/api/fleets/${tablets.id}/devices`, { deviceIds: [...pcs, pcs[0]] });
    expect(moved).toMatchObject({ status: 200, body: { moved: 2, fleet: { id: tablets.id, deviceCount: 3 } } });
    await deviceEvent;
    await countEvent;
    // Moving them where they already are moves nothing.
    expect((await call('POST', `/api/fleets/${tablets.id}/devices`, { deviceIds: pcs })).body.moved).toBe(0);
  });

  it('deletes a fleet: its devices go back to the default fleet, its invitations name none', async () => {
    const fleets = (await call('GET', '/api/fleets')).body.items as { id: string; name: string }[];
    const tablets = fleets.find((f) => f.name === 'Tablets')!;
    const invitation = (await call('POST', '/api/invitations', { label: 'late tablets', fleetId: tablets.id })).body;
    const members = (await call('GET', `/api/devices?fleetId=${tablets.id}`)).body.items.map((d: { id: string }) => d.id);
    expect(members).toHaveLength(3);
    const removedEvent = events.next('fleets.removed', (item) => item.id === tablets.id);
    const deleted = await call('DELETE', `/api/fleets/${tablets.id}`);
    expect(deleted).toMatchObject({ status: 200, body: { id: tablets.id, name: 'Tablets', deviceCount: 0 } });
    await removedEvent;
    expect((await call('GET', `/api/fleets/${tablets.id}`)).status).toBe(404);
    for (const id of members) expect((await call('GET', `/api/devices/${id}`)).body.fleetId).toBe('unassigned');
    expect((await call('GET', `/api/invitations/${invitation.id}`)).body.fleetId).toBe('unassigned');
    expect((await call('GET', '/api/fleets/unassigned')).body.deviceCount).toBe(4);
    const activity = (await call('GET', `/api/activity?subjectId=${tablets.id}`)).body.items.map((e: { message: string }) => e.message);
    expect(activity).toEqual(expect.arrayContaining([expect.stringMatching(/Deleted the fleet "Tablets"; its 3 devices went back to the default fleet/)]));
  });
});
