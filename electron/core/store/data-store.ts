import type { LanyardData } from './schema';

/**
 * The repository every service keeps its state in. A change is applied in
 * memory at once and the returned promise settles when it is durable, so a
 * caller that awaits `update` may tell the world the change happened.
 */
export interface DataStore {
  read(): Readonly<LanyardData>;
  update<R>(change: (data: LanyardData) => R): Promise<R>;
  /**
   * Applies a change whose loss in a crash would do no harm (when a device was
   * last seen, that a command went out) and lets it ride with the next write
   * instead of waiting for one.
   */
  touch<R>(change: (data: LanyardData) => R): R;
  /** Resolves when every change made so far is durable. */
  flush(): Promise<void>;
  /** Flushes, then refuses further changes. */
  close(): Promise<void>;
  stats(): StoreStats;
}

export interface StoreStats {
  /** Number of `update` calls. */
  changes: number;
  /** Number of times the document was written to its medium. */
  writes: number;
}

export class StoreClosedError extends Error {
  constructor() {
    super('the data store is closed');
  }
}
