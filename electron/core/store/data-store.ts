import type { LanyardData } from './schema';

/**
 * The repository every service keeps its state in. A change is applied in
 * memory at once and the returned promise settles when it is durable, so a
 * caller that awaits `update` may tell the world the change happened.
 *
 * A change function that throws rejects its `update` (or throws from `touch`)
 * with that error; it is not counted and commits nothing by itself. The store
 * does not undo what the function had already done to the document, and such
 * a partial edit would ride with the next commit: a change function must check
 * everything before it modifies anything.
 *
 * Changes made in the same tick, or while a commit is in flight, share the
 * next commit (group commit).
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
  /** Resolves when every change made so far (`update` and `touch`) is durable. */
  flush(): Promise<void>;
  /** Flushes, then refuses further changes: `update` rejects and `touch` throws StoreClosedError. */
  close(): Promise<void>;
  stats(): StoreStats;
}

export interface StoreStats {
  /** Number of changes applied (`update` and `touch` calls whose function returned). */
  changes: number;
  /** Number of commits to the medium, including one made when opening (a fresh or upgraded document). */
  writes: number;
}

export class StoreClosedError extends Error {
  constructor() {
    super('the data store is closed');
  }
}
