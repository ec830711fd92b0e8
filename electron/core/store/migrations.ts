import { currentSchemaVersion } from './schema';

/**
 * Upgrades of the raw document, each from version N to N + 1. Add one here
 * whenever `LanyardData` changes in a way old files would not validate.
 */
const migrations: Record<number, (doc: Record<string, unknown>) => Record<string, unknown>> = {
  // 1: (doc) => ({ ...doc, schemaVersion: 2, invitations: [] }),
};

export class NewerSchemaError extends Error {}

export function migrate(doc: Record<string, unknown>): Record<string, unknown> {
  let version = typeof doc.schemaVersion === 'number' ? doc.schemaVersion : 0;
  if (version > currentSchemaVersion) {
    throw new NewerSchemaError(
      `the data file was written by a newer Lanyard (schema ${version}; this version reads up to ${currentSchemaVersion}). Update Lanyard.`,
    );
  }
  let current = doc;
  while (version < currentSchemaVersion) {
    const step = migrations[version];
    if (!step) throw new Error(`no migration from schema version ${version}`);
    current = step(current);
    version += 1;
  }
  return current;
}
