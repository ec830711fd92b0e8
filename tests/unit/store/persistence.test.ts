import { describe } from 'vitest';
import { JournalPersistence } from '../../../electron/core/store/journal-persistence';
import { MemoryPersistence, type MemoryMedium } from '../../../electron/core/store/memory-persistence';
import { PostgresPersistence } from '../../../electron/core/store/postgres-persistence';
import { tempDir } from '../../support/core-fixtures';
import { postgresForTests } from '../../support/postgres-server';
import { describePersistenceContract } from './persistence-contract';

describePersistenceContract('memory', async () => {
  const medium: MemoryMedium = { image: null };
  return { open: async () => new MemoryPersistence(medium), cleanup: async () => undefined };
});

describePersistenceContract('journal (data folder)', async () => {
  const dir = await tempDir();
  return { open: () => JournalPersistence.open(dir.path), cleanup: () => dir.remove() };
});

describe('on a real PostgreSQL', () => {
  const server = postgresForTests();

  describePersistenceContract('PostgreSQL', async () => {
    const url = await server().createDatabase();
    return { open: () => PostgresPersistence.open(url), cleanup: async () => undefined };
  });
});
