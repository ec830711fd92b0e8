import { cp, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../electron/core/logger';
import { openLanyardStore } from '../../../electron/core/store/open-lanyard-store';
import { DataFileError } from '../../../electron/core/store/store-errors';
import { KeyFileSecretBox } from '../../../electron/core/secrets/key-file-secret-box';
import { sampleSettings, tempDir } from '../../support/core-fixtures';

/** The data folder written by Lanyard 0.1.0 (tests/fixtures/README.md). */
const release = join(import.meta.dirname, '../../fixtures/release-0.1.0');

describe('importing the lanyard.json of Lanyard 0.1', () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  beforeEach(async () => {
    dir = await tempDir();
    await cp(release, dir.path, { recursive: true });
  });
  afterEach(() => dir.remove());

  it('brings every record and setting over, with sealed keys still opening, and retires the old file', async () => {
    const old = JSON.parse(await readFile(join(release, 'lanyard.json'), 'utf8'));
    const store = await openLanyardStore({ kind: 'folder', dataDir: dir.path }, sampleSettings, silentLogger);
    expect(store.singleton('installationId')).toBe(old.installationId);
    expect(store.singleton('settings')).toEqual(old.settings);
    expect(store.singleton('pki')).toEqual(old.pki);
    expect(store.singleton('push')).toEqual(old.push);
    for (const [name, key] of [['devices', 'id'], ['commands', 'uuid'], ['activity', 'id'], ['invitations', 'id'], ['scepTransactions', 'transactionId']] as const) {
      expect([...store.collection(name).values()], name).toEqual(asMigrated(name, old[name]));
      expect(old[name].length, name).toBeGreaterThan(0);
      for (const record of old[name]) expect(store.collection(name).get(record[key])).toBeDefined();
    }
    // Indexes are built over the imported records.
    const device = old.devices[0];
    expect(store.collection('devices').by('udid', device.udid)?.id).toBe(device.id);
    expect(store.collection('commands').where('openByDevice', device.id).length).toBe(old.commands.filter((c: { deviceId: string; status: string }) => c.deviceId === device.id && c.status === 'queued').length);
    // The office keys were sealed by 0.1's secret.key and still open.
    const secrets = await KeyFileSecretBox.open(join(dir.path, 'secret.key'));
    expect((await secrets.open(store.singleton('pki').ca!.sealedKey)).toString()).toContain('PRIVATE KEY');
    await store.close();
    const names = await readdir(dir.path);
    expect(names).toContain('lanyard.json.migrated-to-v2');
    expect(names).not.toContain('lanyard.json');
    // Opening again reads the new store, not the old file.
    const again = await openLanyardStore({ kind: 'folder', dataDir: dir.path }, sampleSettings, silentLogger);
    expect(again.collection('devices').size).toBe(old.devices.length);
    await again.close();
  });

  it('refuses a lanyard.json it cannot read, changing nothing', async () => {
    await writeFile(join(dir.path, 'lanyard.json'), '{"schemaVersion": 1, "devices": "no"}');
    await expect(openLanyardStore({ kind: 'folder', dataDir: dir.path }, sampleSettings, silentLogger)).rejects.toThrow(DataFileError);
    expect(await readFile(join(dir.path, 'lanyard.json'), 'utf8')).toBe('{"schemaVersion": 1, "devices": "no"}');
    expect(await readdir(join(dir.path, 'store'))).toEqual([]);
  });

  it('refuses a lanyard.json written by a newer Lanyard', async () => {
    await writeFile(join(dir.path, 'lanyard.json'), '{"schemaVersion": 7}');
    await expect(openLanyardStore({ kind: 'folder', dataDir: dir.path }, sampleSettings, silentLogger)).rejects.toThrow(/newer Lanyard \(schema 7/);
  });
});

/** 0.1's records as the current schema has them: Apple devices gain their channel, tasks their (empty) agent message. */
function asMigrated(name: string, records: Record<string, unknown>[]): Record<string, unknown>[] {
  if (name === 'devices') return records.map((device) => ({ channel: 'mdm', ...device, agent: null, fleetId: 'unassigned' }));
  if (name === 'commands') return records.map((command) => ({ ...command, message: null }));
  if (name === 'invitations') return records.map((invitation) => ({ ...invitation, fleetId: null }));
  return records;
}
