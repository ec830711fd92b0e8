/**
 * One collection of records held in memory, with the indexes its lookups
 * need, so no request scans every record. Records iterate in insertion order
 * (a JavaScript Map's: a put of an existing key keeps its place).
 *
 * Services change records in place and then put them again; each index
 * remembers the value it filed a key under, so a put of the same (mutated)
 * object moves the key to its new value.
 */

/** A value an index files records under; null or undefined leaves the record out of that index. */
export type IndexValue = string | null | undefined;

export interface IndexSpec<T> {
  /** At most one record per value; a put that would break that is refused. */
  unique?: boolean;
  of(record: T): IndexValue;
}

/**
 * Records in an order of their own (e.g. devices by name), for paging without
 * sorting on every request. Records that compare equal are ordered by key.
 */
export interface SortedSpec<T> {
  /** The sort key; a page cursor holds it with the record's key as its last part. */
  of(record: T): readonly (string | number)[];
  compare(a: readonly (string | number)[], b: readonly (string | number)[]): number;
}

export interface CollectionSpec<T> {
  /** The field that holds each record's key. */
  key: keyof T & string;
  indexes?: Record<string, IndexSpec<T>>;
  sorted?: Record<string, SortedSpec<T>>;
}

/** A put refused because another record already holds that unique value. */
export class UniqueIndexError extends Error {
  constructor(collection: string, index: string, value: string) {
    super(`${collection}: another record already has ${index} "${value}"`);
    this.name = 'UniqueIndexError';
  }
}

class ValueIndex {
  readonly byValue = new Map<string, Set<string>>();
  readonly filedUnder = new Map<string, string>();

  constructor(
    readonly unique: boolean,
    readonly of: (record: unknown) => IndexValue,
  ) {}

  /** The key already filed under `value` other than `key`, for unique indexes. */
  holder(value: IndexValue, key: string): string | undefined {
    if (!this.unique || value == null) return undefined;
    for (const other of this.byValue.get(value) ?? []) if (other !== key) return other;
    return undefined;
  }

  file(key: string, value: IndexValue): void {
    const previous = this.filedUnder.get(key);
    if (previous === value) return;
    if (previous !== undefined) this.unfile(key);
    if (value == null) return;
    let keys = this.byValue.get(value);
    if (!keys) {
      keys = new Set();
      this.byValue.set(value, keys);
    }
    keys.add(key);
    this.filedUnder.set(key, value);
  }

  unfile(key: string): void {
    const previous = this.filedUnder.get(key);
    if (previous === undefined) return;
    const keys = this.byValue.get(previous)!;
    keys.delete(key);
    if (keys.size === 0) this.byValue.delete(previous);
    this.filedUnder.delete(key);
  }
}

type SortKey = readonly (string | number)[];

class SortedIndex {
  /** Keys in order, each with the sort key it was placed by. */
  readonly entries: { key: string; sortKey: SortKey }[] = [];
  private readonly placedBy = new Map<string, SortKey>();

  constructor(private readonly spec: SortedSpec<unknown>) {}

  place(key: string, record: unknown): void {
    const sortKey = this.spec.of(record);
    const previous = this.placedBy.get(key);
    if (previous && this.spec.compare(previous, sortKey) === 0 && sameParts(previous, sortKey)) return;
    if (previous) this.remove(key);
    const at = this.firstAtOrAfter(sortKey, key);
    this.entries.splice(at, 0, { key, sortKey });
    this.placedBy.set(key, sortKey);
  }

  remove(key: string): void {
    const sortKey = this.placedBy.get(key);
    if (!sortKey) return;
    const at = this.firstAtOrAfter(sortKey, key);
    if (this.entries[at]?.key === key) this.entries.splice(at, 1);
    else this.entries.splice(this.entries.findIndex((entry) => entry.key === key), 1);
    this.placedBy.delete(key);
  }

  /** The position of the first entry that sorts at or after (sortKey, key): keys break ties. */
  firstAtOrAfter(sortKey: SortKey, key: string): number {
    let lo = 0;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const entry = this.entries[mid]!;
      const order = this.spec.compare(entry.sortKey, sortKey) || (entry.key < key ? -1 : entry.key > key ? 1 : 0);
      if (order < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

function sameParts(a: SortKey, b: SortKey): boolean {
  return a.length === b.length && a.every((part, i) => part === b[i]);
}

export class Collection<T> {
  private readonly records = new Map<string, T>();
  private readonly indexes = new Map<string, ValueIndex>();
  private readonly sortedIndexes = new Map<string, SortedIndex>();

  constructor(
    readonly name: string,
    private readonly spec: CollectionSpec<T>,
  ) {
    for (const [index, def] of Object.entries(spec.indexes ?? {})) this.indexes.set(index, new ValueIndex(def.unique ?? false, def.of as (record: unknown) => IndexValue));
    for (const [index, def] of Object.entries(spec.sorted ?? {})) this.sortedIndexes.set(index, new SortedIndex(def as SortedSpec<unknown>));
  }

  get size(): number {
    return this.records.size;
  }

  get(key: string): T | undefined {
    return this.records.get(key);
  }

  /** The record a unique index files under `value`. */
  by(index: string, value: string): T | undefined {
    const keys = this.index(index).byValue.get(value);
    if (!keys) return undefined;
    for (const key of keys) return this.records.get(key);
    return undefined;
  }

  /** The records an index files under `value`, in the order they were filed. */
  where(index: string, value: string): T[] {
    const keys = this.index(index).byValue.get(value);
    if (!keys) return [];
    return Array.from(keys, (key) => this.records.get(key)!);
  }

  countWhere(index: string, value: string): number {
    return this.index(index).byValue.get(value)?.size ?? 0;
  }

  /** The values an index holds, with how many records each. */
  tally(index: string): Map<string, number> {
    const counts = new Map<string, number>();
    for (const [value, keys] of this.index(index).byValue) counts.set(value, keys.size);
    return counts;
  }

  values(): IterableIterator<T> {
    return this.records.values();
  }

  /** The record put first of those still here. */
  oldest(): T | undefined {
    for (const record of this.records.values()) return record;
    return undefined;
  }

  /**
   * Up to `limit` records of a sorted index after `after` (a cursor's sort
   * key, whose last part is the record's key; or from the start), forwards or backwards, that pass `accept`.
   */
  sortedPage(index: string, options: { after?: SortKey; limit: number; backwards?: boolean; accept?: (record: T) => boolean }): { items: T[]; more: boolean } {
    const sorted = this.sortedIndexes.get(index);
    if (!sorted) throw new Error(`${this.name} has no sorted index "${index}"`);
    const { entries } = sorted;
    const items: T[] = [];
    const step = options.backwards ? -1 : 1;
    let at: number;
    if (!options.after) at = options.backwards ? entries.length - 1 : 0;
    else {
      // A cursor's key ends with its item's key, which breaks ties as the index does.
      const afterKey = String(options.after.at(-1));
      at = sorted.firstAtOrAfter(options.after, afterKey);
      if (options.backwards) at -= 1;
      else if (entries[at]?.key === afterKey) at += 1;
    }
    for (; at >= 0 && at < entries.length; at += step) {
      const record = this.records.get(entries[at]!.key)!;
      if (options.accept && !options.accept(record)) continue;
      if (items.length === options.limit) return { items, more: true };
      items.push(record);
    }
    return { items, more: false };
  }

  keyOf(record: T): string {
    const key = record[this.spec.key];
    if (typeof key !== 'string' || key === '') throw new Error(`${this.name}: a record needs a non-empty string "${this.spec.key}"`);
    return key;
  }

  /** Stores (or re-files) a record; returns the record it replaced. Refuses a unique value another record holds. */
  put(record: T): T | undefined {
    const key = this.keyOf(record);
    for (const [name, index] of this.indexes) {
      const value = index.of(record);
      const holder = index.holder(value, key);
      if (holder !== undefined) throw new UniqueIndexError(this.name, name, value!);
    }
    const previous = this.records.get(key);
    this.records.set(key, record);
    for (const index of this.indexes.values()) index.file(key, index.of(record));
    for (const sorted of this.sortedIndexes.values()) sorted.place(key, record);
    return previous;
  }

  delete(key: string): T | undefined {
    const previous = this.records.get(key);
    if (previous === undefined) return undefined;
    this.records.delete(key);
    for (const index of this.indexes.values()) index.unfile(key);
    for (const sorted of this.sortedIndexes.values()) sorted.remove(key);
    return previous;
  }

  private index(name: string): ValueIndex {
    const index = this.indexes.get(name);
    if (!index) throw new Error(`${this.name} has no index "${name}"`);
    return index;
  }
}
