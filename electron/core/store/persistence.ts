/**
 * The durability role behind the record store (issue 9). The store keeps every
 * record in memory with its indexes and answers reads from there; a
 * Persistence only makes changes durable and gives them back at start.
 *
 * Implementations: the embedded journal (one data folder: snapshot + append-
 * only journal), PostgreSQL, and memory (tests). The same contract suite runs
 * against each.
 */

/** One change to the stored image. Records are plain JSON objects. */
export type ChangeOp =
  | { op: 'put'; collection: string; key: string; record: Record<string, unknown> }
  | { op: 'delete'; collection: string; key: string }
  | { op: 'set'; name: string; value: unknown };

/** One `update` or `touch`: its ops are applied together or not at all. */
export type ChangeBatch = readonly ChangeOp[];

/** The whole stored state, as loaded at start or written as a snapshot. */
export interface StoreImage {
  schemaVersion: number;
  /** Small documents kept whole: settings, pki, push, installationId, … */
  singletons: Record<string, unknown>;
  /** Record collections by name; each record carries its own key field. */
  collections: Record<string, Record<string, unknown>[]>;
}

export interface Persistence {
  /** A name for logs and errors, e.g. the data folder or the database. */
  readonly description: string;
  /** The stored image, or null when nothing was stored yet. */
  load(): Promise<StoreImage | null>;
  /**
   * Makes these batches durable, in order, as one unit of I/O (one fsync, one
   * SQL transaction). Resolves only once they survive a crash; a batch is
   * never half applied after a crash.
   */
  append(batches: readonly ChangeBatch[]): Promise<void>;
  /**
   * Writes a whole image (first start, migration, compaction). The previous
   * durable state stays readable until the new one is durable.
   */
  replace(image: StoreImage): Promise<void>;
  /** True when the journal has grown enough that `replace` would pay off. */
  wantsCompaction?(): boolean;
  close(): Promise<void>;
}
