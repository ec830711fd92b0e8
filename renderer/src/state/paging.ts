import type { Page } from '../../../contract/paging';

/** Pages fetched at most for one list; with 500 items a page that is 25,000 items. */
export const maxPages = 50;

/**
 * Every item of a paged list call: asks with each `nextCursor` until it is
 * null, or until `maxPages` (then the list is what fits, and `complete` says so).
 */
export async function allPages<T>(fetchPage: (cursor: string | undefined) => Promise<Page<T>>, pages = maxPages): Promise<{ items: T[]; complete: boolean }> {
  const items: T[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < pages; i += 1) {
    const page = await fetchPage(cursor);
    items.push(...page.items);
    if (page.nextCursor === null) return { items, complete: true };
    cursor = page.nextCursor;
  }
  return { items, complete: false };
}
