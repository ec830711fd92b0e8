import { decodeCursor, encodeCursor, type CursorKey, type Page, type PageRequest } from '../../../contract/paging';
import type { ReadonlyCollection } from './record-store';

/**
 * One page of a list call straight from a collection's sorted index: no
 * sorting and no copy of every record per request. The cursor is the sort
 * key of the last item given (its record key last), as `takePage` makes it.
 */
export function pageOfSortedIndex<T, V>(
  collection: ReadonlyCollection<T>,
  index: string,
  request: PageRequest,
  options: { keyOf(record: T): CursorKey; view(record: T): V; accept?: (record: T) => boolean; backwards?: boolean; total: number },
): Page<V> {
  const after = request.cursor === undefined ? undefined : decodeCursor(request.cursor);
  const { items, more } = collection.sortedPage(index, { limit: request.limit, ...(after ? { after } : {}), ...(options.backwards ? { backwards: true } : {}), ...(options.accept ? { accept: options.accept } : {}) });
  const last = items.at(-1);
  return { items: items.map(options.view), nextCursor: more && last !== undefined ? encodeCursor(options.keyOf(last)) : null, total: options.total };
}
