import { readdir, readFile, rename, truncate } from 'node:fs/promises';
import { join } from 'node:path';
import { applyBatches, mapsToImage, type ChangeBatch, type StoreImage } from './persistence';
import { decodeOp, isSnapshotEnd, isSnapshotHeader, readLines } from './journal-format';
import { DataFileError } from './store-errors';

export interface StoreFiles {
  /** Generations that have a snapshot, newest first. */
  snapshots: number[];
  /** Generations that have a journal, oldest first. */
  journals: number[];
}

const fileName = /^(snapshot|journal)-(\d{6,})\.jsonl$/;

export const snapshotName = (generation: number) => `snapshot-${String(generation).padStart(6, '0')}.jsonl`;
export const journalName = (generation: number) => `journal-${String(generation).padStart(6, '0')}.jsonl`;

export async function listStoreFiles(folder: string): Promise<StoreFiles> {
  const snapshots: number[] = [];
  const journals: number[] = [];
  for (const name of await readdir(folder)) {
    const match = fileName.exec(name);
    if (!match) continue;
    (match[1] === 'snapshot' ? snapshots : journals).push(Number(match[2]));
  }
  return { snapshots: snapshots.sort((a, b) => b - a), journals: journals.sort((a, b) => a - b) };
}

export interface LoadedStore {
  image: StoreImage;
  /** The generation new changes go to. */
  generation: number;
  snapshotBytes: number;
  journalBytes: number;
  /** A newer snapshot was damaged and moved aside: write a new one soon. */
  recovered: boolean;
}

type Logger = { warn(message: string): void };

/**
 * Opens the folder's newest intact snapshot and replays every journal from
 * its generation on. A damaged newest snapshot is moved aside (never
 * overwritten) and the generation before it is used, with its journal; a
 * torn last journal line (a write a crash cut short, never acknowledged) is
 * dropped and logged. Damage anywhere else refuses to open, changing nothing.
 */
export async function loadStore(folder: string, logger: Logger): Promise<LoadedStore | null> {
  const files = await listStoreFiles(folder);
  if (files.snapshots.length === 0) {
    if (files.journals.length > 0) throw new DataFileError(`Lanyard could not use its data in ${folder}: there are journal files but no snapshot to replay them onto. Nothing was changed.`);
    return null;
  }
  let recovered = false;
  for (const [at, generation] of files.snapshots.entries()) {
    const path = join(folder, snapshotName(generation));
    const bytes = await readFile(path);
    const snapshot = readSnapshot(bytes);
    if ('problem' in snapshot) {
      const older = files.snapshots[at + 1];
      if (older === undefined || !files.journals.includes(older)) {
        throw new DataFileError(`Lanyard could not use its data in ${folder}: ${snapshotName(generation)} is damaged (${snapshot.problem}) and no older generation with its journal is there to fall back on. Nothing was changed; restore the folder from a backup.`);
      }
      const movedTo = `${path}.damaged-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      await rename(path, movedTo);
      logger.warn(`${snapshotName(generation)} is damaged (${snapshot.problem}); moved it aside to ${movedTo} and opened generation ${older} with the journals since`);
      recovered = true;
      continue;
    }
    const { collections, singletons } = snapshot;
    const newest = files.journals.at(-1);
    let journalBytes = 0;
    for (const journal of files.journals.filter((g) => g >= generation)) {
      const replayed = await replayJournal(folder, journal, journal === newest, (batch) => applyBatches(collections, singletons, [batch]), logger);
      if (journal === newest) journalBytes = replayed;
    }
    return {
      image: mapsToImage(snapshot.schemaVersion, collections, singletons),
      generation: Math.max(generation, newest ?? 0),
      snapshotBytes: bytes.length,
      journalBytes: newest !== undefined && newest >= generation ? journalBytes : 0,
      recovered,
    };
  }
  throw new Error('unreachable');
}

function readSnapshot(bytes: Buffer): { schemaVersion: number; collections: Map<string, Map<string, unknown>>; singletons: Map<string, unknown> } | { problem: string } {
  const collections = new Map<string, Map<string, unknown>>();
  const singletons = new Map<string, unknown>();
  let schemaVersion = 0;
  let lines = 0;
  let ended = false;
  for (const line of readLines(bytes)) {
    if (!line.ok) return { problem: `line ${lines + 1}: ${line.problem}` };
    if (ended) return { problem: 'it goes on after its end line' };
    if (lines === 0) {
      if (!isSnapshotHeader(line.value)) return { problem: 'it does not start with a snapshot header' };
      schemaVersion = line.value.schemaVersion;
    } else if (isSnapshotEnd(line.value)) {
      if (line.value.lines !== lines - 1) return { problem: `its end line counts ${line.value.lines} lines, it has ${lines - 1}` };
      ended = true;
    } else {
      let op;
      try {
        op = decodeOp(line.value);
      } catch {
        return { problem: `line ${lines + 1} is not a record` };
      }
      applyBatches(collections, singletons, [[op]]);
    }
    lines += 1;
  }
  if (!ended) return { problem: 'it has no end line (it was not finished)' };
  return { schemaVersion, collections, singletons };
}

/** Applies a journal's commits; returns the journal's length once any torn tail is cut off. */
async function replayJournal(folder: string, generation: number, newest: boolean, apply: (batch: ChangeBatch) => void, logger: Logger): Promise<number> {
  const path = join(folder, journalName(generation));
  const bytes = await readFile(path);
  const lines = [...readLines(bytes)];
  let goodEnd = 0;
  for (const [index, line] of lines.entries()) {
    const last = index === lines.length - 1;
    let batch: ChangeBatch | null = null;
    if (line.ok && Array.isArray(line.value)) {
      try {
        batch = line.value.map(decodeOp);
      } catch {
        batch = null;
      }
    }
    if (batch) {
      apply(batch);
      goodEnd = line.end;
      continue;
    }
    const problem = line.ok ? 'it is not a list of changes' : line.problem;
    if (!(last && newest)) {
      throw new DataFileError(`Lanyard could not use its data in ${folder}: ${journalName(generation)} line ${index + 1} of ${lines.length} is damaged (${problem}). Nothing was changed; restore the folder from a backup.`);
    }
    await truncate(path, goodEnd);
    logger.warn(`${journalName(generation)}: dropped its last line (${bytes.length - goodEnd} bytes; ${problem}); it was never acknowledged`);
  }
  return goodEnd;
}
