import { join } from 'node:path';
import { FileDataStore } from '../../../electron/core/store/file-data-store';
import { MemoryDataStore, type MemoryMedium } from '../../../electron/core/store/memory-data-store';
import { tempDir } from '../../support/core-fixtures';
import { describeDataStoreContract } from './data-store-contract';

describeDataStoreContract('memory', async (initial) => {
  const medium: MemoryMedium = { document: null };
  const store = MemoryDataStore.open(medium, () => initial);
  return { store, reopen: async () => MemoryDataStore.open(medium, () => initial), cleanup: async () => {} };
});

describeDataStoreContract('lowdb file', async (initial) => {
  const dir = await tempDir();
  const path = join(dir.path, 'lanyard.json');
  const store = await FileDataStore.open(path, () => initial);
  return { store, reopen: () => FileDataStore.open(path, () => initial), cleanup: dir.remove };
});
