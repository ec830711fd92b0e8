import { LanyardCore, type CoreOptions } from '../../electron/core/lanyard-core';
import { silentLogger } from '../../electron/core/logger';
import { tempDir } from './core-fixtures';

export const testToken = 'test-admin-token-0123456789';

/** A real core with the admin API on a free loopback port. */
export async function startTestCore(overrides: Partial<CoreOptions> = {}): Promise<{ core: LanyardCore; url: string; stop(): Promise<void> }> {
  const dir = await tempDir();
  const core = await LanyardCore.create({
    mode: 'headless',
    version: 'test',
    dataDir: dir.path,
    defaults: { organizationName: 'Test Office', publicHost: '127.0.0.1', mdmPort: 8443, enrollmentHttpPort: 0 },
    admin: { port: 0, bind: '127.0.0.1', token: testToken },
    logger: silentLogger,
    ...overrides,
  });
  await core.start();
  return {
    core,
    url: core.admin?.url ?? '',
    stop: async () => {
      await core.stop();
      await dir.remove();
    },
  };
}

export function authed(init: RequestInit = {}): RequestInit {
  return { ...init, headers: { authorization: `Bearer ${testToken}`, 'content-type': 'application/json', ...(init.headers ?? {}) } };
}
