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
  withFirstPage({ ...emptyActivityView, filters: { ...emptyActivityView.filters, ...filters }, loading: 'first' }, { entries, total: entries.length, nextBefore: null });

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
    const page = withFirstPage(during, { entries: [entry('b'), entry('a')], total: 2, nextBefore: null });
    expect(page.entries.map((e) => e.id)).toEqual(['c', 'b', 'a']);
    expect(page.total).toBe(3);
  });

  it('appends older pages without repeating entries', () => {
    const view = withNextPage(loaded([entry('c'), entry('b')]), { entries: [entry('b'), entry('a')], total: 3, nextBefore: null });
    expect(view.entries.map((e) => e.id)).toEqual(['c', 'b', 'a']);
  });
});

describe('activity view size', () => {
  it('drops the oldest loaded entries past the limit and lets Load more fetch them again', () => {
    let view = loaded(Array.from({ length: 1000 }, (_, i) => entry(`old-${i}`)));
    view = withLiveEntry(view, entry('new'));
    expect(view.entries).toHaveLength(1000);
    expect(view.entries[0]!.id).toBe('new');
    expect(view.nextBefore).toBe('old-998');
    expect(view.total).toBe(1001);
  });
});
