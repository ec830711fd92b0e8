import type { CallInput } from '../../../contract/api';
import type { ActivityEntry, ActivityPage, activityActors, activityOutcomes } from '../../../contract/models';

export type ActivityActor = (typeof activityActors)[number];
export type ActivityOutcome = (typeof activityOutcomes)[number];

export interface ActivityFilters {
  actor: ActivityActor | null;
  outcome: ActivityOutcome | null;
  text: string;
}

/** The part of the activity log the Activity page shows: pages loaded so far, kept current by live entries. */
export interface ActivityView {
  filters: ActivityFilters;
  entries: ActivityEntry[];
  /** How many entries match the filters on the server, including ones not loaded yet. */
  total: number;
  /** Where Load more goes on; null when everything older is loaded. */
  nextCursor: string | null;
  /** The last entry of each loaded page and the cursor after it, so trimming can stop at a page end. */
  pageEnds: PageEnd[];
  loaded: boolean;
  loading: 'first' | 'more' | null;
  error: string | null;
  /** Entries pushed while the first page was loading; merged in when it arrives. */
  pendingLive: ActivityEntry[];
}

export interface PageEnd {
  lastId: string;
  cursor: string;
}

export const activityPageSize = 50;
/** Live entries push the oldest loaded ones out past this; Load more fetches them again. */
export const maxLoadedEntries = 1000;

export const emptyActivityView: ActivityView = {
  filters: { actor: null, outcome: null, text: '' },
  entries: [],
  total: 0,
  nextCursor: null,
  pageEnds: [],
  loaded: false,
  loading: null,
  error: null,
  pendingLive: [],
};

export function activityQuery(filters: ActivityFilters, cursor?: string): CallInput<'activity.list'> {
  const text = filters.text.trim();
  return {
    limit: activityPageSize,
    ...(filters.actor ? { actor: filters.actor } : {}),
    ...(filters.outcome ? { outcome: filters.outcome } : {}),
    ...(text ? { text } : {}),
    ...(cursor ? { cursor } : {}),
  };
}

/** The server's filter rules, so a live entry lands only in a view it belongs to. */
export function matchesFilters(entry: ActivityEntry, filters: ActivityFilters): boolean {
  const text = filters.text.trim().toLowerCase();
  return (
    (!filters.actor || entry.actor === filters.actor) &&
    (!filters.outcome || entry.outcome === filters.outcome) &&
    (!text ||
      entry.message.toLowerCase().includes(text) ||
      entry.action.toLowerCase().includes(text) ||
      (entry.subject?.label?.toLowerCase().includes(text) ?? false))
  );
}

export function withLiveEntry(view: ActivityView, entry: ActivityEntry): ActivityView {
  if (!matchesFilters(entry, view.filters)) return view;
  if (view.loading === 'first') return { ...view, pendingLive: [entry, ...view.pendingLive] };
  if (!view.loaded || view.entries.some((e) => e.id === entry.id)) return view;
  const entries = [entry, ...view.entries];
  if (entries.length <= maxLoadedEntries) return { ...view, entries, total: view.total + 1 };
  return { ...view, ...trimmed(entries, view.pageEnds), total: view.total + 1 };
}

/**
 * Drops the oldest loaded entries past the limit. Cursors are opaque, so
 * the cut is at the end of a loaded page and Load more goes on from that
 * page's cursor. When live entries alone fill the limit there is no page
 * end to cut at: the newest entries stay and Load more is gone (the count
 * still says how many match).
 */
function trimmed(entries: ActivityEntry[], pageEnds: readonly PageEnd[]): Pick<ActivityView, 'entries' | 'nextCursor' | 'pageEnds'> {
  const position = new Map(entries.map((e, i) => [e.id, i]));
  for (let p = pageEnds.length - 1; p >= 0; p -= 1) {
    const index = position.get(pageEnds[p]!.lastId);
    if (index !== undefined && index < maxLoadedEntries) return { entries: entries.slice(0, index + 1), nextCursor: pageEnds[p]!.cursor, pageEnds: pageEnds.slice(0, p + 1) };
  }
  return { entries: entries.slice(0, maxLoadedEntries), nextCursor: null, pageEnds: [] };
}

function withPageEnd(pageEnds: readonly PageEnd[], page: ActivityPage): PageEnd[] {
  const last = page.items.at(-1);
  return page.nextCursor && last ? [...pageEnds, { lastId: last.id, cursor: page.nextCursor }] : [...pageEnds];
}

export function withFirstPage(view: ActivityView, page: ActivityPage): ActivityView {
  const known = new Set(page.items.map((e) => e.id));
  const missed = view.pendingLive.filter((e) => !known.has(e.id));
  return {
    ...view,
    entries: [...missed, ...page.items],
    total: page.total + missed.length,
    nextCursor: page.nextCursor,
    pageEnds: withPageEnd([], page),
    loaded: true,
    loading: null,
    error: null,
    pendingLive: [],
  };
}

export function withNextPage(view: ActivityView, page: ActivityPage): ActivityView {
  const known = new Set(view.entries.map((e) => e.id));
  return {
    ...view,
    entries: [...view.entries, ...page.items.filter((e) => !known.has(e.id))],
    nextCursor: page.nextCursor,
    pageEnds: withPageEnd(view.pageEnds, page),
    loading: null,
    error: null,
  };
}
