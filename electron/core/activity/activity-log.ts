import { randomUUID } from 'node:crypto';
import type { ActivityEntry, ActivityPage, ActivityQuery } from '../../../contract/models';
import { compareKeyParts, takePage, type PageOrder } from '../../../contract/paging';
import type { DataStore } from '../store/data-store';
import type { LanyardData } from '../store/schema';
import type { EventBus } from '../events/event-bus';

export type NewActivity = Omit<ActivityEntry, 'id' | 'at'>;

/** The log keeps this many entries; older ones are dropped first. */
export const activityLimit = 20_000;

/**
 * Records admin actions and device events with time and outcome. Entries are
 * written through the store like any other change, so a logged action is on
 * disk when the call that made it returns.
 */
export class ActivityLog {
  constructor(
    private readonly store: DataStore,
    private readonly events: EventBus,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Appends inside a change the caller is already making. */
  appendTo(data: LanyardData, activity: NewActivity): ActivityEntry {
    const entry: ActivityEntry = { id: `${this.now().getTime().toString(36)}-${randomUUID()}`, at: this.now().toISOString(), ...activity };
    data.activity.push(entry);
    if (data.activity.length > activityLimit) data.activity.splice(0, data.activity.length - activityLimit);
    queueMicrotask(() => this.events.emit('activity.appended', entry));
    return entry;
  }

  record(activity: NewActivity): Promise<ActivityEntry> {
    return this.store.update((data) => this.appendTo(data, activity));
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
    const { limit, cursor } = query;
    const newestFirst: ActivityEntry[] = [];
    const all = this.store.read().activity;
    for (let i = all.length - 1; i >= 0; i -= 1) if (matches(all[i]!)) newestFirst.push(all[i]!);
    return takePage(newestFirst, { limit, cursor }, activityOrder);
  }
}

/** Newest first; entries of the same millisecond keep the order they were logged in. */
const activityOrder: PageOrder<ActivityEntry> = { key: (entry) => [entry.at, entry.id], compare: (a, b) => compareKeyParts(b[0], a[0]) };
