import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JournalPersistence } from '../../../electron/core/store/journal-persistence';
import { RecordStore } from '../../../electron/core/store/record-store';
import { bundleScript } from '../../support/bundle-script';
import { tempDir } from '../../support/core-fixtures';
import { crashRecord, crashStoreDefinition, freshCrashImage } from '../../support/crash-store';

const iterations = 200;
/** Every run of the writer is bounded: killed after its acknowledgements, or after this long at most. */
const writerDeadlineMs = 10_000;

/** Runs the writer until it acknowledged `acks` changes (or its deadline), then kills it with SIGKILL. */
function runWriter(script: string, folder: string, first: number, acks: number): Promise<{ puts: number[]; deletes: number[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, folder, String(first)], { stdio: ['ignore', 'pipe', 'pipe'] });
    const puts: number[] = [];
    const deletes: number[] = [];
    let buffered = '';
    let stderr = '';
    const kill = () => child.kill('SIGKILL');
    const deadline = setTimeout(kill, writerDeadlineMs);
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      let newline;
      while ((newline = buffered.indexOf('\n')) !== -1) {
        const [what, n] = buffered.slice(0, newline).split(' ');
        buffered = buffered.slice(newline + 1);
        if (what === 'put') puts.push(Number(n));
        if (what === 'del') deletes.push(Number(n));
        if (puts.length + deletes.length >= acks) kill();
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      clearTimeout(deadline);
      if (signal !== 'SIGKILL') reject(new Error(`the writer stopped by itself: ${stderr}`));
      else resolve({ puts, deletes });
    });
  });
}

describe('the embedded store under kill -9', () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let script: string;
  beforeAll(async () => {
    dir = await tempDir();
    // One self-contained file, so the child runs on plain Node.
    script = await bundleScript(join(import.meta.dirname, '../../support/crash-writer.ts'), dir.path, 'crash-writer');
  });
  afterAll(() => dir.remove());

  it(`opens with every acknowledged change and no half-written record after ${iterations} kills at random points`, async () => {
    const folder = join(dir.path, 'store');
    const present = new Set<number>();
    const deleted = new Set<number>();
    let compactions = 0;
    for (let run = 0; run < iterations; run += 1) {
      const first = run * 10_000;
      // Killed after a random number of acknowledgements, while the next burst is being written.
      const { puts, deletes } = await runWriter(script, folder, first, 1 + Math.floor(Math.random() * 120));
      for (const n of puts) present.add(n);
      for (const n of deletes) {
        present.delete(n);
        deleted.add(n);
      }
      const persistence = await JournalPersistence.open(folder);
      const store = await RecordStore.open(crashStoreDefinition, persistence, { initial: freshCrashImage });
      const records = store.collection('records');
      // A record the writer may have deleted (k(n) for n + 3 a multiple of 5) may be gone once its delete was written, acknowledged or not.
      const lost = [...present].filter((n) => !deleted.has(n) && (n + 3) % 5 !== 0 && records.get(`k${n}`) === undefined);
      const resurrected = [...deleted].filter((n) => records.get(`k${n}`) !== undefined);
      const damaged = [...records.values()].filter((record) => JSON.stringify(record) !== JSON.stringify(crashRecord(record.n)));
      expect({ run, lost, resurrected, damaged }).toEqual({ run, lost: [], resurrected: [], damaged: [] });
      expect(records.size).toBeGreaterThan(0);
      compactions = Math.max(compactions, persistence.stats().generation ?? 0);
      await store.close();
    }
    // The runs crossed compactions too (small journals in the writer).
    expect(compactions).toBeGreaterThan(5);
  }, 300_000);
});
