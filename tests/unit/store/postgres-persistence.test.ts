import { cp, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../electron/core/logger';
import { openLanyardStore } from '../../../electron/core/store/open-lanyard-store';
import { describeDatabaseUrl, PostgresPersistence } from '../../../electron/core/store/postgres-persistence';
import { DataFileError, NewerSchemaError } from '../../../electron/core/store/store-errors';
import { sampleSettings, tempDir } from '../../support/core-fixtures';
import { postgresForTests } from '../../support/postgres-server';

const image = { schemaVersion: 2, singletons: { counter: 1 }, collections: { notes: [['a', { id: 'a', text: 'first' }]] as [string, unknown][] } };

describe('PostgreSQL persistence', () => {
  const server = postgresForTests();

  async function rows(url: string, sql: string): Promise<Record<string, unknown>[]> {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query(sql)).rows;
    } finally {
      await client.end();
    }
  }

  it('keeps a second Lanyard off the database while the first one runs, and lets it in after', async () => {
    const url = await server().createDatabase();
    const first = await PostgresPersistence.open(url);
    await expect(PostgresPersistence.open(url)).rejects.toThrow(/another Lanyard is using this database/);
    await first.close();
    const second = await PostgresPersistence.open(url);
    expect(await second.load()).toBeNull();
    await second.close();
  });

  it('goes on after the database restarts: the append waiting on it reconnects and lands once', async () => {
    const url = await server().createDatabase();
    const persistence = await PostgresPersistence.open(url, { reconnectForMs: 20_000 });
    await persistence.load();
    await persistence.replace(image);
    await server().restart();
    await persistence.append([[{ op: 'put', collection: 'notes', key: 'b', record: { id: 'b', text: 'after the restart' } }]]);
    expect(persistence.stats()).toMatchObject({ reconnects: 1 });
    // The lock was taken again on the new connection.
    await expect(PostgresPersistence.open(url)).rejects.toThrow(DataFileError);
    await persistence.close();
    const again = await PostgresPersistence.open(url);
    expect((await again.load())?.collections.notes).toEqual([
      ['a', { id: 'a', text: 'first' }],
      ['b', { id: 'b', text: 'after the restart' }],
    ]);
    await again.close();
  }, 60_000);

  it('gives up on an append when the database stays away, and says so', async () => {
    const url = await server().createDatabase();
    const persistence = await PostgresPersistence.open(url, { reconnectForMs: 1_500 });
    await persistence.load();
    await persistence.replace(image);
    await server().query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND application_name = 'lanyard'`, [new URL(url).pathname.slice(1)]);
    // Renamed away, the database cannot be reached by the reconnect.
    await server().query(`ALTER DATABASE ${new URL(url).pathname.slice(1)} RENAME TO gone_for_good`);
    await expect(persistence.append([[{ op: 'set', name: 'counter', value: 2 }]])).rejects.toThrow(/could not reach postgres:\/\/lanyard@127.0.0.1:\d+\/lanyard_test_\d+ for 2 s: .*does not exist/);
    await persistence.close();
  }, 30_000);

  it('refuses a database laid out by a newer Lanyard, changing nothing', async () => {
    const url = await server().createDatabase();
    const persistence = await PostgresPersistence.open(url);
    await persistence.load();
    await persistence.replace(image);
    await persistence.close();
    await rows(url, `INSERT INTO lanyard_sql_migrations (version, name) VALUES (99, 'from the future')`);
    await expect(PostgresPersistence.open(url)).rejects.toThrow(NewerSchemaError);
    expect(await rows(url, 'SELECT key FROM lanyard_records')).toEqual([{ key: 'a' }]);
  });

  it('keeps records readable to SQL: one row per record, as JSON', async () => {
    const url = await server().createDatabase();
    const persistence = await PostgresPersistence.open(url);
    await persistence.load();
    await persistence.replace(image);
    await persistence.append([[{ op: 'put', collection: 'notes', key: 'a', record: { id: 'a', text: 'edited' } }]]);
    await persistence.close();
    expect(await rows(url, `SELECT collection, key, record->>'text' AS text FROM lanyard_records`)).toEqual([{ collection: 'notes', key: 'a', text: 'edited' }]);
  });

  it('names the database in logs without its password', () => {
    expect(describeDatabaseUrl('postgres://lanyard:s3cret@db.office.lan:5432/lanyard?sslmode=require')).toBe('postgres://lanyard@db.office.lan:5432/lanyard');
    expect(describeDatabaseUrl('postgres://db.office.lan/lanyard')).toBe('postgres://db.office.lan/lanyard');
  });

  it('moves the embedded store of the data folder into a fresh database, and keeps the folder renamed', async () => {
    const dir = await tempDir();
    const url = await server().createDatabase();
    const local = await openLanyardStore({ kind: 'folder', dataDir: dir.path }, sampleSettings, silentLogger);
    await local.update((tx) => tx.set('settings', sampleSettings({ organization: { name: 'Moved Office' } })));
    const installationId = local.singleton('installationId');
    await local.close();
    const moved = await openLanyardStore({ kind: 'postgres', url, dataDir: dir.path }, () => sampleSettings({ organization: { name: 'Fresh' } }), silentLogger);
    expect(moved.singleton('settings').organization.name).toBe('Moved Office');
    expect(moved.singleton('installationId')).toBe(installationId);
    await moved.close();
    expect(await readdir(dir.path)).toContain('store.moved-to-postgres');
    expect(await readdir(dir.path)).not.toContain('store');
    await dir.remove();
  });

  it('imports the lanyard.json of Lanyard 0.1 into a fresh database', async () => {
    const dir = await tempDir();
    await cp(join(import.meta.dirname, '../../fixtures/release-0.1.0'), dir.path, { recursive: true });
    const old = JSON.parse(await readFile(join(dir.path, 'lanyard.json'), 'utf8'));
    const url = await server().createDatabase();
    const store = await openLanyardStore({ kind: 'postgres', url, dataDir: dir.path }, sampleSettings, silentLogger);
    expect([...store.collection('devices').values()]).toEqual(old.devices.map((device: object) => ({ channel: 'mdm', ...device, agent: null, fleetId: 'unassigned' })));
    expect([...store.collection('commands').values()]).toEqual(old.commands.map((command: object) => ({ ...command, message: null })));
    await store.close();
    expect(await readdir(dir.path)).toContain('lanyard.json.migrated-to-v2');
    const reopened = await openLanyardStore({ kind: 'postgres', url, dataDir: dir.path }, sampleSettings, silentLogger);
    expect(reopened.singleton('settings')).toEqual(old.settings);
    await reopened.close();
    await dir.remove();
  });
});
