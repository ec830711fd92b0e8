import { describe, expect, it } from 'vitest';
import { ActivityLog, activityLimit } from '../../../electron/core/activity/activity-log';
import { EventBus } from '../../../electron/core/events/event-bus';
import { ActivityQuery } from '../../../contract/models';
import { sampleStore } from '../../support/core-fixtures';

async function logWith(count: number) {
  const store = await sampleStore();
  const log = new ActivityLog(store, new EventBus());
  return { store, log, ready: Promise.all(Array.from({ length: count }, (_, i) => log.record({ actor: i % 2 ? 'device' : 'admin', action: `action ${i}`, outcome: i % 5 === 0 ? 'error' : 'ok', message: `message ${i}`, subject: { type: 'device', id: `d${i % 3}`, label: `Phone ${i % 3}` } }))) };
}

describe('ActivityLog', () => {
  it('lists newest first and pages with nextCursor', async () => {
    const { log, ready } = await logWith(25);
    await ready;
    const first = log.list(ActivityQuery.parse({ limit: 10 }));
    expect(first.total).toBe(25);
    expect(first.items.map((e) => e.message)).toEqual(Array.from({ length: 10 }, (_, i) => `message ${24 - i}`));
    const second = log.list(ActivityQuery.parse({ limit: 10, cursor: first.nextCursor! }));
    expect(second.items[0]!.message).toBe('message 14');
    const third = log.list(ActivityQuery.parse({ limit: 10, cursor: second.nextCursor! }));
    expect(third.items).toHaveLength(5);
    expect(third.nextCursor).toBeNull();
  });

  it('filters by actor, outcome, subject and text', async () => {
    const { log, ready } = await logWith(30);
    await ready;
    expect(log.list(ActivityQuery.parse({ actor: 'device' })).items.every((e) => e.actor === 'device')).toBe(true);
    expect(log.list(ActivityQuery.parse({ outcome: 'error' })).total).toBe(6);
    expect(log.list(ActivityQuery.parse({ subjectId: 'd1' })).total).toBe(10);
    expect(log.list(ActivityQuery.parse({ text: 'PHONE 2' })).total).toBe(10);
    expect(log.list(ActivityQuery.parse({ text: 'message 7' })).items.map((e) => e.message)).toEqual(['message 7']);
  });

  it('announces each entry on the event bus', async () => {
    const store = await sampleStore();
    const bus = new EventBus();
    const seen: string[] = [];
    bus.on('activity.appended', (entry) => seen.push(entry.message));
    await new ActivityLog(store, bus).record({ actor: 'system', action: 'x', outcome: 'info', message: 'hello' });
    await Promise.resolve();
    expect(seen).toEqual(['hello']);
  });

  it('keeps at most the newest entries', async () => {
    const store = await sampleStore();
    const log = new ActivityLog(store, new EventBus(), () => new Date(), 50);
    await store.update((tx) => {
      for (let i = 0; i < 55; i += 1) log.appendTo(tx, { actor: 'system', action: 'x', outcome: 'info', message: `m${i}` });
    });
    expect(store.collection('activity').size).toBe(50);
    expect(store.collection('activity').oldest()!.message).toBe('m5');
    expect(log.list(ActivityQuery.parse({ limit: 500 })).items.at(-1)!.message).toBe('m5');
    expect(log.retention()).toEqual({ activityEntries: 50 });
    expect(activityLimit).toBe(20_000);
  });
});
