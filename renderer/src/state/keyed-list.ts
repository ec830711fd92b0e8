import type { ListView } from './server-lists';

/**
 * A list the core owns, kept sorted and indexed by id so that live events
 * cost a binary search each instead of a sort of the whole list: an item
 * whose sort key did not change is replaced where it is; one whose key
 * changed moves by one removal and one binary insertion.
 */
export interface KeyedList<T extends { id: string }> extends ListView<T> {
  byId: ReadonlyMap<string, T>;
}

/** An item that changed (added or replaced), or the id of one that left the list. */
export type ListChange<T> = { kind: 'changed'; item: T } | { kind: 'removed'; id: string };

export function emptyKeyedList<T extends { id: string }>(): KeyedList<T> {
  return { items: [], byId: new Map(), loaded: false, error: null };
}

/** A freshly loaded list: sorted once. */
export function keyedList<T extends { id: string }>(items: readonly T[], order: (a: T, b: T) => number): KeyedList<T> {
  const sorted = [...items].sort(order);
  return { items: sorted, byId: new Map(sorted.map((item) => [item.id, item])), loaded: true, error: null };
}

/** Applies a batch of changes with one copy of the list; `order` must be a total order (ending with the id). */
export function withChanges<T extends { id: string }>(list: KeyedList<T>, changes: readonly ListChange<T>[], order: (a: T, b: T) => number): KeyedList<T> {
  if (changes.length === 0) return list;
  const items = [...list.items];
  const byId = new Map(list.byId);
  for (const change of changes) {
    const id = change.kind === 'changed' ? change.item.id : change.id;
    const old = byId.get(id);
    if (change.kind === 'changed' && old && order(old, change.item) === 0) {
      items[indexOf(items, old, order)] = change.item;
      byId.set(id, change.item);
      continue;
    }
    if (old) items.splice(indexOf(items, old, order), 1);
    if (change.kind === 'removed') {
      byId.delete(id);
      continue;
    }
    items.splice(insertionPoint(items, change.item, order), 0, change.item);
    byId.set(id, change.item);
  }
  return { ...list, items, byId };
}

/** The first position whose item does not sort before `item`. */
function insertionPoint<T>(items: readonly T[], item: T, order: (a: T, b: T) => number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (order(items[mid]!, item) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function indexOf<T extends { id: string }>(items: readonly T[], item: T, order: (a: T, b: T) => number): number {
  const at = insertionPoint(items, item, order);
  // The order is total, so the item is where it sorts; the scan is only a guard against a comparator that is not.
  return items[at]?.id === item.id ? at : items.findIndex((existing) => existing.id === item.id);
}
