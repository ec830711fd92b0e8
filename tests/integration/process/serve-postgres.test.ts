import { readdir } from 'node:fs/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { postgresForTests } from '../../support/postgres-server';
import { adminApi, createDataDir, freePort, start, stopAll } from '../../support/serve-process';

/** `serve --database-url`: the built server keeps its records in a real PostgreSQL. */
describe('npm run serve on PostgreSQL', () => {
  // Hooks run last-registered first: the servers stop before their database.
  const postgres = postgresForTests();
  afterAll(() => stopAll());

  it('keeps a change in the database, not the data folder, through kill -9 and a restart', async () => {
    const url = await postgres().createDatabase();
    const dataDir = await createDataDir();
    const args = ['--mdm-port', String(await freePort()), '--enrollment-http-port', '0'];
    const server = await start({ dataDir, args, env: { LANYARD_DATABASE_URL: url } });
    expect(server.output()).toContain(`records in ${url}`);
    expect((await adminApi(server).patch('/api/settings', { organization: { name: 'Kept in PostgreSQL' } })).status).toBe(200);
    await server.kill9();
    expect(await readdir(dataDir)).not.toContain('store');
    const again = await start({ dataDir, args: [...args, '--database-url', url] });
    expect((await adminApi(again).get('/api/settings')).body.organization.name).toBe('Kept in PostgreSQL');
    expect(await again.stop()).toBe(0);
  }, 60_000);

  it('refuses to start when the database cannot be reached, and says which one', async () => {
    const unreachable = `postgres://lanyard:secret-password@127.0.0.1:${await freePort()}/lanyard`;
    const server = start({ args: ['--mdm-port', String(await freePort()), '--enrollment-http-port', '0', '--database-url', unreachable], timeoutMs: 15_000 });
    await expect(server).rejects.toThrow(/could not connect to postgres:\/\/lanyard@127\.0\.0\.1:\d+\/lanyard/);
    await expect(server).rejects.not.toThrow(/secret-password/);
  }, 30_000);
});
