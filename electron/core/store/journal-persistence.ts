import { mkdir, open, readdir, rename, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { syncDirectory } from './durable-json-file';
import { encodeLine, encodeOp } from './journal-format';
import { journalName, listStoreFiles, loadStore, snapshotName } from './journal-reader';
import type { ChangeBatch, Persistence, StoreImage } from './persistence';
import { StoreFolderLock } from './store-folder-lock';

export interface JournalOptions {
  logger?: { info(message: string): void; warn(message: string): void };
  /** Compact once the journal is this long and longer than the snapshot (default 16 MiB). */
  compactAfterBytes?: number;
}

/** Snapshot text is written in chunks of about this size, yielding between them so requests are served. */
const chunkBytes = 1 << 20;

/**
 * The embedded store's files in one folder: `snapshot-<generation>.jsonl`
 * and `journal-<generation>.jsonl`. A commit is one checksummed line
 * appended to the current journal and one fdatasync, so its cost does not
 * grow with the number of records.
 *
 * Compaction starts a new generation: new commits go to the next journal at
 * once, the whole image is written beside it as a snapshot (a temporary
 * file, fsynced, then renamed), and only then is the generation before the
 * previous one deleted. The previous generation stays, so a damaged newest
 * snapshot can be moved aside and the store opened from the one before with
 * the journals since.
 */
export class JournalPersistence implements Persistence {
  readonly description: string;
  private generation = 0;
  private journal: FileHandle | null = null;
  private journalBytes = 0;
  private snapshotBytes = 0;
  private recovered = false;
  private appends = 0;
  /** Appends and generation changes, one after another. */
  private io: Promise<void> = Promise.resolve();
  private readonly compactAfterBytes: number;

  private constructor(
    private readonly folder: string,
    private readonly lock: StoreFolderLock,
    private readonly options: JournalOptions,
  ) {
    this.description = folder;
    this.compactAfterBytes = options.compactAfterBytes ?? 16 * 1024 * 1024;
  }

  static async open(folder: string, options: JournalOptions = {}): Promise<JournalPersistence> {
    await mkdir(folder, { recursive: true, mode: 0o700 });
    const lock = await StoreFolderLock.take(folder);
    for (const name of await readdir(folder)) if (name.endsWith('.partial')) await unlink(join(folder, name));
    return new JournalPersistence(folder, lock, options);
  }

  async load(): Promise<StoreImage | null> {
    const loaded = await loadStore(this.folder, { warn: (message) => this.options.logger?.warn(message) });
    if (!loaded) return null;
    this.generation = loaded.generation;
    this.snapshotBytes = loaded.snapshotBytes;
    this.journalBytes = loaded.journalBytes;
    this.recovered = loaded.recovered;
    return loaded.image;
  }

  append(batches: readonly ChangeBatch[]): Promise<void> {
    // Serialized now: the records are live objects that go on changing.
    const text = batches
      .filter((batch) => batch.length > 0)
      .map((batch) => encodeLine(batch.map(encodeOp)))
      .join('');
    if (text === '') return this.io.catch(() => undefined);
    const bytes = Buffer.from(text, 'utf8');
    return this.serially(async () => {
      const journal = await this.currentJournal();
      try {
        await writeAll(journal, bytes);
        await journal.datasync();
      } catch (error) {
        // Cut a partial line off so the next commit starts on a clean line.
        await journal.truncate(this.journalBytes).catch(() => undefined);
        throw error;
      }
      this.journalBytes += bytes.length;
      this.appends += 1;
    });
  }

  async replace(image: StoreImage): Promise<void> {
    // Commits made from now on belong to the next generation; the image holds everything before.
    let generation = 0;
    await this.serially(async () => {
      await this.journal?.close();
      this.journal = null;
      this.generation += 1;
      this.journalBytes = 0;
      generation = this.generation;
    });
    const path = join(this.folder, snapshotName(generation));
    const temporary = `${path}.partial`;
    const file = await open(temporary, 'w', 0o600);
    let written = 0;
    try {
      for (const chunk of snapshotChunks(image, generation)) {
        const bytes = Buffer.from(chunk, 'utf8');
        await writeAll(file, bytes);
        written += bytes.length;
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temporary, path);
    await syncDirectory(this.folder);
    this.snapshotBytes = written;
    this.recovered = false;
    await this.dropGenerationsBefore(generation - 1);
  }

  wantsCompaction(): boolean {
    return this.recovered || (this.journalBytes >= this.compactAfterBytes && this.journalBytes > this.snapshotBytes);
  }

  stats(): Readonly<Record<string, number>> {
    return { generation: this.generation, journalBytes: this.journalBytes, snapshotBytes: this.snapshotBytes, appends: this.appends };
  }

  async close(): Promise<void> {
    await this.io.catch(() => undefined);
    await this.journal?.close();
    this.journal = null;
    await this.lock.release();
  }

  private serially(step: () => Promise<void>): Promise<void> {
    const run = this.io.catch(() => undefined).then(step);
    this.io = run;
    return run;
  }

  private async currentJournal(): Promise<FileHandle> {
    if (this.journal) return this.journal;
    const journal = await open(join(this.folder, journalName(this.generation)), 'a', 0o600);
    await syncDirectory(this.folder);
    this.journal = journal;
    return journal;
  }

  private async dropGenerationsBefore(generation: number): Promise<void> {
    const files = await listStoreFiles(this.folder);
    for (const old of files.snapshots.filter((g) => g < generation)) await unlink(join(this.folder, snapshotName(old)));
    for (const old of files.journals.filter((g) => g < generation)) await unlink(join(this.folder, journalName(old)));
  }
}

async function writeAll(file: FileHandle, bytes: Buffer): Promise<void> {
  let offset = 0;
  while (offset < bytes.length) {
    const { bytesWritten } = await file.write(bytes, offset, bytes.length - offset);
    offset += bytesWritten;
  }
}

/** The snapshot's lines, grouped into chunks of about `chunkBytes`. Records are read as the chunks are made. */
function* snapshotChunks(image: StoreImage, generation: number): Generator<string> {
  let chunk = encodeLine({ lanyard: 'snapshot', schemaVersion: image.schemaVersion, generation });
  let lines = 0;
  const add = function* (line: string): Generator<string> {
    chunk += line;
    lines += 1;
    if (chunk.length >= chunkBytes) {
      yield chunk;
      chunk = '';
    }
  };
  for (const [name, value] of Object.entries(image.singletons)) yield* add(encodeLine(['s', name, value]));
  for (const [collection, entries] of Object.entries(image.collections)) for (const [key, record] of entries) yield* add(encodeLine(['p', collection, key, record]));
  yield chunk + encodeLine({ end: true, lines });
}
