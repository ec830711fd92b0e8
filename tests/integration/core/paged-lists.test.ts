import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMdmEnv, type MdmEnv } from '../../support/mdm-fixture';
import { bodyOf } from '../../support/test-core';

interface Page<T> {
  items: T[];
  nextCursor: string | null;
  total: number;
}
type Named = { id: string; name: string };

/** The paging convention over the admin HTTP API: devices, commands and activity, and devices.removed. */
describe('paged list calls over HTTP', () => {
  let env: MdmEnv;
  const get = async <T>(path: string): Promise<Page<T>> => {
    const response = await env.api(path);
    expect(response.status).toBe(200);
    return bodyOf(response);
  };
  beforeAll(async () => {
    env = await startMdmEnv();
  });
  afterAll(() => env.stop());

  it('pages devices by name, stable while devices enroll between pages, and refuses a garbage cursor naming it', async () => {
    for (const name of ['Charlie', 'alpha', 'Bravo']) await env.enrollDevice({ name });
    const first = await get<Named>('/api/devices?limit=2');
    expect(first.items.map((d) => d.name)).toEqual(['alpha', 'Bravo']);
    expect(first.total).toBe(3);
    expect(first.nextCursor).toMatch(/^[A-Za-z0-9_-]+$/);
    // One sorts before the cursor (not on the next page), one after (on it).
    await env.enrollDevice({ name: 'Aardvark' });
    await env.enrollDevice({ name: 'Delta' });
    const second = await get<Named>(`/api/devices?limit=2&cursor=${first.nextCursor}`);
    expect(second.items.map((d) => d.name)).toEqual(['Charlie', 'Delta']);
    expect(second.total).toBe(5);
    expect(second.nextCursor).toBeNull();
    expect((await get<Named>('/api/devices')).items.map((d) => d.name)).toEqual(['Aardvark', 'alpha', 'Bravo', 'Charlie', 'Delta']);

    for (const query of ['cursor=not-a-cursor', 'cursor=%F0%9F%98%80', 'limit=0', 'limit=501', 'limit=many']) {
      const refused = await env.api(`/api/devices?${query}`);
      expect(refused.status, query).toBe(400);
      expect((await bodyOf(refused)).field, query).toBe(query.split('=')[0]);
    }
  });

  it('takes a removed device out of the list, says so on the event stream, and still answers for it by id', async () => {
    const { id } = await env.enrollDevice({ name: 'Leaving' });
    const controller = new AbortController();
    const stream = await env.api('/api/events', { signal: controller.signal });
    const reader = stream.body!.getReader();
    const decoder = new TextDecoder();
    let received = '';
    const removed = await env.api(`/api/devices/${id}`, { method: 'DELETE' });
    expect(removed.status).toBe(200);
    while (!received.includes('event: devices.removed')) {
      const { value, done } = await reader.read();
      if (done) break;
      received += decoder.decode(value);
    }
    controller.abort();
    expect(received).toMatch(new RegExp(`event: devices\\.removed\\ndata: \\{"id":"${id}"\\}\\n`));
    const listed = await get<Named>('/api/devices?limit=500');
    expect(listed.items.map((d) => d.id)).not.toContain(id);
    expect(listed.total).toBe(listed.items.length);
    expect((await bodyOf(await env.api(`/api/devices/${id}`))).enrollmentStatus).toBe('removed');
  });

  it('pages a device\'s commands newest first', async () => {
    const { id } = await env.enrollDevice({ name: 'Commands' });
    for (const requestType of ['SecurityInfo', 'ProfileList', 'InstalledApplicationList']) expect((await env.queue(id, { requestType })).status).toBe(202);
    const all = await get<{ commandUuid: string; queuedAt: string }>(`/api/devices/${id}/commands?limit=500`);
    expect(all.total).toBeGreaterThanOrEqual(3);
    expect(all.nextCursor).toBeNull();
    expect([...all.items].sort((a, b) => b.queuedAt.localeCompare(a.queuedAt)).map((c) => c.queuedAt)).toEqual(all.items.map((c) => c.queuedAt));
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Page<{ commandUuid: string }> = await get(`/api/devices/${id}/commands?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.items.length).toBeLessThanOrEqual(2);
      expect(page.total).toBe(all.total);
      paged.push(...page.items.map((c) => c.commandUuid));
      cursor = page.nextCursor;
    } while (cursor);
    expect(paged).toEqual(all.items.map((c) => c.commandUuid));
    expect((await env.api('/api/devices/no-such-device/commands')).status).toBe(404);
  });

  it('pages the activity log with its filters, newest first, and no longer takes before', async () => {
    const all = await get<{ id: string; actor: string }>('/api/activity?actor=admin&limit=500');
    expect(all.total).toBeGreaterThan(3);
    const first = await get<{ id: string }>('/api/activity?actor=admin&limit=3');
    expect(first.items.map((e) => e.id)).toEqual(all.items.slice(0, 3).map((e) => e.id));
    // New entries arrive on top; the next page goes on where the first ended.
    await env.api('/api/settings', { method: 'PATCH', body: JSON.stringify({ helpdesk: { name: 'Paging Desk' } }) });
    const second = await get<{ id: string }>(`/api/activity?actor=admin&limit=3&cursor=${first.nextCursor}`);
    expect(second.items.map((e) => e.id)).toEqual(all.items.slice(3, 6).map((e) => e.id));
    expect(second.total).toBe(all.total + 1);
    const before = await env.api(`/api/activity?before=${all.items[0]!.id}`);
    expect(before.status).toBe(400);
    const garbage = await bodyOf(await env.api('/api/activity?cursor=abc'));
    expect(garbage).toMatchObject({ code: 'bad_request', field: 'cursor' });
  });
});
