import { describe, expect, it } from 'vitest';
import { StoreClosedError, type DataStore } from '../../../electron/core/store/data-store';
import { sampleData } from '../../support/core-fixtures';
import type { ActivityEntry } from '../../../contract/models';
import type { LanyardData } from '../../../electron/core/store/schema';

/**
 * An implementation under test. `reopen` opens another store over what is
 * durable right now (what a restart after a crash would find); the first store
 * may still be open.
 */
export interface OpenedStore {
  store: DataStore;
  reopen(): Promise<DataStore>;
  cleanup(): Promise<void>;
}

const entry = (id: string): ActivityEntry => ({ id, at: '', actor: 'system', action: 'a', outcome: 'ok', message: 'm' });

/** What every DataStore must do, whatever keeps the data. Every case asserts on every implementation. */
export function describeDataStoreContract(name: string, open: (initial: LanyardData) => Promise<OpenedStore>): void {
  describe(`DataStore contract: ${name}`, () => {
    /** Runs `body` against a fresh store and closes every store it opened. */
    async function withStore(body: (opened: OpenedStore & { initial: LanyardData; reopened(): Promise<DataStore> }) => Promise<void>): Promise<void> {
      const given = sampleData();
      const initial = structuredClone(given);
      const opened = await open(given);
      const others: DataStore[] = [];
      const reopened = async () => {
        const again = await opened.reopen();
        others.push(again);
        return again;
      };
      try {
        await body({ ...opened, initial, reopened });
      } finally {
        await opened.store.close();
        for (const other of others) await other.close();
        await opened.cleanup();
      }
    }

    it('starts with the data it was given, durably', () =>
      withStore(async ({ store, initial, reopened }) => {
        expect(store.read()).toEqual(initial);
        expect((await reopened()).read()).toEqual(initial);
      }));

    it('applies a change at once, returns its result, and has it durable when update resolves', () =>
      withStore(async ({ store, reopened }) => {
        const pending = store.update((data) => {
          data.settings.organization.name = 'Changed';
          return 42;
        });
        expect(store.read().settings.organization.name).toBe('Changed');
        await expect(pending).resolves.toBe(42);
        expect((await reopened()).read().settings.organization.name).toBe('Changed');
      }));

    it('leaves the document alone, counts nothing and commits nothing when a change function throws before changing anything', () =>
      withStore(async ({ store, reopened }) => {
        await store.flush();
        const before = structuredClone(store.read());
        const stats = store.stats();
        await expect(
          store.update(() => {
            throw new Error('refused');
          }),
        ).rejects.toThrow('refused');
        expect(() =>
          store.touch(() => {
            throw new Error('refused too');
          }),
        ).toThrow('refused too');
        await store.flush();
        expect(store.read()).toEqual(before);
        expect(store.stats()).toEqual(stats);
        expect((await reopened()).read()).toEqual(before);
      }));

    it('does not commit what a throwing change function had already modified (it is not rolled back in memory)', () =>
      withStore(async ({ store, reopened }) => {
        await store.flush();
        const writes = store.stats().writes;
        await expect(
          store.update((data) => {
            data.settings.helpdesk.name = 'Half done';
            throw new Error('refused');
          }),
        ).rejects.toThrow('refused');
        await store.flush();
        expect(store.stats().writes).toBe(writes);
        expect((await reopened()).read().settings.helpdesk.name).not.toBe('Half done');
      }));

    it('counts changes, keeps their order, and refuses changes after close without touching the document', () =>
      withStore(async ({ store, reopened }) => {
        await Promise.all([1, 2, 3].map((n) => store.update((data) => data.activity.push(entry(String(n))))));
        store.touch((data) => data.activity.push(entry('4')));
        expect(store.stats().changes).toBe(4);
        expect(store.read().activity.map((e) => e.id)).toEqual(['1', '2', '3', '4']);
        await store.close();
        const closed = structuredClone(store.read());
        const writes = store.stats().writes;
        let ran = false;
        await expect(
          store.update((data) => {
            ran = true;
            data.activity.push(entry('late'));
          }),
        ).rejects.toBeInstanceOf(StoreClosedError);
        expect(() =>
          store.touch((data) => {
            ran = true;
            data.activity.push(entry('late'));
          }),
        ).toThrow(StoreClosedError);
        expect(ran).toBe(false);
        expect(store.read()).toEqual(closed);
        expect(store.stats()).toEqual({ changes: 4, writes });
        await store.flush();
        expect((await reopened()).read().activity.map((e) => e.id)).toEqual(['1', '2', '3', '4']);
      }));

    it('applies a touch at once and has it durable once flushed', () =>
      withStore(async ({ store, reopened }) => {
        const result = store.touch((data) => {
          data.settings.helpdesk.name = 'Touched';
          return 'done';
        });
        expect(result).toBe('done');
        expect(store.read().settings.helpdesk.name).toBe('Touched');
        await store.flush();
        expect((await reopened()).read().settings.helpdesk.name).toBe('Touched');
      }));

    it('flush resolves only after every change made before it is durable', () =>
      withStore(async ({ store, reopened }) => {
        const updates: Promise<unknown>[] = [];
        for (let i = 0; i < 20; i += 1) {
          updates.push(store.update((data) => data.activity.push(entry(`u${i}`))));
          store.touch((data) => data.activity.push(entry(`t${i}`)));
          // Spread the changes over several commits, some made while one is in flight.
          if (i % 5 === 4) await new Promise((resolve) => setImmediate(resolve));
        }
        await store.flush();
        expect((await reopened()).read().activity).toHaveLength(40);
        await Promise.all(updates);
      }));

    it('commits a burst of changes in few writes, every caller waiting for its own', () =>
      withStore(async ({ store, reopened }) => {
        const before = store.stats().writes;
        await Promise.all(Array.from({ length: 500 }, (_, i) => store.update((data) => data.activity.push(entry(`e${i}`)))));
        const writes = store.stats().writes - before;
        expect(store.stats().changes).toBe(500);
        expect(writes).toBeGreaterThanOrEqual(1);
        expect(writes).toBeLessThan(10);
        expect((await reopened()).read().activity).toHaveLength(500);
      }));

    it('puts changes made while a commit is pending into a later commit, none lost', () =>
      withStore(async ({ store, reopened }) => {
        const before = store.stats().writes;
        const waves: Promise<unknown>[] = [];
        for (let wave = 0; wave < 5; wave += 1) {
          for (let i = 0; i < 50; i += 1) waves.push(store.update((data) => data.activity.push(entry(`${wave}-${i}`))));
          await new Promise((resolve) => setImmediate(resolve));
        }
        await Promise.all(waves);
        expect(store.stats().writes - before).toBeGreaterThanOrEqual(1);
        expect(store.stats().writes - before).toBeLessThan(250);
        expect((await reopened()).read().activity).toHaveLength(250);
      }));

    it('keeps every acknowledged change when reopened after close', () =>
      withStore(async ({ store, reopened }) => {
        await store.update((data) => {
          data.settings.helpdesk.phone = '+33 1 23';
        });
        store.touch((data) => {
          data.settings.helpdesk.email = 'help@example.test';
        });
        await store.close();
        const again = (await reopened()).read();
        expect(again.settings.helpdesk.phone).toBe('+33 1 23');
        expect(again.settings.helpdesk.email).toBe('help@example.test');
      }));
  });
}
