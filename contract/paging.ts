import { z } from 'zod';
import { ApiError } from './errors';

/**
 * The one paging convention of list calls: `limit` (1..500, default 100)
 * and an opaque `cursor` in, `{ items, nextCursor, total }` out. A client
 * asks again with `nextCursor` until it is null. The cursor remembers the
 * sort key and id of the last item given, not a position, so items added
 * or removed between two requests do not shift the pages.
 */
export const maxPageSize = 500;
export const defaultPageSize = 100;

/** `limit` and `cursor`; GET input comes from the query string, so `limit` is coerced from text. */
export const pageFields = {
  limit: z.coerce.number().int().min(1).max(maxPageSize).default(defaultPageSize),
  cursor: z.string().min(1).max(2000).optional(),
};

/** A list call's input: its own filters plus `limit` and `cursor`. */
export function pageQuery<S extends z.ZodRawShape = Record<never, never>>(filters?: S) {
  return z.object({ ...(filters ?? ({} as S)), ...pageFields }).strict();
}

/** A list call's output: one page of items, the cursor of the next page (null on the last) and how many items match in all. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable(), total: z.number().int().min(0) });
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
  total: number;
}

export interface PageRequest {
  limit: number;
  cursor?: string | undefined;
}

/** What a cursor remembers of the last item: its sort key, the item's id last. */
export type CursorKey = readonly (string | number)[];

/** How a list is sorted, for the server side of paging. */
export interface PageOrder<T> {
  /** The item's sort key with its id as the last element. */
  key(item: T): CursorKey;
  /**
   * Compares two keys in list order; the list must be sorted by it. Items
   * that compare equal (same time) keep their stored order: the cursor
   * finds its item among them by id.
   */
  compare(a: CursorKey, b: CursorKey): number;
}

export function encodeCursor(key: CursorKey): string {
  const bytes = new TextEncoder().encode(JSON.stringify(key));
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The key a cursor holds; a cursor this list did not give is a 400 naming `cursor`. */
export function decodeCursor(cursor: string, arity?: number): CursorKey {
  const refused = () => new ApiError('bad_request', 'cursor: is not a cursor this list gave (use nextCursor as it came)', 'cursor');
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw refused();
  let key: unknown;
  try {
    const binary = atob(cursor.replace(/-/g, '+').replace(/_/g, '/'));
    key = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0))));
  } catch {
    throw refused();
  }
  if (!Array.isArray(key) || key.length === 0 || (arity !== undefined && key.length !== arity) || !key.every((part) => typeof part === 'string' || typeof part === 'number')) throw refused();
  return key as CursorKey;
}

/** Compares keys part by part (strings by code unit, numbers by value); a building block for `PageOrder.compare`. */
export function compareKeyParts(a: string | number | undefined, b: string | number | undefined): number {
  if (a === b) return 0;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a) < String(b) ? -1 : 1;
}

/** One page of an already sorted (and filtered) list. */
export function takePage<T>(sorted: readonly T[], request: PageRequest, order: PageOrder<T>): Page<T> {
  let start = 0;
  if (request.cursor !== undefined) {
    const first = sorted[0];
    const after = decodeCursor(request.cursor, first === undefined ? undefined : order.key(first).length);
    // Past every item sorted before the cursor's key; among the items with an equal key, past the cursor's own item.
    const lo = firstIndex(sorted, (item) => order.compare(order.key(item), after) >= 0);
    const hi = firstIndex(sorted, (item) => order.compare(order.key(item), after) > 0, lo);
    const own = sorted.slice(lo, hi).findIndex((item) => order.key(item).at(-1) === after.at(-1));
    start = own === -1 ? hi : lo + own + 1;
  }
  const items = sorted.slice(start, start + request.limit);
  const last = items.at(-1);
  const more = start + items.length < sorted.length;
  return { items, nextCursor: more && last !== undefined ? encodeCursor(order.key(last)) : null, total: sorted.length };
}

/** Binary search: the first index from `from` where `past` holds (it must be false, then true, along the list). */
function firstIndex<T>(sorted: readonly T[], past: (item: T) => boolean, from = 0): number {
  let lo = from;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (past(sorted[mid] as T)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** The payload of every `<list>.removed` event: the id of the item that left the list. */
export const RemovedItem = z.object({ id: z.string() });
export type RemovedItem = z.infer<typeof RemovedItem>;
