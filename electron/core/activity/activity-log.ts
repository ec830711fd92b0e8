import { randomUUID } from 'node:crypto';
import type { ActivityEntry, ActivityPage, ActivityQuery } from '../../../contract/models';
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
    const all = this.store.read().activity;
    let start = all.length - 1;
    if (query.before) {
      const index = all.findIndex((entry) => entry.id === query.before);
      start = index === -1 ? -1 : index - 1;
    }
    const entries: ActivityEntry[] = [];
    let total = 0;
    for (let i = all.length - 1; i >= 0; i -= 1) {
      const entry = all[i]!;
      if (!matches(entry)) continue;
      total += 1;
      if (i <= start && entries.length < query.limit) entries.push(entry);
    }
    const last = entries.at(-1);
    const nextBefore = entries.length === query.limit && last ? last.id : null;
    return { entries, total, nextBefore };
  }
}
