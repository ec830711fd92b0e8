/**
 * A child process for the crash test: writes bursts of changes to a journal
 * store in the folder given as argv[2] and prints each acknowledged one
 * (`put <n>` or `del <n>`) once its update resolved. The test kills it with
 * SIGKILL at a random moment and checks what it acknowledged.
 */
import { JournalPersistence } from '../../electron/core/store/journal-persistence';
import { RecordStore } from '../../electron/core/store/record-store';
import { crashStoreDefinition, crashRecord, freshCrashImage } from './crash-store';

const [folder, firstArg] = process.argv.slice(2);
const first = Number(firstArg);
const store = await RecordStore.open(crashStoreDefinition, await JournalPersistence.open(folder!, { compactAfterBytes: 8_192 }), { initial: freshCrashImage });
process.stdout.write('ready\n');
let n = first;
for (;;) {
  const burst: Promise<void>[] = [];
  for (let i = 0; i < 8; i += 1, n += 1) {
    const key = n;
    burst.push(store.update((tx) => tx.put('records', crashRecord(key))).then(() => void process.stdout.write(`put ${key}\n`)));
    if (key % 5 === 0 && key - 3 >= first) burst.push(store.update((tx) => tx.delete('records', `k${key - 3}`)).then(() => void process.stdout.write(`del ${key - 3}\n`)));
  }
  await Promise.all(burst);
}
