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
  nextBefore: string | null;
  loaded: boolean;
  loading: 'first' | 'more' | null;
  error: string | null;
  /** Entries pushed while the first page was loading; merged in when it arrives. */
  pendingLive: ActivityEntry[];
}

export const activityPageSize = 50;
/** Live entries push the oldest loaded ones out past this; Load more fetches them again. */
export const maxLoadedEntries = 1000;

export const emptyActivityView: ActivityView = {
  filters: { actor: null, outcome: null, text: '' },
  entries: [],
  total: 0,
  nextBefore: null,
  loaded: false,
  loading: null,
  error: null,
  pendingLive: [],
};

export function activityQuery(filters: ActivityFilters, before?: string): CallInput<'activity.list'> {
  const text = filters.text.trim();
  return {
    limit: activityPageSize,
    ...(filters.actor ? { actor: filters.actor } : {}),
    ...(filters.outcome ? { outcome: filters.outcome } : {}),
    ...(text ? { text } : {}),
    ...(before ? { before } : {}),
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
  const kept = entries.slice(0, maxLoadedEntries);
  return { ...view, entries: kept, total: view.total + 1, nextBefore: kept.at(-1)!.id };
}

export function withFirstPage(view: ActivityView, page: ActivityPage): ActivityView {
  const known = new Set(page.entries.map((e) => e.id));
  const missed = view.pendingLive.filter((e) => !known.has(e.id));
  return {
    ...view,
    entries: [...missed, ...page.entries],
    total: page.total + missed.length,
    nextBefore: page.nextBefore,
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
    entries: [...view.entries, ...page.entries.filter((e) => !known.has(e.id))],
    nextBefore: page.nextBefore,
    loading: null,
    error: null,
  };
}
