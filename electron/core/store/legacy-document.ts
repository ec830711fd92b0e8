import { rename } from 'node:fs/promises';
import { join } from 'node:path';
import { Low } from 'lowdb';
import { DurableJsonFile } from './durable-json-file';
import type { StoreImage } from './persistence';
import { LanyardData } from './schema';
import { DataFileError, NewerSchemaError } from './store-errors';

/** Lanyard 0.1 kept everything in this one document (schema version 1). */
export const legacyDocumentName = 'lanyard.json';
export const migratedDocumentName = 'lanyard.json.migrated-to-v2';

/**
 * Reads the single `lanyard.json` of Lanyard 0.1, through the same lowdb
 * adapter that wrote it, as a version-1 image for the record store to
 * migrate. Null when there is none. A file that cannot be used is refused
 * and left as it is.
 */
export async function readLegacyDocument(dataDir: string): Promise<StoreImage | null> {
  const path = join(dataDir, legacyDocumentName);
  const low = new Low<string | null>(new DurableJsonFile(path), null);
  await low.read();
  if (low.data === null) return null;
  const refuse = (problem: string) => new DataFileError(`Lanyard could not import its older data file ${path}: it ${problem}. Nothing was changed; the file is where it was.`);
  let raw: unknown;
  try {
    raw = JSON.parse(low.data);
  } catch (error) {
    throw refuse(`is not valid JSON (${(error as Error).message})`);
  }
  const version = (raw as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (typeof version === 'number' && version > 1) throw new NewerSchemaError(path, version, 1);
  const parsed = LanyardData.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw refuse(`does not have the structure Lanyard 0.1 wrote (${issue ? `${issue.path.join('.') || 'document'}: ${issue.message}` : 'unknown problem'})`);
  }
  const data = parsed.data;
  const entries = <T>(records: T[], key: (record: T) => string): [string, unknown][] => records.map((record) => [key(record), record]);
  return {
    schemaVersion: 1,
    singletons: { installationId: data.installationId, settings: data.settings, pki: data.pki, push: data.push, pushCsr: data.pushCsr },
    collections: {
      devices: entries(data.devices, (d) => d.id),
      commands: entries(data.commands, (c) => c.uuid),
      activity: entries(data.activity, (a) => a.id),
      invitations: entries(data.invitations, (i) => i.id),
      scepTransactions: entries(data.scepTransactions, (t) => t.transactionId),
    },
  };
}

/** Once its data is durable in the new store, the old document is renamed so it is not imported twice (and kept, for going back). */
export async function retireLegacyDocument(dataDir: string): Promise<boolean> {
  try {
    await rename(join(dataDir, legacyDocumentName), join(dataDir, migratedDocumentName));
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}
