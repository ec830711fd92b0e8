import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DataFileError, FileDataStore } from '../../../electron/core/store/file-data-store';
import { currentSchemaVersion } from '../../../electron/core/store/schema';
import { sampleData, tempDir } from '../../support/core-fixtures';

describe('FileDataStore', () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let path: string;

  beforeEach(async () => {
    dir = await tempDir();
    path = join(dir.path, 'lanyard.json');
  });
  afterEach(() => dir.remove());

  it('creates the file with the fresh data, readable by the owner only', async () => {
    const store = await FileDataStore.open(path, sampleData);
    const onDisk = JSON.parse(await readFile(path, 'utf8'));
    expect(onDisk.schemaVersion).toBe(currentSchemaVersion);
    expect(onDisk.settings.organization.name).toBe('Test Office');
    expect((await stat(path)).mode & 0o077).toBe(0);
    await store.close();
  });

  it('has a change on disk when update resolves', async () => {
    const store = await FileDataStore.open(path, sampleData);
    await store.update((data) => {
      data.settings.organization.name = 'Durable';
    });
    expect(JSON.parse(await readFile(path, 'utf8')).settings.organization.name).toBe('Durable');
    await store.close();
  });

  it('coalesces a burst of 1,000 changes into few file writes', async () => {
    const store = await FileDataStore.open(path, sampleData);
    const before = store.stats().writes;
    await Promise.all(
      Array.from({ length: 1000 }, (_, i) =>
        store.update((data) => {
          data.activity.push({ id: `e${i}`, at: new Date().toISOString(), actor: 'device', action: 'check-in', outcome: 'ok', message: `device ${i}` });
        }),
      ),
    );
    const writes = store.stats().writes - before;
    console.log(`group commit: 1000 changes -> ${writes} file write(s)`);
    expect(store.stats().changes).toBe(1000);
    expect(writes).toBeGreaterThanOrEqual(1);
    expect(writes).toBeLessThan(20);
    expect(JSON.parse(await readFile(path, 'utf8')).activity).toHaveLength(1000);
    await store.close();
  });

  it('moves a corrupt file aside, never overwrites it, and says where it went', async () => {
    await writeFile(path, '{"schemaVersion": 1, "settings": {');
    const error = await FileDataStore.open(path, sampleData).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataFileError);
    const dataError = error as DataFileError;
    expect(dataError.message).toMatch(/not valid JSON/);
    expect(dataError.message).toContain(dataError.movedTo!);
    expect(await readFile(dataError.movedTo!, 'utf8')).toBe('{"schemaVersion": 1, "settings": {');
    const files = await readdir(dir.path);
    expect(files).not.toContain('lanyard.json');
  });

  it('moves aside a file that parses but does not match the schema, naming the field', async () => {
    const bad = sampleData() as unknown as { settings: { network: { mdmPort: unknown } } };
    bad.settings.network.mdmPort = 'eighty';
    await writeFile(path, JSON.stringify(bad));
    const error = (await FileDataStore.open(path, sampleData).catch((e: unknown) => e)) as DataFileError;
    expect(error).toBeInstanceOf(DataFileError);
    expect(error.message).toContain('settings.network.mdmPort');
    expect(JSON.parse(await readFile(error.movedTo!, 'utf8')).settings.network.mdmPort).toBe('eighty');
  });

  it('refuses a file from a newer Lanyard without touching it', async () => {
    const newer = JSON.stringify({ ...sampleData(), schemaVersion: currentSchemaVersion + 1 });
    await writeFile(path, newer);
    const error = (await FileDataStore.open(path, sampleData).catch((e: unknown) => e)) as DataFileError;
    expect(error).toBeInstanceOf(DataFileError);
    expect(error.message).toMatch(/newer Lanyard/);
    expect(error.movedTo).toBeUndefined();
    expect(await readFile(path, 'utf8')).toBe(newer);
  });

  it('ignores a leftover temporary file from an interrupted write', async () => {
    const first = await FileDataStore.open(path, sampleData);
    await first.update((data) => {
      data.settings.organization.name = 'Kept';
    });
    await first.close();
    await writeFile(join(dir.path, '.lanyard.json.tmp'), '{"half": ');
    const second = await FileDataStore.open(path, sampleData);
    expect(second.read().settings.organization.name).toBe('Kept');
    expect(await readdir(dir.path)).not.toContain('.lanyard.json.tmp');
    await second.close();
  });
});
