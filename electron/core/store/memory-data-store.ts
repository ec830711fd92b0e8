import { StoreClosedError, type DataStore, type StoreStats } from './data-store';
import type { LanyardData } from './schema';

/**
 * What a MemoryDataStore commits to: the stand-in for a disk. It receives a
 * copy of the document each time a batch is committed, so a store opened
 * again over the same medium sees exactly what the first one made durable.
 */
export interface MemoryMedium {
  document: LanyardData | null;
}

interface Batch {
  promise: Promise<void>;
  resolve(): void;
}

function newBatch(): Batch {
  let resolve!: () => void;
  const promise = new Promise<void>((res) => {
    resolve = res;
  });
  return { promise, resolve };
}

/**
 * Keeps the document in memory: for tests and throw-away runs. It commits the
 * way FileDataStore does (changes made in the same tick or while a commit is
 * in flight share the next commit, and `update` settles once its commit is
 * done), so `stats().writes` and the timing of durability mean the same; the
 * commit copies the document to the medium when there is one.
 */
export class MemoryDataStore implements DataStore {
  private readonly counters: StoreStats = { changes: 0, writes: 0 };
  private pending: Batch | null = null;
  /** The scheduled commit, until it has run. */
  private writer: Promise<void> | null = null;
  private closed = false;

  constructor(
    private readonly data: LanyardData,
    private readonly medium?: MemoryMedium,
  ) {}

  /** A store over what the medium holds, or over `fresh()` committed to it when it holds nothing. */
  static open(medium: MemoryMedium, fresh: () => LanyardData): MemoryDataStore {
    if (medium.document) return new MemoryDataStore(structuredClone(medium.document), medium);
    const store = new MemoryDataStore(fresh(), medium);
    store.writeNow();
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
    void this.commit();
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
    // Let the rest of this tick's changes join the commit.
    await new Promise<void>((resolve) => setImmediate(resolve));
    const batch = this.pending;
    this.pending = null;
    this.writer = null;
    if (!batch) return;
    this.writeNow();
    batch.resolve();
  }

  private writeNow(): void {
    if (this.medium) this.medium.document = structuredClone(this.data);
    this.counters.writes += 1;
  }
}
