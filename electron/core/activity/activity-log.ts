import { randomUUID } from 'node:crypto';
import type { ActivityEntry, ActivityPage, ActivityQuery } from '../../../contract/models';
import { takePage, compareKeyParts, type PageOrder } from '../../../contract/paging';
import type { EventBus } from '../events/event-bus';
import { pageOfSortedIndex } from '../store/index-page';
import type { LanyardStore, LanyardTransaction } from '../store/lanyard-store';

export type NewActivity = Omit<ActivityEntry, 'id' | 'at'>;

/** The log keeps this many entries; older ones are dropped first. */
export const activityLimit = 20_000;

/**
 * Records admin actions and device events with time and outcome. Entries are
 * written through the store like any other change, so a logged action is on
 * disk when the call that made it returns.
 */
export class ActivityLog {
  /** Orders entries logged in the same millisecond. */
  private sequence = 0;

  constructor(
    private readonly store: LanyardStore,
    private readonly events: EventBus,
    private readonly now: () => Date = () => new Date(),
    private readonly limit = activityLimit,
  ) {}

  /** Appends inside a change the caller is already making; drops the oldest entries past the limit. */
  appendTo(tx: LanyardTransaction, activity: NewActivity): ActivityEntry {
    const at = this.now();
    this.sequence = (this.sequence + 1) % 36 ** 4;
    const id = `${at.getTime().toString(36).padStart(9, '0')}-${this.sequence.toString(36).padStart(4, '0')}-${randomUUID()}`;
    const entry: ActivityEntry = { id, at: at.toISOString(), ...activity };
    tx.put('activity', entry);
    const entries = this.store.collection('activity');
    while (entries.size > this.limit) tx.delete('activity', entries.oldest()!.id);
    queueMicrotask(() => this.events.emit('activity.appended', entry));
    return entry;
  }

  record(activity: NewActivity): Promise<ActivityEntry> {
    return this.store.update((tx) => this.appendTo(tx, activity));
  }

  /** How many entries the log keeps. */
  retention(): { activityEntries: number } {
    return { activityEntries: this.limit };
  }

  list(query: ActivityQuery): ActivityPage {
    const text = query.text?.toLowerCase();
    const matches = (entry: ActivityEntry): boolean =>
      (!query.actor || entry.actor === query.actor) &&
      (!query.outcome || entry.outcome === query.outcome) &&
      (!query.subjectId || entry.subject?.id === query.subjectId) &&
      (!text ||
        entry.message.toLowerCase().includes(text) ||
        entry.action.toLowerCase().includes(text) ||
        (entry.subject?.label?.toLowerCase().includes(text) ?? false));
    const entries = this.store.collection('activity');
    const { limit, cursor } = query;
    if (query.subjectId) {
      // Few entries per subject: take them from their index.
      const newestFirst = entries.where('subjectId', query.subjectId).filter(matches).sort((a, b) => activityOrder.compare(activityOrder.key(a), activityOrder.key(b)));
      return takePage(newestFirst, { limit, cursor }, activityOrder);
    }
    const filtered = Boolean(query.actor || query.outcome || text);
    let total = entries.size;
    if (filtered) {
      total = 0;
      for (const entry of entries.values()) if (matches(entry)) total += 1;
    }
    return pageOfSortedIndex(entries, 'byTime', { limit, cursor }, { keyOf: activityOrder.key, view: (entry) => entry, backwards: true, total, ...(filtered ? { accept: matches } : {}) });
  }
}

/** Newest first, by time then by id (ids of one millisecond follow the order they were logged in). */
export const activityOrder: PageOrder<ActivityEntry> = {
  key: (entry) => [entry.at, entry.id],
  compare: (a, b) => compareKeyParts(b[0], a[0]) || compareKeyParts(b[1], a[1]),
};
