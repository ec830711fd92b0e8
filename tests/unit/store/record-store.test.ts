import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { UniqueIndexError } from '../../../electron/core/store/collection';
import { StoreClosedError } from '../../../electron/core/store/store-errors';
import { JournalPersistence } from '../../../electron/core/store/journal-persistence';
import { MemoryPersistence, type MemoryMedium } from '../../../electron/core/store/memory-persistence';
import { coalesce, type Persistence, type StoreImage } from '../../../electron/core/store/persistence';
import { RecordStore, type StoreDefinition } from '../../../electron/core/store/record-store';
import { NewerSchemaError, StoreShapeError } from '../../../electron/core/store/store-errors';
import { tempDir } from '../../support/core-fixtures';

interface Note {
  id: string;
  owner: string;
  slug: string;
  title: string;
  done: boolean;
}
interface Collections {
  notes: Note;
}
interface Singletons {
  counter: number;
}

const definition: StoreDefinition<Collections, Singletons> = {
  schemaVersion: 2,
  collections: {
    notes: {
      key: 'id',
      indexes: { owner: { of: (n) => n.owner }, slug: { unique: true, of: (n) => n.slug }, open: { of: (n) => (n.done ? null : n.owner) } },
      sorted: { byTitle: { of: (n) => [n.title, n.id], compare: (a, b) => String(a[0]).localeCompare(String(b[0])) } },
    },
  },
  singletons: { counter: z.number().int().nonnegative() },
  migrate(image) {
    if (image.schemaVersion > 2) throw new NewerSchemaError('test data', image.schemaVersion, 2);
    // Version 1 kept notes without `done`.
    const notes = (image.collections.notes ?? []).map(([key, note]) => [key, { done: false, ...(note as object) }] as [string, unknown]);
    return { ...image, schemaVersion: 2, collections: { notes } };
  },
};

const fresh = (): StoreImage => ({ schemaVersion: 2, singletons: { counter: 0 }, collections: { notes: [] } });
const note = (id: string, owner = 'ann', title = id): Note => ({ id, owner, slug: `s-${id}`, title, done: false });

async function open(medium: MemoryMedium = { image: null }, persistence: Persistence = new MemoryPersistence(medium)) {
  return RecordStore.open(definition, persistence, { initial: fresh });
}

describe('RecordStore', () => {
  it('finds records through their indexes, and re-files a record changed in place and put again', async () => {
    const store = await open();
    await store.update((tx) => {
      tx.put('notes', note('a', 'ann'));
      tx.put('notes', note('b', 'bob'));
      tx.put('notes', note('c', 'ann'));
    });
    const notes = store.collection('notes');
    expect(notes.by('slug', 's-b')?.id).toBe('b');
    expect(notes.where('owner', 'ann').map((n) => n.id)).toEqual(['a', 'c']);
    expect(notes.tally('owner')).toEqual(new Map([['ann', 2], ['bob', 1]]));
    await store.update((tx) => {
      const a = notes.get('a')!;
      a.owner = 'bob';
      a.done = true;
      tx.put('notes', a);
    });
    expect(notes.where('owner', 'ann').map((n) => n.id)).toEqual(['c']);
    expect(notes.where('owner', 'bob').map((n) => n.id)).toEqual(['b', 'a']);
    expect(notes.where('open', 'bob').map((n) => n.id)).toEqual(['b']);
    expect(notes.countWhere('open', 'ann')).toBe(1);
    await store.update((tx) => tx.delete('notes', 'b'));
    expect(notes.where('owner', 'bob').map((n) => n.id)).toEqual(['a']);
    expect(notes.by('slug', 's-b')).toBeUndefined();
  });

  it('pages a sorted index forwards and backwards from a cursor, in the index order, ties by key', async () => {
    const store = await open();
    await store.update((tx) => {
      for (const [id, title] of [['1', 'pear'], ['2', 'apple'], ['3', 'fig'], ['4', 'apple'], ['5', 'kiwi']] as const) tx.put('notes', note(id, 'ann', title));
    });
    const notes = store.collection('notes');
    const first = notes.sortedPage('byTitle', { limit: 2 });
    expect(first.items.map((n) => n.id)).toEqual(['2', '4']);
    expect(first.more).toBe(true);
    const second = notes.sortedPage('byTitle', { limit: 2, after: ['apple', '4'] });
    expect(second.items.map((n) => n.id)).toEqual(['3', '5']);
    const last = notes.sortedPage('byTitle', { limit: 2, after: ['kiwi', '5'] });
    expect(last).toEqual({ items: [notes.get('1')], more: false });
    expect(notes.sortedPage('byTitle', { limit: 2, after: ['fig', '3'], backwards: true }).items.map((n) => n.id)).toEqual(['4', '2']);
    expect(notes.sortedPage('byTitle', { limit: 10, accept: (n) => n.title !== 'apple' }).items.map((n) => n.id)).toEqual(['3', '5', '1']);
    // A cursor whose record was deleted still places the next page.
    await store.update((tx) => tx.delete('notes', '4'));
    expect(notes.sortedPage('byTitle', { limit: 1, after: ['apple', '4'] }).items.map((n) => n.id)).toEqual(['3']);
    // Renaming moves a record in the index.
    await store.update((tx) => tx.put('notes', { ...notes.get('1')!, title: 'banana' }));
    expect(notes.sortedPage('byTitle', { limit: 10 }).items.map((n) => n.title)).toEqual(['apple', 'banana', 'fig', 'kiwi']);
  });

  it('refuses a put that breaks a unique index, undoing the whole change and writing nothing', async () => {
    const medium: MemoryMedium = { image: null };
    const persistence = new MemoryPersistence(medium);
    const store = await open(medium, persistence);
    await store.update((tx) => tx.put('notes', note('a')));
    const appends = persistence.appends;
    const attempt = store.update((tx) => {
      tx.set('counter', 5);
      tx.delete('notes', 'a');
      tx.put('notes', note('b'));
      tx.put('notes', { ...note('c'), slug: 's-b' });
    });
    await expect(attempt).rejects.toThrow(UniqueIndexError);
    await expect(attempt).rejects.toThrow('notes: another record already has slug "s-b"');
    expect(store.singleton('counter')).toBe(0);
    expect([...store.collection('notes').values()].map((n) => n.id)).toEqual(['a']);
    expect(store.collection('notes').by('slug', 's-a')?.id).toBe('a');
    await store.flush();
    expect(persistence.appends).toBe(appends);
    expect(store.stats().changes).toBe(1);
  });

  it('validates singletons when set: a bad value is refused with its name and changes nothing', async () => {
    const store = await open();
    await expect(store.update((tx) => tx.set('counter', -1))).rejects.toThrow(/^counter: /);
    expect(store.singleton('counter')).toBe(0);
  });

  it('shares one commit among the changes of one tick, written once per record', async () => {
    const medium: MemoryMedium = { image: null };
    const persistence = new MemoryPersistence(medium);
    const store = await open(medium, persistence);
    const before = { appends: persistence.appends, writes: store.stats().writes };
    const updates = Array.from({ length: 50 }, (_, i) => store.update((tx) => tx.put('notes', { ...note('same'), title: `v${i}` })));
    store.touch((tx) => tx.set('counter', 3));
    await Promise.all(updates);
    expect(persistence.appends - before.appends).toBe(1);
    expect(store.stats().writes - before.writes).toBe(1);
    expect(store.stats().changes).toBe(51);
    const reopened = await open(medium);
    expect(reopened.collection('notes').get('same')?.title).toBe('v49');
    expect(reopened.singleton('counter')).toBe(3);
  });

  it('has a change durable when update resolves, and a touch once flush resolves', async () => {
    const medium: MemoryMedium = { image: null };
    const store = await open(medium);
    await store.update((tx) => tx.put('notes', note('a')));
    expect((await open(medium)).collection('notes').get('a')).toEqual(note('a'));
    store.touch((tx) => tx.set('counter', 9));
    await store.flush();
    expect((await open(medium)).singleton('counter')).toBe(9);
  });

  it('rejects the waiting updates with the backend’s reason when a write fails, and goes on after it', async () => {
    const medium: MemoryMedium = { image: null };
    const persistence = new MemoryPersistence(medium);
    const store = await open(medium, persistence);
    const append = persistence.append.bind(persistence);
    persistence.append = async () => {
      throw new Error('disk full');
    };
    await expect(store.update((tx) => tx.put('notes', note('a')))).rejects.toThrow("could not save Lanyard's data (memory): disk full");
    persistence.append = append;
    await store.update((tx) => tx.put('notes', note('b')));
    expect([...(await open(medium)).collection('notes').values()].map((n) => n.id)).toEqual(['b']);
  });

  it('refuses changes once closed', async () => {
    const store = await open();
    await store.close();
    await expect(store.update(() => 1)).rejects.toThrow(StoreClosedError);
    expect(() => store.touch(() => 1)).toThrow(StoreClosedError);
  });

  it('migrates an older image and writes it back; refuses a newer one and a malformed one', async () => {
    const medium: MemoryMedium = { image: { schemaVersion: 1, singletons: { counter: 4 }, collections: { notes: [['a', { id: 'a', owner: 'ann', slug: 's-a', title: 'old' }]] } } };
    const store = await open(medium);
    expect(store.collection('notes').get('a')?.done).toBe(false);
    expect(medium.image?.schemaVersion).toBe(2);
    expect(store.stats().writes).toBe(1);
    await expect(open({ image: { ...fresh(), schemaVersion: 3 } })).rejects.toThrow(NewerSchemaError);
    await expect(open({ image: { ...fresh(), singletons: { counter: 'x' } } })).rejects.toThrow(StoreShapeError);
    await expect(open({ image: { ...fresh(), collections: { notes: [['a', { id: 'b' }]] } } })).rejects.toThrow(/notes a holds the record of another key/);
    await expect(open({ image: { ...fresh(), collections: { other: [] } } })).rejects.toThrow(/a collection "other"/);
  });

  it('compacts the journal in the background as it grows, losing nothing written meanwhile', async () => {
    const dir = await tempDir();
    try {
      const journal = await JournalPersistence.open(dir.path, { compactAfterBytes: 2_000 });
      const store = await RecordStore.open(definition, journal, { initial: fresh });
      for (let round = 0; round < 40; round += 1) {
        await Promise.all(Array.from({ length: 5 }, (_, i) => store.update((tx) => tx.put('notes', note(`n${round}-${i}`, 'ann', 'x'.repeat(40))))));
      }
      await store.compact();
      expect(store.stats().compactions).toBeGreaterThan(1);
      await store.close();
      const reopened = await RecordStore.open(definition, await JournalPersistence.open(dir.path), { initial: fresh });
      expect(reopened.collection('notes').size).toBe(200);
      expect([...reopened.collection('notes').values()][199]!.id).toBe('n39-4');
      await reopened.close();
    } finally {
      await dir.remove();
    }
  });
});

describe('coalesce', () => {
  const put = (key: string, n: number) => ({ op: 'put' as const, collection: 'c', key, record: { n } });
  const del = (key: string) => ({ op: 'delete' as const, collection: 'c', key });

  it('writes the last put of a key once, in the place of its first', () => {
    expect(coalesce([put('a', 1), put('b', 1), put('a', 2)])).toEqual([put('a', 2), put('b', 1)]);
  });

  it('keeps a delete then put as both, moved last, and a put then delete as a delete', () => {
    expect(coalesce([put('a', 1), put('b', 1), del('a'), put('a', 3)])).toEqual([put('b', 1), del('a'), put('a', 3)]);
    expect(coalesce([put('a', 1), del('a')])).toEqual([del('a')]);
    expect(coalesce([del('a'), put('a', 1), put('a', 2)])).toEqual([del('a'), put('a', 2)]);
  });

  it('keeps the last set of a singleton', () => {
    expect(coalesce([{ op: 'set', name: 'x', value: 1 }, { op: 'set', name: 'x', value: 2 }])).toEqual([{ op: 'set', name: 'x', value: 2 }]);
  });
});
