import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authed, bodyOf, startTestCore, testToken } from '../../support/test-core';

describe('admin HTTP API', () => {
  let env: Awaited<ReturnType<typeof startTestCore>>;
  beforeAll(async () => {
    env = await startTestCore();
  });
  afterAll(() => env.stop());

  it('answers /api/health without a token', async () => {
    const response = await fetch(`${env.url}/api/health`);
    expect(response.status).toBe(200);
    expect(await bodyOf(response)).toEqual({ ok: true, version: 'test' });
  });

  it.each([undefined, 'Bearer wrong-token-wrong-token', `Basic ${testToken}`, `Bearer ${testToken}x`])('refuses admin calls with authorization %s', async (header) => {
    const response = await fetch(`${env.url}/api/settings`, header ? { headers: { authorization: header } } : {});
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect((await bodyOf(response)).code).toBe('unauthorized');
  });

  it('serves a call with the token', async () => {
    const response = await fetch(`${env.url}/api/settings`, authed());
    expect(response.status).toBe(200);
    expect((await bodyOf(response)).organization.name).toBe('Test Office');
  });

  it('answers 400 naming the field for an invalid argument, and changes nothing', async () => {
    const response = await fetch(`${env.url}/api/settings`, authed({ method: 'PATCH', body: JSON.stringify({ helpdesk: { email: 'not-an-email' } }) }));
    expect(response.status).toBe(400);
    const body = await bodyOf(response);
    expect(body).toMatchObject({ code: 'bad_request', field: 'helpdesk.email' });
    expect(body.message).toMatch(/^helpdesk\.email: /);
    expect(env.core.settings.get().helpdesk.email).toBe('');
  });

  it('refuses unknown fields instead of ignoring them', async () => {
    const response = await fetch(`${env.url}/api/settings`, authed({ method: 'PATCH', body: JSON.stringify({ helpdesk: { fax: '1' } }) }));
    expect(response.status).toBe(400);
    expect((await bodyOf(response)).message).toMatch(/fax/);
  });

  it('answers 400 for a body that is not JSON or not sent as JSON', async () => {
    const broken = await fetch(`${env.url}/api/settings`, authed({ method: 'PATCH', body: '{"helpdesk":' }));
    expect(broken.status).toBe(400);
    expect((await bodyOf(broken)).message).toMatch(/not valid JSON/);
    const asText = await fetch(`${env.url}/api/settings`, authed({ method: 'PATCH', body: '{}', headers: { 'content-type': 'text/plain' } }));
    expect(asText.status).toBe(400);
    const array = await fetch(`${env.url}/api/settings`, authed({ method: 'PATCH', body: '[]' }));
    expect(array.status).toBe(400);
  });

  it('answers 404 for an unknown route and 405 for a wrong method', async () => {
    expect((await fetch(`${env.url}/api/nothing-here`, authed())).status).toBe(404);
    const wrong = await fetch(`${env.url}/api/settings`, authed({ method: 'DELETE' }));
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toContain('GET');
  });

  it('answers 413 for an oversized body', async () => {
    const big = JSON.stringify({ organization: { name: 'x'.repeat(5 * 1024 * 1024) } });
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${env.url}/api/settings`, { method: 'PATCH', headers: { authorization: `Bearer ${testToken}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(big) } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', (error: NodeJS.ErrnoException) => (error.code === 'EPIPE' || error.code === 'ECONNRESET' ? resolve(413) : reject(error)));
      req.end(big);
    });
    expect(status).toBe(413);
  });

  it('reads query parameters for GET calls and validates them', async () => {
    const ok = await fetch(`${env.url}/api/activity?limit=2`, authed());
    expect(ok.status).toBe(200);
    expect((await bodyOf(ok)).items.length).toBeLessThanOrEqual(2);
    const bad = await fetch(`${env.url}/api/activity?limit=lots`, authed());
    expect(bad.status).toBe(400);
    expect((await bodyOf(bad)).field).toBe('limit');
  });

  it('streams contract events over SSE to an authorized client', async () => {
    const controller = new AbortController();
    const response = await fetch(`${env.url}/api/events`, { ...authed(), signal: controller.signal });
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let received = '';
    const change = fetch(`${env.url}/api/settings`, authed({ method: 'PATCH', body: JSON.stringify({ helpdesk: { name: 'Stream Desk' } }) }));
    while (!received.includes('Stream Desk') || !received.includes('event: activity.appended')) {
      const { value, done } = await reader.read();
      if (done) break;
      received += decoder.decode(value);
    }
    await change;
    controller.abort();
    expect(received).toMatch(/^event: hello/);
    expect(received).toMatch(/event: settings\.changed\ndata: \{.*"Stream Desk"/);
    expect(received).toMatch(/event: activity\.appended\ndata: .*Changed settings: helpdesk\.name/);
  });

  it('records admin actions and refused actions in the activity log', async () => {
    await fetch(`${env.url}/api/settings`, authed({ method: 'PATCH', body: JSON.stringify({ organization: { name: 'Logged Office' } }) }));
    await fetch(`${env.url}/api/settings`, authed({ method: 'PATCH', body: JSON.stringify({ organization: { name: '' } }) }));
    const page = await bodyOf((await fetch(`${env.url}/api/activity?actor=admin&limit=10`, authed())));
    const messages = page.items.map((e: { outcome: string; message: string }) => `${e.outcome}: ${e.message}`);
    expect(messages[0]).toMatch(/^error: Changed settings failed \(admin API\): organization\.name/);
    expect(messages[1]).toMatch(/^ok: Changed settings: organization\.name/);
  });
});
