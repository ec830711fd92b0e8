import { createHash } from 'node:crypto';
import { appendFile, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JournalPersistence } from '../../../electron/core/store/journal-persistence';
import type { StoreImage } from '../../../electron/core/store/persistence';
import { DataFileError } from '../../../electron/core/store/store-errors';
import { tempDir } from '../../support/core-fixtures';

const image = (): StoreImage => ({ schemaVersion: 1, singletons: { counter: 0 }, collections: { notes: [['a', { id: 'a', n: 0 }]] } });
const put = (key: string, n: number) => [{ op: 'put' as const, collection: 'notes', key, record: { id: key, n } }];

function logger() {
  const warnings: string[] = [];
  return { warnings, info: () => undefined, warn: (message: string) => warnings.push(message) };
}

describe('JournalPersistence (the data folder)', () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  beforeEach(async () => {
    dir = await tempDir();
  });
  afterEach(() => dir.remove());

  /** A folder with two generations: snapshot 1 + journal 1 (keys b, c), snapshot 2 + journal 2 (key d). */
  async function twoGenerations(): Promise<void> {
    const p = await JournalPersistence.open(dir.path);
    await p.load();
    await p.replace(image());
    await p.append([put('b', 1)]);
    await p.append([put('c', 2)]);
    await p.replace({ ...image(), collections: { notes: [['a', { id: 'a', n: 0 }], ['b', { id: 'b', n: 1 }], ['c', { id: 'c', n: 2 }]] } });
    await p.append([put('d', 3)]);
    await p.close();
  }

  async function load(log = logger()): Promise<StoreImage | null> {
    const p = await JournalPersistence.open(dir.path, { logger: log });
    try {
      return await p.load();
    } finally {
      await p.close();
    }
  }

  it('writes one checksummed line per append and a snapshot per generation, readable by the owner only', async () => {
    await twoGenerations();
    expect((await readdir(dir.path)).sort()).toEqual(['journal-000001.jsonl', 'journal-000002.jsonl', 'snapshot-000001.jsonl', 'snapshot-000002.jsonl']);
    const journal = await readFile(join(dir.path, 'journal-000001.jsonl'), 'utf8');
    expect(journal.split('\n').filter(Boolean)).toHaveLength(2);
    const first = journal.split('\n')[0]!;
    expect(first).toMatch(/^[0-9a-f]{8} \[\["p","notes","b",\{"id":"b","n":1\}\]\]$/);
    // The checksum is the CRC-32 of the JSON's UTF-8 bytes.
    expect(Number.parseInt(first.slice(0, 8), 16)).toBe(crc32(Buffer.from(first.slice(9), 'utf8')));
  });

  it('reads lines checksummed by Lanyard 0.1 (16 hex digits of SHA-1), also mixed with newer lines in one journal', async () => {
    const sha1Line = (value: unknown) => {
      const json = JSON.stringify(value);
      return `${createHash('sha1').update(json).digest('hex').slice(0, 16)} ${json}\n`;
    };
    const snapshot = [sha1Line({ lanyard: 'snapshot', schemaVersion: 1, generation: 1 }), sha1Line(['s', 'counter', 0]), sha1Line(['p', 'notes', 'a', { id: 'a', n: 0, text: 'café ☕' }]), sha1Line({ end: true, lines: 2 })];
    await writeFile(join(dir.path, 'snapshot-000001.jsonl'), snapshot.join(''));
    await writeFile(join(dir.path, 'journal-000001.jsonl'), sha1Line([['p', 'notes', 'b', { id: 'b', n: 1 }]]));
    const p = await JournalPersistence.open(dir.path);
    await p.load();
    await p.append([[{ op: 'put', collection: 'notes', key: 'c', record: { id: 'c', n: 2, text: 'naïve 🚲' } }]]);
    await p.close();
    const lines = (await readFile(join(dir.path, 'journal-000001.jsonl'), 'utf8')).split('\n').filter(Boolean);
    expect(lines.map((line) => line.indexOf(' '))).toEqual([16, 8]);
    const log = logger();
    expect((await load(log))!.collections.notes).toEqual([
      ['a', { id: 'a', n: 0, text: 'café ☕' }],
      ['b', { id: 'b', n: 1 }],
      ['c', { id: 'c', n: 2, text: 'naïve 🚲' }],
    ]);
    expect(log.warnings).toEqual([]);
    // A damaged legacy line is caught as surely as a new one.
    const journal = join(dir.path, 'journal-000001.jsonl');
    await writeFile(journal, (await readFile(journal, 'utf8')).replace('"n":1', '"n":4'));
    await expect(load()).rejects.toThrow(/journal-000001.jsonl line 1 of 2 is damaged \(its checksum does not match\)/);
  });

  it('refuses a line whose checksum is not hex or is missing, naming the line', async () => {
    await twoGenerations();
    const writer = await JournalPersistence.open(dir.path);
    await writer.load();
    await writer.append([put('e', 4)]);
    await writer.close();
    const journal = join(dir.path, 'journal-000002.jsonl');
    const text = await readFile(journal, 'utf8');
    await writeFile(journal, text.replace(/^[0-9a-f]{8} /, 'zzzzzzzz '));
    await expect(load()).rejects.toThrow(/journal-000002.jsonl line 1 of 2 is damaged \(it has no checksum\)/);
    await writeFile(journal, text.replace(/^[0-9a-f]{8} /, ''));
    await expect(load()).rejects.toThrow(/journal-000002.jsonl line 1 of 2 is damaged \(it has no checksum\)/);
  });

  it('drops a torn last journal line, logs it, and keeps every line before it', async () => {
    await twoGenerations();
    await appendFile(join(dir.path, 'journal-000002.jsonl'), '0123456789abcdef [["p","notes","e",{"id":"e"');
    const log = logger();
    const loaded = await load(log);
    expect(loaded!.collections.notes!.map(([key]) => key)).toEqual(['a', 'b', 'c', 'd']);
    expect(log.warnings.join()).toMatch(/journal-000002.jsonl: dropped its last line .*never acknowledged/);
    // The tail was cut off, so new appends start on a clean line and the next open is quiet.
    const p = await JournalPersistence.open(dir.path);
    await p.load();
    await p.append([put('f', 5)]);
    await p.close();
    const quiet = logger();
    expect((await load(quiet))!.collections.notes!.map(([key]) => key)).toEqual(['a', 'b', 'c', 'd', 'f']);
    expect(quiet.warnings).toEqual([]);
  });

  it('moves a damaged newest snapshot aside and opens the generation before it with nothing lost', async () => {
    await twoGenerations();
    const snapshot = join(dir.path, 'snapshot-000002.jsonl');
    const text = await readFile(snapshot, 'utf8');
    await writeFile(snapshot, text.replace('"n":2', '"n":9'));
    const log = logger();
    const loaded = await load(log);
    expect(loaded!.collections.notes).toEqual([
      ['a', { id: 'a', n: 0 }],
      ['b', { id: 'b', n: 1 }],
      ['c', { id: 'c', n: 2 }],
      ['d', { id: 'd', n: 3 }],
    ]);
    expect(log.warnings.join()).toMatch(/snapshot-000002.jsonl is damaged .*moved it aside/);
    const names = await readdir(dir.path);
    expect(names.some((name) => name.startsWith('snapshot-000002.jsonl.damaged-'))).toBe(true);
    // The damaged file was kept byte for byte.
    const aside = names.find((name) => name.startsWith('snapshot-000002.jsonl.damaged-'))!;
    expect(await readFile(join(dir.path, aside), 'utf8')).toBe(text.replace('"n":2', '"n":9'));
  });

  it('treats a snapshot without its end line as damaged (a write cut short)', async () => {
    await twoGenerations();
    const snapshot = join(dir.path, 'snapshot-000002.jsonl');
    const lines = (await readFile(snapshot, 'utf8')).split('\n');
    await writeFile(snapshot, lines.slice(0, -2).join('\n') + '\n');
    expect((await load())!.collections.notes!.map(([key]) => key)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('refuses to open, changing nothing, when a line in the middle of a journal is damaged', async () => {
    await twoGenerations();
    const p = await JournalPersistence.open(dir.path);
    await p.load();
    await p.append([put('e', 4)]);
    await p.close();
    const journal = join(dir.path, 'journal-000002.jsonl');
    const text = await readFile(journal, 'utf8');
    const damaged = text.replace('"n":3', '"n":7');
    await writeFile(journal, damaged);
    await expect(load()).rejects.toThrow(DataFileError);
    await expect(load()).rejects.toThrow(/journal-000002.jsonl line 1 of 2 is damaged \(its checksum does not match\)/);
    expect(await readFile(journal, 'utf8')).toBe(damaged);
  });

  it('refuses to open when the only snapshot is damaged, and leaves it where it is', async () => {
    const p = await JournalPersistence.open(dir.path);
    await p.load();
    await p.replace(image());
    await p.close();
    await writeFile(join(dir.path, 'snapshot-000001.jsonl'), 'garbage\n');
    await expect(load()).rejects.toThrow(/snapshot-000001.jsonl is damaged .* no older generation/);
    expect(await readFile(join(dir.path, 'snapshot-000001.jsonl'), 'utf8')).toBe('garbage\n');
  });

  it('keeps the previous generation until the next snapshot is durable, then drops the one before it', async () => {
    await twoGenerations();
    const p = await JournalPersistence.open(dir.path);
    const loaded = await p.load();
    await p.replace(loaded!);
    await p.close();
    expect((await readdir(dir.path)).sort()).toEqual(['journal-000002.jsonl', 'snapshot-000002.jsonl', 'snapshot-000003.jsonl']);
    expect((await load())!.collections.notes!.map(([key]) => key)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('removes a snapshot left half written by a crash and opens from the one before it', async () => {
    await twoGenerations();
    await writeFile(join(dir.path, 'snapshot-000003.jsonl.partial'), 'half');
    expect((await load())!.collections.notes!.map(([key]) => key)).toEqual(['a', 'b', 'c', 'd']);
    expect(await readdir(dir.path)).not.toContain('snapshot-000003.jsonl.partial');
  });

  it('lets one process at a time open the folder', async () => {
    const first = await JournalPersistence.open(dir.path);
    const other = await import('node:child_process');
    // Another process's lock: the folder is refused while that process lives.
    await first.close();
    const sleeper = other.spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    try {
      await writeFile(join(dir.path, 'lock'), String(sleeper.pid));
      await expect(JournalPersistence.open(dir.path)).rejects.toThrow(/another Lanyard \(process \d+\) is using it/);
    } finally {
      sleeper.kill('SIGKILL');
    }
    await new Promise((resolve) => sleeper.once('exit', resolve));
    // The owner is gone: its stale lock is taken over.
    const again = await JournalPersistence.open(dir.path);
    await again.close();
  });
});
