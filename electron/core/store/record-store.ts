import type { z } from 'zod';
import { StoreClosedError } from './store-errors';
import { Collection, type CollectionSpec } from './collection';
import { coalesce, type ChangeOp, type Persistence, type StoreImage } from './persistence';
import { StoreShapeError } from './store-errors';

/** What a store holds: its record collections and its small whole documents. */
export interface StoreDefinition<C, S> {
  schemaVersion: number;
  collections: { [N in keyof C]: CollectionSpec<C[N]> };
  singletons: { [N in keyof S]: z.ZodType<S[N]> };
  /** Upgrades an image of an older schema version to `schemaVersion`; throws NewerSchemaError for a newer one. */
  migrate(image: StoreImage): StoreImage;
}

/** The read side of a collection; changes go through a Transaction. */
export type ReadonlyCollection<T> = Omit<Collection<T>, 'put' | 'delete'>;

/** The changes one `update` or `touch` makes. Reads see them at once; the batch is durable together. */
export interface Transaction<C, S> {
  put<N extends keyof C & string>(collection: N, record: C[N]): void;
  /** Removes a record; false when there was none. */
  delete<N extends keyof C & string>(collection: N, key: string): boolean;
  set<N extends keyof S & string>(name: N, value: S[N]): void;
}

export interface StoreStats {
  /** Changes applied (`update` and `touch` calls whose function returned). */
  changes: number;
  /** Commits to the backend, counting the image written when a store is first made or upgraded. */
  writes: number;
  compactions: number;
  /** Figures of the backend (journal bytes, generation, …). */
  backend: Readonly<Record<string, number>>;
}

export interface RecordStoreOptions {
  /** The image of a store that has none yet (a fresh one, or one imported from an older format). */
  initial(): StoreImage | Promise<StoreImage>;
  logger?: { info(message: string): void; warn(message: string): void; error(message: string): void };
}

interface Pending {
  promise: Promise<void>;
  resolve(): void;
  reject(error: unknown): void;
}

function pending(): Pending {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

type Undo = () => void;

/**
 * Every record in memory with its indexes, made durable by a Persistence
 * (the embedded journal, PostgreSQL, or memory for tests).
 *
 * A change is a function given a Transaction. It applies at once, so reads
 * see it; if the function throws, its puts, deletes and sets are undone
 * (not changes it made to objects in place: a change function must check
 * before it modifies) and nothing is written. Changes made in the same tick,
 * or while a commit is in flight, share the next commit: one journal line
 * and one fsync, or one SQL transaction. `update` settles once its change
 * is durable; `touch` lets a change whose loss would do no harm ride along.
 */
export class RecordStore<C, S> {
  private readonly collections = new Map<string, Collection<unknown>>();
  private readonly singletons = new Map<string, unknown>();
  private readonly counters = { changes: 0, writes: 0, compactions: 0 };
  private ops: ChangeOp[] = [];
  private waiting: Pending | null = null;
  private writer: Promise<void> | null = null;
  private compaction: Promise<void> | null = null;
  private closed = false;

  private constructor(
    private readonly definition: StoreDefinition<C, S>,
    private readonly persistence: Persistence,
    private readonly logger: RecordStoreOptions['logger'],
  ) {
    for (const [name, spec] of Object.entries(definition.collections) as [string, CollectionSpec<unknown>][]) this.collections.set(name, new Collection(name, spec));
  }

  static async open<C, S>(definition: StoreDefinition<C, S>, persistence: Persistence, options: RecordStoreOptions): Promise<RecordStore<C, S>> {
    const store = new RecordStore(definition, persistence, options.logger);
    let image = await persistence.load();
    let rewrite = false;
    if (!image) {
      image = await options.initial();
      rewrite = true;
    }
    if (image.schemaVersion !== definition.schemaVersion) {
      image = definition.migrate(image);
      rewrite = true;
    }
    store.fill(image);
    if (rewrite) {
      await persistence.replace(image);
      store.counters.writes += 1;
    }
    return store;
  }

  get description(): string {
    return this.persistence.description;
  }

  collection<N extends keyof C & string>(name: N): ReadonlyCollection<C[N]> {
    return this.collectionOf(name);
  }

  singleton<N extends keyof S & string>(name: N): S[N] {
    return this.singletons.get(name) as S[N];
  }

  update<R>(change: (tx: Transaction<C, S>) => R): Promise<R> {
    if (this.closed) return Promise.reject(new StoreClosedError());
    let result: R;
    try {
      result = this.apply(change);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.commit().then(() => result);
  }

  touch<R>(change: (tx: Transaction<C, S>) => R): R {
    if (this.closed) throw new StoreClosedError();
    const result = this.apply(change);
    // Written with the next commit; a failure surfaces to whoever waits on that commit.
    this.commit().catch(() => undefined);
    return result;
  }

  /** Resolves when every change made so far is durable. */
  flush(): Promise<void> {
    if (this.waiting) return this.waiting.promise;
    return this.writer ?? Promise.resolve();
  }

  /** Writes the whole image now and lets the backend drop what it no longer needs (journal compaction). */
  compact(): Promise<void> {
    if (!this.compaction) {
      this.compaction = this.persistence
        .replace(this.image())
        .then(() => {
          this.counters.compactions += 1;
        })
        .catch((error: Error) => this.logger?.error(`compacting ${this.persistence.description}: ${error.message}`))
        .finally(() => {
          this.compaction = null;
        });
    }
    return this.compaction;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.flush().catch(() => undefined);
    await this.writer;
    await this.compaction;
    await this.persistence.close();
  }

  stats(): StoreStats {
    return { ...this.counters, backend: this.persistence.stats?.() ?? {} };
  }

  /** The whole state as an image; records are the live objects, not copies. */
  image(): StoreImage {
    const collections: StoreImage['collections'] = {};
    for (const [name, collection] of this.collections) collections[name] = Array.from(collection.values(), (record) => [collection.keyOf(record), record]);
    return { schemaVersion: this.definition.schemaVersion, singletons: Object.fromEntries(this.singletons), collections };
  }

  private collectionOf(name: string): Collection<never> {
    const collection = this.collections.get(name);
    if (!collection) throw new Error(`the store has no collection "${name}"`);
    return collection as unknown as Collection<never>;
  }

  private apply<R>(change: (tx: Transaction<C, S>) => R): R {
    const ops: ChangeOp[] = [];
    const undo: Undo[] = [];
    const tx: Transaction<C, S> = {
      put: (name, record) => {
        const collection = this.collectionOf(name);
        const previous = collection.put(record as never);
        const key = collection.keyOf(record as never);
        undo.push(() => (previous === undefined ? collection.delete(key) : collection.put(previous)));
        ops.push({ op: 'put', collection: name, key, record });
      },
      delete: (name, key) => {
        const collection = this.collectionOf(name);
        const previous = collection.delete(key);
        if (previous === undefined) return false;
        undo.push(() => collection.put(previous));
        ops.push({ op: 'delete', collection: name, key });
        return true;
      },
      set: (name, value) => {
        const parsed = this.definition.singletons[name as keyof S].safeParse(value);
        if (!parsed.success) throw new Error(`${name}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
        const had = this.singletons.has(name);
        const previous = this.singletons.get(name);
        this.singletons.set(name, value);
        undo.push(() => (had ? this.singletons.set(name, previous) : this.singletons.delete(name)));
        ops.push({ op: 'set', name, value });
      },
    };
    let result: R;
    try {
      result = change(tx);
    } catch (error) {
      for (const step of undo.reverse()) step();
      throw error;
    }
    this.counters.changes += 1;
    for (const op of ops) this.ops.push(op);
    return result;
  }

  private commit(): Promise<void> {
    if (!this.waiting) {
      this.waiting = pending();
      if (!this.writer) this.writer = this.drain();
    }
    return this.waiting.promise;
  }

  private async drain(): Promise<void> {
    // Let the rest of this tick's changes join the first commit.
    await new Promise<void>((resolve) => setImmediate(resolve));
    while (this.waiting) {
      const batch = this.waiting;
      const ops = coalesce(this.ops);
      this.waiting = null;
      this.ops = [];
      try {
        if (ops.length > 0) {
          await this.persistence.append([ops]);
          this.counters.writes += 1;
        }
        batch.resolve();
      } catch (error) {
        batch.reject(new Error(`could not save Lanyard's data (${this.persistence.description}): ${(error as Error).message}`));
      }
    }
    this.writer = null;
    if (!this.closed && this.persistence.wantsCompaction?.()) void this.compact();
  }

  private fill(image: StoreImage): void {
    for (const [name, schema] of Object.entries(this.definition.singletons) as [string, z.ZodType][]) {
      const parsed = schema.safeParse(image.singletons[name]);
      if (!parsed.success) throw new StoreShapeError(this.persistence.description, `${name}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
      this.singletons.set(name, parsed.data);
    }
    for (const [name, entries] of Object.entries(image.collections)) {
      const collection = this.collections.get(name);
      if (!collection) throw new StoreShapeError(this.persistence.description, `a collection "${name}" this version of Lanyard does not know`);
      for (const [key, record] of entries) {
        if (typeof record !== 'object' || record === null || Array.isArray(record)) throw new StoreShapeError(this.persistence.description, `${name} ${key} is not a record`);
        if (collection.keyOf(record) !== key) throw new StoreShapeError(this.persistence.description, `${name} ${key} holds the record of another key`);
        collection.put(record);
      }
    }
  }
}
