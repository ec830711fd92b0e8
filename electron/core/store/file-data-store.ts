import { mkdir, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Low } from 'lowdb';
import { StoreClosedError, type DataStore, type StoreStats } from './data-store';
import { DurableJsonFile } from './durable-json-file';
import { migrate, NewerSchemaError } from './migrations';
import { LanyardData } from './schema';

/** The data file could not be used. It was left alone or moved aside, never overwritten. */
export class DataFileError extends Error {
  constructor(
    message: string,
    readonly movedTo?: string,
  ) {
    super(message);
    this.name = 'DataFileError';
  }
}

interface Batch {
  promise: Promise<void>;
  resolve(): void;
  reject(error: unknown): void;
}

function newBatch(): Batch {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/**
 * lowdb-backed store with group commit: changes made while a write is in
 * flight (or in the same tick) share the next write, so a burst of a
 * thousand changes costs a handful of fsyncs, and every caller still waits
 * until its own change is on disk.
 */
export class FileDataStore implements DataStore {
  private readonly counters: StoreStats = { changes: 0, writes: 0 };
  private pending: Batch | null = null;
  private writer: Promise<void> | null = null;
  private closed = false;

  private constructor(
    private readonly low: Low<string | null>,
    private data: LanyardData,
  ) {}

  static async open(path: string, fresh: () => LanyardData): Promise<FileDataStore> {
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    const file = new DurableJsonFile(path);
    await file.discardTemp();
    const low = new Low<string | null>(file, null);
    try {
      await low.read();
    } catch (error) {
      throw await moveAside(path, `could not be read (${(error as Error).message})`);
    }
    if (low.data === null) {
      const store = new FileDataStore(low, fresh());
      await store.writeNow();
      return store;
    }
    const { data, upgraded } = await decode(path, low.data);
    const store = new FileDataStore(low, data);
    if (upgraded) await store.writeNow();
    return store;
  }

  read(): Readonly<LanyardData> {
    return this.data;
  }

  update<R>(change: (data: LanyardData) => R): Promise<R> {
    if (this.closed) return Promise.reject(new StoreClosedError());
    let result: R;
    try {
      result = change(this.data);
    } catch (error) {
      return Promise.reject(error);
    }
    this.counters.changes += 1;
    return this.commit().then(() => result);
  }

  touch<R>(change: (data: LanyardData) => R): R {
    if (this.closed) throw new StoreClosedError();
    const result = change(this.data);
    this.counters.changes += 1;
    // Written with the next batch; a failure surfaces to whoever waits on that batch.
    this.commit().catch(() => undefined);
    return result;
  }

  flush(): Promise<void> {
    if (this.pending) return this.pending.promise;
    return this.writer ?? Promise.resolve();
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.flush();
    await this.writer;
  }

  stats(): StoreStats {
    return { ...this.counters };
  }

  private commit(): Promise<void> {
    if (!this.pending) {
      this.pending = newBatch();
      if (!this.writer) this.writer = this.drain();
    }
    return this.pending.promise;
  }

  private async drain(): Promise<void> {
    // Let the rest of this tick's changes join the first write.
    await new Promise<void>((resolve) => setImmediate(resolve));
    while (this.pending) {
      const batch = this.pending;
      this.pending = null;
      try {
        await this.writeNow();
        batch.resolve();
      } catch (error) {
        batch.reject(new Error(`could not save Lanyard's data: ${(error as Error).message}`));
      }
    }
    this.writer = null;
  }

  private async writeNow(): Promise<void> {
    this.low.data = JSON.stringify(this.data);
    await this.low.write();
    this.counters.writes += 1;
  }
}

async function decode(path: string, text: string): Promise<{ data: LanyardData; upgraded: boolean }> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw await moveAside(path, `is not valid JSON (${(error as Error).message})`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw await moveAside(path, 'does not hold a JSON object');
  }
  let migrated: Record<string, unknown>;
  try {
    migrated = migrate(raw as Record<string, unknown>);
  } catch (error) {
    if (error instanceof NewerSchemaError) throw new DataFileError(`Lanyard could not use its data file ${path}: ${error.message}`);
    throw await moveAside(path, `could not be upgraded (${(error as Error).message})`);
  }
  const parsed = LanyardData.safeParse(migrated);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? `${issue.path.join('.') || 'document'}: ${issue.message}` : 'unknown problem';
    throw await moveAside(path, `does not have the expected structure (${where})`);
  }
  return { data: parsed.data, upgraded: migrated !== raw };
}

async function moveAside(path: string, problem: string): Promise<DataFileError> {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const movedTo = `${path}.unreadable-${stamp}`;
  try {
    await rename(path, movedTo);
  } catch (error) {
    return new DataFileError(
      `Lanyard could not use its data file ${path}: it ${problem}. It could not be moved aside either (${(error as Error).message}); it was left untouched.`,
    );
  }
  return new DataFileError(
    `Lanyard could not use its data file ${path}: it ${problem}. The file was moved aside to ${movedTo} and nothing was overwritten. Restore it, or start Lanyard again to begin with a fresh configuration.`,
    movedTo,
  );
}
