import { join } from 'node:path';
import type { Settings } from '../../../contract/models';
import { JournalPersistence } from './journal-persistence';
import { freshImage, lanyardStoreDefinition, type LanyardStore } from './lanyard-store';
import { readLegacyDocument, retireLegacyDocument } from './legacy-document';
import { MemoryPersistence } from './memory-persistence';
import type { Persistence } from './persistence';
import { RecordStore } from './record-store';

/** Where Lanyard keeps its records. */
export type StorageChoice =
  /** The embedded store: `<dataDir>/store/` (snapshots and journals). */
  | { kind: 'folder'; dataDir: string }
  /** Nothing on disk: for tests. */
  | { kind: 'memory' };

export interface StoreLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** The folder inside the data directory that holds the embedded store. */
export const storeFolderName = 'store';

/**
 * Opens Lanyard's store. A fresh embedded store imports the data of
 * Lanyard 0.1 (`lanyard.json`) when there is one, and renames that file once
 * its records are durable in the new store.
 */
export async function openLanyardStore(choice: StorageChoice, freshSettings: () => Settings, logger: StoreLogger): Promise<LanyardStore> {
  let persistence: Persistence;
  let initial = async () => freshImage(freshSettings());
  if (choice.kind === 'memory') persistence = new MemoryPersistence();
  else {
    persistence = await JournalPersistence.open(join(choice.dataDir, storeFolderName), { logger });
    initial = async () => {
      const legacy = await readLegacyDocument(choice.dataDir);
      if (legacy) logger.info(`importing the data of Lanyard 0.1 from ${join(choice.dataDir, 'lanyard.json')}`);
      return legacy ?? freshImage(freshSettings());
    };
  }
  let store: LanyardStore;
  try {
    store = await RecordStore.open(lanyardStoreDefinition, persistence, { initial, logger });
  } catch (error) {
    await persistence.close().catch(() => undefined);
    throw error;
  }
  if (choice.kind === 'folder' && (await retireLegacyDocument(choice.dataDir))) {
    logger.info(`the data of Lanyard 0.1 is in ${join(choice.dataDir, storeFolderName)} now; the old file was kept as lanyard.json.migrated-to-v2`);
  }
  return store;
}
