import { existsSync } from 'node:fs';
import { rename } from 'node:fs/promises';
import { join } from 'node:path';
import type { Settings } from '../../../contract/models';
import { JournalPersistence } from './journal-persistence';
import { freshImage, lanyardStoreDefinition, type LanyardStore } from './lanyard-store';
import { readLegacyDocument, retireLegacyDocument } from './legacy-document';
import { MemoryPersistence } from './memory-persistence';
import type { Persistence, StoreImage } from './persistence';
import { PostgresPersistence } from './postgres-persistence';
import { RecordStore } from './record-store';

/** Where Lanyard keeps its records. */
export type StorageChoice =
  /** The embedded store: `<dataDir>/store/` (snapshots and journals). */
  | { kind: 'folder'; dataDir: string }
  /** A PostgreSQL database (`--database-url`): the records live there, the data directory keeps the rest. */
  | { kind: 'postgres'; url: string; dataDir: string }
  /** Nothing on disk: for tests. */
  | { kind: 'memory' };

export interface StoreLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** The folder inside the data directory that holds the embedded store. */
export const storeFolderName = 'store';

/** What the embedded store folder is renamed to once its records were moved into PostgreSQL. */
export const movedStoreFolderName = 'store.moved-to-postgres';

/**
 * Opens Lanyard's store. A fresh store takes the data Lanyard already has:
 * a fresh embedded store imports Lanyard 0.1's `lanyard.json`; a fresh
 * PostgreSQL database imports the embedded store of the data directory (or
 * else `lanyard.json`). Once the records are durable in the new place, the
 * old files are renamed, never deleted.
 */
export async function openLanyardStore(choice: StorageChoice, freshSettings: () => Settings, logger: StoreLogger): Promise<LanyardStore> {
  let persistence: Persistence;
  // What the first start found and took over, to rename once it is durable in the new store.
  let importedLegacy = false;
  let movedFolder = false;
  const fresh = async () => freshImage(freshSettings());
  const legacyOr = async (dataDir: string, otherwise: () => Promise<StoreImage>) => {
    const legacy = await readLegacyDocument(dataDir);
    if (legacy) logger.info(`importing the data of Lanyard 0.1 from ${join(dataDir, 'lanyard.json')}`);
    importedLegacy = legacy !== null;
    return legacy ?? otherwise();
  };
  let initial = fresh;
  if (choice.kind === 'memory') persistence = new MemoryPersistence();
  else if (choice.kind === 'postgres') {
    persistence = await PostgresPersistence.open(choice.url, { logger });
    initial = async () => {
      const folderImage = await readFolderStore(join(choice.dataDir, storeFolderName), logger);
      if (!folderImage) return legacyOr(choice.dataDir, fresh);
      logger.info(`moving the records of ${join(choice.dataDir, storeFolderName)} into ${persistence.description}`);
      movedFolder = true;
      return folderImage;
    };
  } else {
    persistence = await JournalPersistence.open(join(choice.dataDir, storeFolderName), { logger });
    initial = () => legacyOr(choice.dataDir, fresh);
  }
  let store: LanyardStore;
  try {
    store = await RecordStore.open(lanyardStoreDefinition, persistence, { initial, logger });
  } catch (error) {
    await persistence.close().catch(() => undefined);
    throw error;
  }
  // The folder store retires the file even when it was imported by an earlier start that stopped before renaming it.
  const retire = choice.kind === 'folder' || (choice.kind === 'postgres' && importedLegacy);
  if (retire && (await retireLegacyDocument(choice.dataDir))) {
    logger.info(`the data of Lanyard 0.1 is in ${store.description} now; the old file was kept as lanyard.json.migrated-to-v2`);
  }
  if (choice.kind === 'postgres' && movedFolder) {
    await rename(join(choice.dataDir, storeFolderName), join(choice.dataDir, movedStoreFolderName));
    logger.info(`the records are in ${store.description} now; the embedded store was kept as ${join(choice.dataDir, movedStoreFolderName)}`);
  }
  return store;
}

/** The image of an embedded store folder, or null when there is none; locked while read, so no running Lanyard is using it. */
async function readFolderStore(folder: string, logger: StoreLogger): Promise<StoreImage | null> {
  if (!existsSync(folder)) return null;
  const journal = await JournalPersistence.open(folder, { logger });
  try {
    return await journal.load();
  } finally {
    await journal.close();
  }
}
