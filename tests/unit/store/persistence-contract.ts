import { describe, expect, it } from 'vitest';
import type { Persistence, StoreImage } from '../../../electron/core/store/persistence';

/**
 * A backend under test. `open` may be called again after the previous one was
 * closed: it must see what was made durable (a restart).
 */
export interface PersistenceUnderTest {
  open(): Promise<Persistence>;
  cleanup(): Promise<void>;
}

const image = (): StoreImage => ({
  schemaVersion: 3,
  singletons: { counter: 1, settings: { name: 'Office', nested: { list: [1, 2, 3] } } },
  collections: {
    notes: [
      ['a', { id: 'a', owner: 'ann', title: 'first' }],
      ['b', { id: 'b', owner: 'bob', title: 'second' }],
    ],
    tags: [],
  },
});

/** An image with its empty collections left out: a backend need not keep a collection with no records. */
function withoutEmpty(image: StoreImage | null): StoreImage | null {
  if (!image) return image;
  return { ...image, collections: Object.fromEntries(Object.entries(image.collections).filter(([, entries]) => entries.length > 0)) };
}

/** What every Persistence must do (see the call rules in persistence.ts). Runs against each backend. */
export function describePersistenceContract(name: string, make: () => Promise<PersistenceUnderTest>): void {
  describe(`Persistence contract: ${name}`, () => {
    async function withBackend(body: (backend: PersistenceUnderTest) => Promise<void>): Promise<void> {
      const backend = await make();
      try {
        await body(backend);
      } finally {
        await backend.cleanup();
      }
    }

    /** Opens, runs `body` with the loaded image, closes. */
    async function session<R>(backend: PersistenceUnderTest, body: (p: Persistence, loaded: StoreImage | null) => Promise<R>): Promise<R> {
      const persistence = await backend.open();
      try {
        return await body(persistence, await persistence.load());
      } finally {
        await persistence.close();
      }
    }

    it('loads nothing from a fresh backend, and a replaced image whole after a restart', () =>
      withBackend(async (backend) => {
        await session(backend, async (p, loaded) => {
          expect(loaded).toBeNull();
          await p.replace(image());
        });
        await session(backend, async (_p, loaded) => expect(withoutEmpty(loaded)).toEqual(withoutEmpty(image())));
      }));

    it('replays appended batches in order: puts, deletes, sets, new collections', () =>
      withBackend(async (backend) => {
        await session(backend, async (p) => {
          await p.replace(image());
          await p.append([[{ op: 'put', collection: 'notes', key: 'c', record: { id: 'c', owner: 'ann', title: 'third' } }]]);
          await p.append([
            [{ op: 'put', collection: 'notes', key: 'a', record: { id: 'a', owner: 'ann', title: 'edited' } }, { op: 'set', name: 'counter', value: 2 }],
            [{ op: 'delete', collection: 'notes', key: 'b' }, { op: 'put', collection: 'fresh', key: 'x', record: { id: 'x' } }],
          ]);
        });
        await session(backend, async (_p, loaded) => {
          expect(loaded!.singletons.counter).toBe(2);
          expect(loaded!.singletons.settings).toEqual(image().singletons.settings);
          expect(loaded!.collections.notes).toEqual([
            ['a', { id: 'a', owner: 'ann', title: 'edited' }],
            ['c', { id: 'c', owner: 'ann', title: 'third' }],
          ]);
          expect(loaded!.collections.fresh).toEqual([['x', { id: 'x' }]]);
          expect(loaded!.collections.tags ?? []).toEqual([]);
        });
      }));

    it('keeps Map order: a put of an existing key keeps its place, a delete then put moves it last', () =>
      withBackend(async (backend) => {
        await session(backend, async (p) => {
          await p.replace(image());
          await p.append([[{ op: 'put', collection: 'notes', key: 'c', record: { id: 'c', owner: 'cy', title: '' } }]]);
          await p.append([[{ op: 'put', collection: 'notes', key: 'a', record: { id: 'a', owner: 'ann', title: 'kept' } }]]);
          await p.append([[{ op: 'delete', collection: 'notes', key: 'b' }, { op: 'put', collection: 'notes', key: 'b', record: { id: 'b', owner: 'bob', title: 'moved' } }]]);
        });
        await session(backend, async (_p, loaded) => expect(loaded!.collections.notes!.map(([key]) => key)).toEqual(['a', 'c', 'b']));
      }));

    it('stores a record as it was when append was called, not as it is changed afterwards', () =>
      withBackend(async (backend) => {
        await session(backend, async (p) => {
          await p.replace(image());
          const record = { id: 'm', owner: 'ann', title: 'as appended' };
          const done = p.append([[{ op: 'put', collection: 'notes', key: 'm', record }]]);
          record.title = 'changed later';
          await done;
        });
        await session(backend, async (_p, loaded) => expect(new Map(loaded!.collections.notes).get('m')).toEqual({ id: 'm', owner: 'ann', title: 'as appended' }));
      }));

    it('keeps every one of many appends, and text that needs escaping, exactly', () =>
      withBackend(async (backend) => {
        const odd = 'line\nbreak "quoted" \\ back \u0000 nul ü 😀';
        await session(backend, async (p) => {
          await p.replace(image());
          for (let i = 0; i < 120; i += 1) await p.append([[{ op: 'put', collection: 'tags', key: `t${i}`, record: { id: `t${i}`, text: odd, n: i } }]]);
        });
        await session(backend, async (_p, loaded) => {
          const tags = loaded!.collections.tags!;
          expect(tags).toHaveLength(120);
          expect(tags[119]).toEqual(['t119', { id: 't119', text: odd, n: 119 }]);
          expect(tags.map(([key]) => key)).toEqual(Array.from({ length: 120 }, (_, i) => `t${i}`));
        });
      }));

    it('replaces the whole image (compaction) and goes on appending after it', () =>
      withBackend(async (backend) => {
        await session(backend, async (p) => {
          await p.replace(image());
          await p.append([[{ op: 'put', collection: 'notes', key: 'c', record: { id: 'c', owner: 'x', title: 'before' } }]]);
          const compacted = image();
          compacted.collections.notes!.push(['c', { id: 'c', owner: 'x', title: 'before' }]);
          await p.replace(compacted);
          await p.append([[{ op: 'delete', collection: 'notes', key: 'a' }]]);
        });
        await session(backend, async (_p, loaded) => expect(loaded!.collections.notes!.map(([key]) => key)).toEqual(['b', 'c']));
        // Restarting twice changes nothing.
        await session(backend, async (_p, loaded) => expect(loaded!.collections.notes!.map(([key]) => key)).toEqual(['b', 'c']));
      }));

    it('a restart loads what was there before it, and appends after a restart go on from there', () =>
      withBackend(async (backend) => {
        await session(backend, async (p) => {
          await p.replace(image());
          await p.append([[{ op: 'set', name: 'counter', value: 5 }]]);
        });
        await session(backend, async (p, loaded) => {
          expect(loaded!.singletons.counter).toBe(5);
          await p.append([[{ op: 'set', name: 'counter', value: 6 }]]);
        });
        await session(backend, async (_p, loaded) => expect(loaded!.singletons.counter).toBe(6));
      }));
  });
}
