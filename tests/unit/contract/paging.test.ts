import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { calls } from '../../../contract/api';
import { ApiError, describeValidationError } from '../../../contract/errors';
import { compareKeyParts, decodeCursor, encodeCursor, pageOf, pageQuery, takePage, type PageOrder } from '../../../contract/paging';

interface Item {
  id: string;
  name: string;
}
const byName: PageOrder<Item> = { key: (item) => [item.name, item.id], compare: (a, b) => compareKeyParts(a[0], b[0]) || compareKeyParts(a[1], b[1]) };
const sorted = (items: Item[]) => [...items].sort((a, b) => byName.compare(byName.key(a), byName.key(b)));
const items = (names: string[]) => sorted(names.map((name, i) => ({ id: `id-${i}`, name })));

/** Every page, following nextCursor, with `between` run before each next page. */
function walk(list: () => Item[], limit: number, between: (page: number) => void = () => undefined): string[] {
  const seen: string[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 100; page += 1) {
    const result = takePage(list(), { limit, cursor }, byName);
    seen.push(...result.items.map((item) => item.name));
    if (result.nextCursor === null) return seen;
    cursor = result.nextCursor;
    between(page);
  }
  throw new Error('did not end');
}

describe('pageQuery', () => {
  const query = pageQuery({ text: z.string().optional() });

  it('defaults limit to 100 and takes it as text from a query string', () => {
    expect(query.parse({})).toEqual({ limit: 100 });
    expect(query.parse({ limit: '25', cursor: 'abc', text: 'x' })).toEqual({ limit: 25, cursor: 'abc', text: 'x' });
  });

  it.each(['0', '501', '2.5', 'lots', -1])('refuses limit %s, naming the field', (limit) => {
    const result = query.safeParse({ limit });
    expect(result.success).toBe(false);
    expect(describeValidationError(result.error!).field).toBe('limit');
  });

  it('accepts the bounds and refuses unknown fields', () => {
    expect(query.parse({ limit: 1 }).limit).toBe(1);
    expect(query.parse({ limit: '500' }).limit).toBe(500);
    expect(query.safeParse({ before: 'x' }).success).toBe(false);
  });

  it('gives devices, commands and activity the same convention', () => {
    expect(calls['devices.list'].input.parse({})).toEqual({ limit: 100 });
    expect(calls['commands.list'].input.parse({ id: 'd1', limit: '3' })).toEqual({ id: 'd1', limit: 3 });
    expect(calls['activity.list'].input.parse({ actor: 'admin', cursor: 'c' })).toEqual({ actor: 'admin', cursor: 'c', limit: 100 });
    const page = { items: [], nextCursor: null, total: 0 };
    expect(calls['devices.list'].output.parse(page)).toEqual(page);
    expect(pageOf(z.string()).safeParse({ items: ['a'], nextCursor: 'x' }).success).toBe(false);
  });
});

describe('takePage', () => {
  it('pages through everything once, in order, with the total on every page', () => {
    const list = items(['e', 'a', 'd', 'b', 'c']);
    const first = takePage(list, { limit: 2 }, byName);
    expect(first.items.map((i) => i.name)).toEqual(['a', 'b']);
    expect(first.total).toBe(5);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = takePage(list, { limit: 2, cursor: first.nextCursor! }, byName);
    expect(second.items.map((i) => i.name)).toEqual(['c', 'd']);
    expect(second.total).toBe(5);
    const last = takePage(list, { limit: 2, cursor: second.nextCursor! }, byName);
    expect(last.items.map((i) => i.name)).toEqual(['e']);
    expect(last.nextCursor).toBeNull();
  });

  it('gives no cursor when the last page is exactly full', () => {
    expect(takePage(items(['a', 'b']), { limit: 2 }, byName).nextCursor).toBeNull();
    expect(takePage([], { limit: 2 }, byName)).toEqual({ items: [], nextCursor: null, total: 0 });
  });

  it('keeps pages stable when items are inserted or removed between fetches', () => {
    let list = items(['b', 'd', 'f', 'h', 'j']);
    const seen = walk(
      () => list,
      2,
      (page) => {
        // Before the cursor (not shown again), after it (shown), and the cursor's own item removed.
        if (page === 0) list = sorted([...list, { id: 'new-a', name: 'a' }, { id: 'new-g', name: 'g' }]);
        if (page === 1) list = list.filter((item) => item.name !== 'g');
      },
    );
    expect(seen).toEqual(['b', 'd', 'f', 'g', 'h', 'j']);
  });

  it('keeps the stored order of items with equal keys and finds the cursor among them by id', () => {
    const newestFirst: PageOrder<Item> = { key: (item) => [item.name, item.id], compare: (a, b) => compareKeyParts(b[0], a[0]) };
    const list: Item[] = [
      { id: 'z', name: '2026-01-02' },
      { id: 'c', name: '2026-01-01' },
      { id: 'a', name: '2026-01-01' },
      { id: 'b', name: '2026-01-01' },
      { id: 'y', name: '2025-12-31' },
    ];
    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const page = takePage(list, { limit: 1, cursor }, newestFirst);
      ids.push(...page.items.map((item) => item.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(ids).toEqual(['z', 'c', 'a', 'b', 'y']);
  });

  it.each(['not a cursor!', 'bm9wZQ', encodeCursor(['only-one']), encodeCursor([]), 'x'.repeat(40)])('refuses cursor %s with a 400 naming cursor', (cursor) => {
    const refusal = (() => {
      try {
        takePage(items(['a', 'b']), { limit: 1, cursor }, byName);
      } catch (error) {
        return error;
      }
      return null;
    })();
    expect(refusal).toBeInstanceOf(ApiError);
    expect(refusal).toMatchObject({ code: 'bad_request', field: 'cursor' });
    expect((refusal as ApiError).message).toMatch(/^cursor: /);
  });

  it('round-trips keys with any text through the URL-safe cursor', () => {
    const key = ['Anna’s iPhone / ü', 42, 'id+/='];
    const cursor = encodeCursor(key);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor, 3)).toEqual(key);
  });
});
