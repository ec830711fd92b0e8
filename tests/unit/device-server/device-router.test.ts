import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { DeviceRouter } from '../../../electron/core/device-server/device-router';

function fakeResponse() {
  const sent: { status?: number; body?: string } = {};
  const response = {
    writeHead(status: number) {
      sent.status = status;
      return response;
    },
    end(body?: Buffer | string) {
      sent.body = body?.toString();
    },
  };
  return { response: response as unknown as ServerResponse, sent };
}

async function call(router: DeviceRouter, method: string, url: string, secure: boolean) {
  const { response, sent } = fakeResponse();
  await router.handle({ method, url } as IncomingMessage, response, secure);
  return sent;
}

describe('DeviceRouter', () => {
  const router = new DeviceRouter();
  const seen: string[] = [];
  router.register({ methods: ['GET', 'HEAD'], path: /^\/enroll\/([^/]+)\/?$/, secureOnly: false, handle: ({ match, secure }) => void seen.push(`page ${match[1]} ${secure}`) });
  router.register({ path: '/a.b', secureOnly: true, handle: ({ request, url }) => void seen.push(`exact ${request.method} ${url.searchParams.get('q')}`) });

  it('answers a matching route with its captures, on either transport unless secureOnly', async () => {
    seen.length = 0;
    await call(router, 'GET', '/enroll/tok/', false);
    await call(router, 'HEAD', '/enroll/tok', true);
    await call(router, 'POST', '/a.b?q=1', true);
    expect(seen).toEqual(['page tok false', 'page tok true', 'exact POST 1']);
  });

  it('answers 404 for an unknown path, a method not listed, an HTTPS-only route over HTTP, and a string path taken literally', async () => {
    seen.length = 0;
    expect((await call(router, 'GET', '/nothing', true)).status).toBe(404);
    expect((await call(router, 'POST', '/enroll/tok', true)).status).toBe(404);
    expect((await call(router, 'GET', '/a.b', false)).status).toBe(404);
    expect((await call(router, 'GET', '/axb', true)).status).toBe(404);
    expect(seen).toEqual([]);
  });

  it('passes a handler failure on to the device server (which answers 500)', async () => {
    const failing = new DeviceRouter();
    failing.register({ path: '/boom', secureOnly: false, handle: () => { throw new Error('boom'); } });
    await expect(call(failing, 'GET', '/boom', false)).rejects.toThrow('boom');
  });
});
