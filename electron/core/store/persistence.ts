/**
 * The durability role behind the record store. The store keeps every record
 * in memory with its indexes and answers reads from there; a Persistence only
 * makes changes durable and gives them back at start.
 *
 * Implementations: the embedded journal (one data folder: snapshots and an
 * append-only journal), PostgreSQL, and memory (tests). The same contract
 * suite runs against each (tests/unit/store/persistence-contract.ts).
 *
 * How the record store calls it (every implementation may rely on this):
 * - `load()` once, first;
 * - `replace()` when `load()` gave null (a fresh store) or an image of an
 *   older schema version (after migrating it), before any `append`;
 * - `append()` calls one at a time, never two in flight; records are live
 *   objects the caller goes on changing, so `append` must serialize or copy
 *   them before its first await;
 * - `replace()` for compaction only between appends, with an image that holds
 *   at least what was appended so far (records may be newer: every op is a
 *   whole value, so replaying later appends over it gives the same state);
 * - `close()` last, after every append and replace settled.
 *
 * Order: the records of a collection come back from `load()` in the order a
 * JavaScript Map would hold them: a put of a new key goes last, a put of an
 * existing key keeps its place, a delete then a put moves the key last.
 */

/** One change to the stored image. Records are plain JSON objects. */
export type ChangeOp =
  | { op: 'put'; collection: string; key: string; record: unknown }
  | { op: 'delete'; collection: string; key: string }
  | { op: 'set'; name: string; value: unknown };

/** One `update` or `touch`: its ops are applied together or not at all. */
export type ChangeBatch = readonly ChangeOp[];

/** A collection's records as [key, record] pairs, in stored order. */
export type CollectionEntries = [string, unknown][];

/** The whole stored state, as loaded at start or written as a snapshot. */
export interface StoreImage {
  schemaVersion: number;
  /** Small documents kept whole: settings, pki, push, installationId, … */
  singletons: Record<string, unknown>;
  /** Record collections by name. */
  collections: Record<string, CollectionEntries>;
}

export interface Persistence {
  /** A name for logs and errors, e.g. the data folder or the database. */
  readonly description: string;
  /** The stored image, or null when nothing was stored yet. A collection with no records may be left out. */
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
  /** True when the journal has grown enough that a compacting `replace` would pay off. */
  wantsCompaction?(): boolean;
  /** Figures for the store's stats, e.g. `{ journalBytes, generation }`. */
  stats?(): Readonly<Record<string, number>>;
  close(): Promise<void>;
}

/** Applies batches to an image in place, with the order rule above. For backends that replay. */
export function applyBatches(collections: Map<string, Map<string, unknown>>, singletons: Map<string, unknown>, batches: readonly ChangeBatch[]): void {
  for (const batch of batches) {
    for (const op of batch) {
      if (op.op === 'set') {
        singletons.set(op.name, op.value);
        continue;
      }
      let records = collections.get(op.collection);
      if (!records) {
        records = new Map();
        collections.set(op.collection, records);
      }
      if (op.op === 'put') records.set(op.key, op.record);
      else records.delete(op.key);
    }
  }
}

/** An image as maps (for replaying onto) and back. */
export function imageToMaps(image: StoreImage): { collections: Map<string, Map<string, unknown>>; singletons: Map<string, unknown> } {
  const collections = new Map<string, Map<string, unknown>>();
  for (const [name, entries] of Object.entries(image.collections)) collections.set(name, new Map(entries));
  return { collections, singletons: new Map(Object.entries(image.singletons)) };
}

export function mapsToImage(schemaVersion: number, collections: Map<string, Map<string, unknown>>, singletons: Map<string, unknown>): StoreImage {
  const out: StoreImage['collections'] = {};
  for (const [name, records] of collections) out[name] = Array.from(records.entries());
  return { schemaVersion, singletons: Object.fromEntries(singletons), collections: out };
}

/**
 * One commit's ops with each record written once: the last put of a key wins,
 * a key deleted and put again is written as a delete then a put (so it moves
 * last, as it did in memory), and a key put then deleted as a delete.
 */
export function coalesce(ops: readonly ChangeOp[]): ChangeOp[] {
  const last = new Map<string, { op: ChangeOp; deletedFirst: boolean }>();
  for (const op of ops) {
    const id = op.op === 'set' ? `s\u0000${op.name}` : `r\u0000${op.collection}\u0000${op.key}`;
    const seen = last.get(id);
    if (op.op === 'put' && seen?.op.op === 'put') {
      seen.op = op;
      continue;
    }
    // A delete, or a put after a delete, takes the key's place at the end.
    last.delete(id);
    last.set(id, { op, deletedFirst: (seen?.deletedFirst ?? false) || seen?.op.op === 'delete' });
  }
  const out: ChangeOp[] = [];
  for (const { op, deletedFirst } of last.values()) {
    if (op.op === 'put' && deletedFirst) out.push({ op: 'delete', collection: op.collection, key: op.key });
    out.push(op);
  }
  return out;
}
