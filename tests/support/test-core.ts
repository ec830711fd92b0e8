import { LanyardCore, type CoreOptions } from '../../electron/core/lanyard-core';
import { consoleLogger, silentLogger } from '../../electron/core/logger';
import { tempDir } from './core-fixtures';
import { freePort } from './serve-process';

export { freePort };

export const testToken = 'test-admin-token-0123456789';

/** A real core with the admin API on a free loopback port. */
export async function startTestCore(overrides: Partial<CoreOptions> = {}): Promise<{ core: LanyardCore; url: string; mdmPort: number; httpPort: number; stop(): Promise<void> }> {
  const dir = await tempDir();
  const mdmPort = await freePort();
  const httpPort = await freePort();
  const core = await LanyardCore.create({
    mode: 'headless',
    version: 'test',
    dataDir: dir.path,
    defaults: { organizationName: 'Test Office', publicHost: '127.0.0.1', mdmPort, enrollmentHttpPort: httpPort },
    admin: { port: 0, bind: '127.0.0.1', token: testToken },
    deviceBind: '127.0.0.1',
    logger: process.env.LANYARD_TEST_LOG ? consoleLogger : silentLogger,
    ...overrides,
  });
  await core.start();
  return {
    core,
    url: core.admin?.url ?? '',
    mdmPort,
    httpPort,
    stop: async () => {
      await core.stop();
      await dir.remove();
    },
  };
}

export function authed(init: RequestInit = {}): RequestInit {
  return { ...init, headers: { authorization: `Bearer ${testToken}`, 'content-type': 'application/json', ...(init.headers ?? {}) } };
}

/** The JSON body of a response, typed loosely for assertions. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function bodyOf(response: Response): Promise<any> {
  return response.json();
}
