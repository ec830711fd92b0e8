import { join } from 'node:path';
import { FileDataStore } from '../../../electron/core/store/file-data-store';
import { MemoryDataStore } from '../../../electron/core/store/memory-data-store';
import { sampleData, tempDir } from '../../support/core-fixtures';
import { describeMdmStorageContract } from './mdm-storage-contract';

describeMdmStorageContract('memory', async () => ({ store: new MemoryDataStore(sampleData()), cleanup: async () => {} }));

describeMdmStorageContract('lowdb file', async () => {
  const dir = await tempDir();
  const path = join(dir.path, 'lanyard.json');
  const initial = sampleData();
  return { store: await FileDataStore.open(path, () => initial), reopen: () => FileDataStore.open(path, () => initial), cleanup: dir.remove };
});
