import { describe } from 'vitest';
import { JournalPersistence } from '../../../electron/core/store/journal-persistence';
import { freshImage, lanyardStoreDefinition } from '../../../electron/core/store/lanyard-store';
import { MemoryPersistence, type MemoryMedium } from '../../../electron/core/store/memory-persistence';
import { PostgresPersistence } from '../../../electron/core/store/postgres-persistence';
import type { Persistence } from '../../../electron/core/store/persistence';
import { RecordStore } from '../../../electron/core/store/record-store';
import { sampleSettings, tempDir } from '../../support/core-fixtures';
import { postgresForTests } from '../../support/postgres-server';
import { describeMdmStorageContract } from './mdm-storage-contract';

const openOn = (persistence: Persistence) => RecordStore.open(lanyardStoreDefinition, persistence, { initial: () => freshImage(sampleSettings()) });

describeMdmStorageContract('memory', async () => {
  const medium: MemoryMedium = { image: null };
  return { store: await openOn(new MemoryPersistence(medium)), reopen: () => openOn(new MemoryPersistence(medium)), cleanup: async () => {} };
});

describeMdmStorageContract('data folder (journal)', async () => {
  const dir = await tempDir();
  return { store: await openOn(await JournalPersistence.open(dir.path)), reopen: async () => openOn(await JournalPersistence.open(dir.path)), cleanup: dir.remove };
});

describe('on a real PostgreSQL', () => {
  const server = postgresForTests();

  describeMdmStorageContract('PostgreSQL', async () => {
    const url = await server().createDatabase();
    return { store: await openOn(await PostgresPersistence.open(url)), reopen: async () => openOn(await PostgresPersistence.open(url)), cleanup: async () => undefined };
  });
});
