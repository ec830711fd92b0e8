import { describe, expect, it } from 'vitest';
import { StoreClosedError, type DataStore } from '../../../electron/core/store/data-store';
import { sampleData } from '../../support/core-fixtures';
import type { LanyardData } from '../../../electron/core/store/schema';

/** What every DataStore must do, whatever keeps the data. */
export function describeDataStoreContract(name: string, open: (initial: LanyardData) => Promise<{ store: DataStore; reopen?: () => Promise<DataStore>; cleanup(): Promise<void> }>): void {
  describe(`DataStore contract: ${name}`, () => {
    it('starts with the data it was given', async () => {
      const { store, cleanup } = await open(sampleData());
      expect(store.read().settings.organization.name).toBe('Test Office');
      await store.close();
      await cleanup();
    });

    it('applies a change at once and returns the change function result', async () => {
      const { store, cleanup } = await open(sampleData());
      const pending = store.update((data) => {
        data.settings.organization.name = 'Changed';
        return 42;
      });
      expect(store.read().settings.organization.name).toBe('Changed');
      await expect(pending).resolves.toBe(42);
      await store.close();
      await cleanup();
    });

    it('does not record a change whose function throws', async () => {
      const { store, cleanup } = await open(sampleData());
      const before = store.stats().changes;
      await expect(
        store.update(() => {
          throw new Error('refused');
        }),
      ).rejects.toThrow('refused');
      expect(store.stats().changes).toBe(before);
      await store.close();
      await cleanup();
    });

    it('counts changes and refuses changes after close', async () => {
      const { store, cleanup } = await open(sampleData());
      await Promise.all([1, 2, 3].map((n) => store.update((data) => data.activity.push({ id: String(n), at: '', actor: 'system', action: 'a', outcome: 'ok', message: 'm' }))));
      expect(store.stats().changes).toBe(3);
      expect(store.read().activity.map((e) => e.id)).toEqual(['1', '2', '3']);
      await store.close();
      await expect(store.update(() => undefined)).rejects.toBeInstanceOf(StoreClosedError);
      await cleanup();
    });

    it('applies a touch at once and persists it with the next flush', async () => {
      const { store, reopen, cleanup } = await open(sampleData());
      const result = store.touch((data) => {
        data.settings.helpdesk.name = 'Touched';
        return 'done';
      });
      expect(result).toBe('done');
      expect(store.read().settings.helpdesk.name).toBe('Touched');
      await store.flush();
      await store.close();
      if (reopen) {
        const again = await reopen();
        expect(again.read().settings.helpdesk.name).toBe('Touched');
        await again.close();
      }
      expect(() => store.touch(() => undefined)).toThrow(StoreClosedError);
      await cleanup();
    });

    it('keeps every acknowledged change when reopened (where it persists)', async () => {
      const { store, reopen, cleanup } = await open(sampleData());
      await store.update((data) => {
        data.settings.helpdesk.phone = '+33 1 23';
      });
      await store.close();
      if (reopen) {
        const again = await reopen();
        expect(again.read().settings.helpdesk.phone).toBe('+33 1 23');
        await again.close();
      }
      await cleanup();
    });
  });
}
