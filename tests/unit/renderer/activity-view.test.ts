import { describe, expect, it } from 'vitest';
import type { ActivityEntry } from '../../../contract/models';
import { emptyActivityView, withFirstPage, withLiveEntry, withNextPage, type ActivityView } from '../../../renderer/src/state/activity-view';

const entry = (id: string, outcome: ActivityEntry['outcome'] = 'ok', message = `entry ${id}`): ActivityEntry => ({
  id,
  at: '2026-01-01T00:00:00.000Z',
  actor: 'admin',
  action: 'Changed settings',
  outcome,
  message,
});

const loaded = (entries: ActivityEntry[], filters: Partial<ActivityView['filters']> = {}): ActivityView =>
  withFirstPage({ ...emptyActivityView, filters: { ...emptyActivityView.filters, ...filters }, loading: 'first' }, { items: entries, total: entries.length, nextCursor: null });

describe('activity view', () => {
  it('puts a live entry on top once, and only when it matches the filters', () => {
    const view = loaded([entry('b'), entry('a')], { outcome: 'error' });
    expect(withLiveEntry(view, entry('c', 'ok'))).toBe(view);
    const withError = withLiveEntry(view, entry('c', 'error'));
    expect(withError.entries.map((e) => e.id)).toEqual(['c', 'b', 'a']);
    expect(withError.total).toBe(3);
    expect(withLiveEntry(withError, entry('c', 'error'))).toBe(withError);
  });

  it('matches the search text like the server does', () => {
    const view = loaded([], { text: 'HELPDESK' });
    expect(withLiveEntry(view, entry('x', 'ok', 'Changed settings: helpdesk.name')).entries).toHaveLength(1);
    expect(withLiveEntry(view, entry('y', 'ok', 'Changed settings: organization.name')).entries).toHaveLength(0);
  });

  it('keeps entries that arrive while the first page loads', () => {
    const loading: ActivityView = { ...emptyActivityView, loading: 'first' };
    const during = withLiveEntry(withLiveEntry(loading, entry('b')), entry('c'));
    const page = withFirstPage(during, { items: [entry('b'), entry('a')], total: 2, nextCursor: null });
    expect(page.entries.map((e) => e.id)).toEqual(['c', 'b', 'a']);
    expect(page.total).toBe(3);
  });

  it('appends older pages without repeating entries', () => {
    const view = withNextPage(loaded([entry('c'), entry('b')]), { items: [entry('b'), entry('a')], total: 3, nextCursor: null });
    expect(view.entries.map((e) => e.id)).toEqual(['c', 'b', 'a']);
  });
});

describe('activity view size', () => {
  const pages = (count: number, size: number): ActivityView => {
    let view = withFirstPage({ ...emptyActivityView, loading: 'first' }, { items: Array.from({ length: size }, (_, i) => entry(`old-${i}`)), total: 5000, nextCursor: 'cursor-1' });
    for (let p = 1; p < count; p += 1) {
      view = withNextPage(view, { items: Array.from({ length: size }, (_, i) => entry(`old-${p * size + i}`)), total: 5000, nextCursor: `cursor-${p + 1}` });
    }
    return view;
  };

  it('drops the oldest loaded page past the limit and lets Load more fetch it again from that page\'s cursor', () => {
    let view = pages(20, 50);
    expect(view.entries).toHaveLength(1000);
    expect(view.nextCursor).toBe('cursor-20');
    view = withLiveEntry(view, entry('new'));
    expect(view.entries).toHaveLength(951);
    expect(view.entries[0]!.id).toBe('new');
    expect(view.entries.at(-1)!.id).toBe('old-949');
    expect(view.nextCursor).toBe('cursor-19');
    expect(view.total).toBe(5001);
  });

  it('keeps the newest entries without Load more when live entries alone fill the limit', () => {
    let view = pages(1, 50);
    for (let i = 0; i < 1000; i += 1) view = withLiveEntry(view, entry(`live-${i}`));
    expect(view.entries).toHaveLength(1000);
    expect(view.entries[0]!.id).toBe('live-999');
    expect(view.nextCursor).toBeNull();
  });
});
