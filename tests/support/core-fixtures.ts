import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultEnrollmentSettings } from '../../contract/enrollment-models';
import type { Settings } from '../../contract/models';
import { RecordStore } from '../../electron/core/store/record-store';
import { freshImage, lanyardStoreDefinition, type LanyardStore } from '../../electron/core/store/lanyard-store';
import { MemoryPersistence } from '../../electron/core/store/memory-persistence';
import { loadStore } from '../../electron/core/store/journal-reader';
import type { StoreImage } from '../../electron/core/store/persistence';

export function sampleSettings(overrides: Partial<Settings> = {}): Settings {
  return {
    organization: { name: 'Test Office' },
    helpdesk: { name: 'Help', phone: '+1 555 0100', email: 'help@example.com', website: 'https://example.com' },
    network: { publicHost: '192.0.2.10', mdmPort: 8443, enrollmentHttpPort: 8080 },
    enrollment: { ...defaultEnrollmentSettings },
    setupCompletedAt: null,
    ...overrides,
  };
}

/** A store in memory holding a fresh office with the sample settings. */
export function sampleStore(): Promise<LanyardStore> {
  return RecordStore.open(lanyardStoreDefinition, new MemoryPersistence(), { initial: () => freshImage(sampleSettings()) });
}

/** A temporary folder removed after the test. */
export async function tempDir(prefix = 'lanyard-test-'): Promise<{ path: string; remove(): Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

/** Every byte the embedded store keeps in a data folder, as text (to check what is, and is not, on disk). */
export async function storedText(dataDir: string): Promise<string> {
  const folder = join(dataDir, 'store');
  const names = (await readdir(folder)).filter((name) => name.endsWith('.jsonl'));
  return (await Promise.all(names.map((name) => readFile(join(folder, name), 'utf8')))).join('');
}

/** What the embedded store in a data folder holds now, read as a restart would. */
export async function storedImage(dataDir: string): Promise<StoreImage> {
  const loaded = await loadStore(join(dataDir, 'store'), { warn: () => undefined });
  if (!loaded) throw new Error(`no store in ${dataDir}`);
  return loaded.image;
}
