import { StoreClosedError, type DataStore, type StoreStats } from './data-store';
import type { LanyardData } from './schema';

/** Keeps the document in memory only: for tests and throw-away runs. */
export class MemoryDataStore implements DataStore {
  private readonly counters: StoreStats = { changes: 0, writes: 0 };
  private closed = false;

  constructor(private readonly data: LanyardData) {}

  read(): Readonly<LanyardData> {
    return this.data;
  }

  async update<R>(change: (data: LanyardData) => R): Promise<R> {
    if (this.closed) throw new StoreClosedError();
    const result = change(this.data);
    this.counters.changes += 1;
    this.counters.writes += 1;
    return result;
  }

  touch<R>(change: (data: LanyardData) => R): R {
    if (this.closed) throw new StoreClosedError();
    const result = change(this.data);
    this.counters.changes += 1;
    return result;
  }

  async flush(): Promise<void> {}

  async close(): Promise<void> {
    this.closed = true;
  }

  stats(): StoreStats {
    return { ...this.counters };
  }
}
