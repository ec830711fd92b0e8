import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventName, EventPayload } from '../../contract/api';
import { ApiError } from '../../contract/errors';
import { LanyardCore } from '../../electron/core/lanyard-core';
import { silentLogger } from '../../electron/core/logger';
import { createHttpClient, type HttpLanyardClient } from '../../renderer/src/client/http-client';

const token = 'renderer-client-test-token-0123456789';

/** The renderer's HTTP client driven from Node against a real headless core. */
describe('renderer HTTP client', () => {
  let dataDir: string;
  let core: LanyardCore;
  let url: string;
  const clients: HttpLanyardClient[] = [];

  const startCore = async (adminPort: number, organizationName = 'Test') => {
    const started = await LanyardCore.create({
      mode: 'headless',
      version: 'test',
      dataDir,
      storage: { kind: 'memory' },
      defaults: { organizationName, publicHost: '127.0.0.1', mdmPort: await freePort(), enrollmentHttpPort: 0 },
      admin: { port: adminPort, bind: '127.0.0.1', token },
      deviceBind: '127.0.0.1',
      logger: silentLogger,
    });
    await started.start();
    return started;
  };

  /** A client that close() cleans up; fast reconnects so the restart test is quick. */
  const client = (options: { token?: string | null } = {}) => {
    const created = createHttpClient({ baseUrl: url, token: options.token === undefined ? token : options.token, stream: { initialDelayMs: 50, maxDelayMs: 400 } });
    clients.push(created);
    return created;
  };

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'lanyard-renderer-client-'));
    core = await startCore(0);
    url = core.admin!.url;
  });

  afterAll(async () => {
    for (const c of clients) c.close();
    await core?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('round-trips calls over the REST routes', async () => {
    const api = client();
    const status = await api.call('system.status', {});
    expect(status).toMatchObject({ version: 'test', mode: 'headless', setupComplete: false });
    expect(status.storage).toEqual({ backend: 'memory', location: 'memory', records: { devices: 0, commands: 0, activity: expect.any(Number) }, retention: { activityEntries: 20_000, finishedCommandsPerDevice: 200, finishedCommandDays: 90 } });
    const settings = await api.call('settings.get', {});
    expect(settings.organization.name).toBe('Test');
    const updated = await api.call('settings.update', { helpdesk: { phone: '+1 555 0100' } });
    expect(updated.helpdesk.phone).toBe('+1 555 0100');
    expect((await api.call('settings.get', {})).helpdesk.phone).toBe('+1 555 0100');
  });

  it('sends the input of a GET as a query string', async () => {
    const api = client();
    const page = await api.call('activity.list', { outcome: 'info', text: 'started', limit: 1 });
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({ outcome: 'info', action: 'Lanyard started' });
    const changes = await api.call('activity.list', { actor: 'admin' });
    expect(changes.items.every((entry) => entry.actor === 'admin')).toBe(true);
  });

  it('turns a validation failure into an ApiError naming the field', async () => {
    const error = await client()
      .call('settings.update', { helpdesk: { email: 'not-an-email' } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'bad_request', field: 'helpdesk.email' });
    expect((error as ApiError).message).toMatch(/e-mail/);
  });

  it('reports a wrong or missing token as unauthorized and tells the session', async () => {
    const wrong = client({ token: 'wrong-token-wrong-token' });
    let told = 0;
    wrong.session.onUnauthorized(() => (told += 1));
    await expect(wrong.call('settings.get', {})).rejects.toMatchObject({ code: 'unauthorized' });
    expect(told).toBe(1);
    const none = client({ token: null });
    expect(none.session.hasToken()).toBe(false);
    await expect(none.call('system.status', {})).rejects.toMatchObject({ code: 'unauthorized' });
  });

  it('works again after setToken with the right token', async () => {
    const api = client({ token: 'wrong-token-wrong-token' });
    await expect(api.call('settings.get', {})).rejects.toBeInstanceOf(ApiError);
    api.session.setToken(token);
    expect((await api.call('settings.get', {})).organization.name).toBe('Test');
  });

  it('stops the event stream on 401 instead of retrying', async () => {
    const api = client({ token: 'wrong-token-wrong-token' });
    const refused = new Promise<void>((resolve) => api.session.onUnauthorized(resolve));
    api.on('settings.changed', () => undefined);
    await refused;
    expect(api.connectionState()).toBe('closed');
  });

  it('delivers pushed events over the SSE stream', async () => {
    const api = client();
    api.on('settings.changed', () => undefined);
    await opened(api);
    const changed = nextEvent(api, 'settings.changed', (s) => s.organization.name === 'Events Office');
    const logged = nextEvent(api, 'activity.appended', (e) => e.message.startsWith('Changed settings: organization.name'));
    await client().call('settings.update', { organization: { name: 'Events Office' } });
    expect((await changed).organization.name).toBe('Events Office');
    expect(await logged).toMatchObject({ actor: 'admin', outcome: 'ok' });
  });

  it('reconnects after the server restarts, then fires onReconnect and delivers events again', async () => {
    const api = client();
    api.on('settings.changed', () => undefined);
    await opened(api);
    let reconnects = 0;
    const reconnected = new Promise<void>((resolve) =>
      api.onReconnect(() => {
        reconnects += 1;
        resolve();
      }),
    );
    const states: string[] = [];
    api.onConnectionChange((state) => states.push(state));

    const port = Number(new URL(url).port);
    await core.stop();
    core = await startCore(port, 'Restarted');
    await withTimeout(reconnected, 10_000, 'onReconnect after the restart');
    expect(reconnects).toBe(1);
    expect(states).toContain('connecting');
    expect(api.connectionState()).toBe('open');

    expect((await api.call('settings.get', {})).organization.name).toBe('Restarted');
    const changed = nextEvent(api, 'settings.changed', (s) => s.organization.name === 'After Restart');
    await api.call('settings.update', { organization: { name: 'After Restart' } });
    expect((await changed).organization.name).toBe('After Restart');
  });
});

function opened(api: HttpLanyardClient): Promise<void> {
  if (api.connectionState() === 'open') return Promise.resolve();
  return withTimeout(
    new Promise<void>((resolve) => {
      const stop = api.onConnectionChange((state) => {
        if (state === 'open') {
          stop();
          resolve();
        }
      });
    }),
    10_000,
    'the event stream to open',
  );
}

function nextEvent<E extends EventName>(api: HttpLanyardClient, event: E, match: (payload: EventPayload<E>) => boolean): Promise<EventPayload<E>> {
  return withTimeout(
    new Promise<EventPayload<E>>((resolve) => {
      const stop = api.on(event, (payload) => {
        if (!match(payload)) return;
        stop();
        resolve(payload);
      });
    }),
    10_000,
    `a ${event} event`,
  );
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
