import type { ClientBase } from 'pg';
import { NewerSchemaError } from './store-errors';

/**
 * The SQL layout of Lanyard's tables in PostgreSQL, as numbered migrations.
 * Each runs once, in its own transaction, and is recorded in
 * `lanyard_sql_migrations`. Add a new step at the end; never edit one that
 * shipped.
 *
 * This is the layout of the tables, not of the records: the record schema
 * (and its migrations, the same as the embedded store's) is the
 * `store_schema_version` row of `lanyard_meta`.
 */
export const sqlMigrations: readonly { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: 'records, singletons and meta',
    sql: `
      CREATE TABLE lanyard_meta (
        name text PRIMARY KEY,
        value json NOT NULL
      );
      -- One row per record. seq keeps the order records were first stored in
      -- (a record put again keeps its place; deleted and put again, it moves last).
      -- json, not jsonb: jsonb cannot hold the character U+0000, which a device may send.
      CREATE TABLE lanyard_records (
        collection text NOT NULL,
        key text NOT NULL,
        seq bigint NOT NULL,
        record json NOT NULL,
        PRIMARY KEY (collection, key)
      );
      CREATE INDEX lanyard_records_by_seq ON lanyard_records (collection, seq);
      CREATE TABLE lanyard_singletons (
        name text PRIMARY KEY,
        value json NOT NULL
      );
    `,
  },
];

const latest = sqlMigrations.at(-1)!.version;

/** Brings the tables up to the latest layout; refuses a database made by a newer Lanyard. */
export async function migrateTables(client: ClientBase, where: string): Promise<void> {
  await client.query(`CREATE TABLE IF NOT EXISTS lanyard_sql_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
  const { rows } = await client.query<{ version: number }>('SELECT coalesce(max(version), 0)::integer AS version FROM lanyard_sql_migrations');
  const current = rows[0]?.version ?? 0;
  if (current > latest) throw new NewerSchemaError(where, current, latest);
  for (const migration of sqlMigrations) {
    if (migration.version <= current) continue;
    await client.query('BEGIN');
    try {
      await client.query(migration.sql);
      await client.query('INSERT INTO lanyard_sql_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }
}
