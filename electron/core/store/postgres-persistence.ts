import pg from 'pg';
import { migrateTables } from './postgres-migrations';
import { coalesce, type ChangeBatch, type Persistence, type StoreImage } from './persistence';
import { DataFileError } from './store-errors';

export interface PostgresOptions {
  logger?: { info(message: string): void; warn(message: string): void };
  /** How long an append keeps retrying while the database cannot be reached (default 30 s). */
  reconnectForMs?: number;
}

/** The advisory lock that keeps a second Lanyard off the same database (any fixed 64-bit number). */
const lockKey = '7015849217345106529';
/** Rows per INSERT when a whole image is written. */
const replaceChunk = 2_000;

/** A connection string without its password, for logs and errors. */
export function describeDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '';
    return `${parsed.protocol}//${parsed.username ? `${parsed.username}@` : ''}${parsed.host}${parsed.pathname}`;
  } catch {
    return 'the PostgreSQL database (its URL could not be read)';
  }
}

/** An error that means the connection is gone (not that the SQL was refused): retrying on a new one may work. */
function isConnectionLoss(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code.startsWith('08') || code.startsWith('57P');
  return true;
}

/**
 * The record store's Persistence on PostgreSQL: one row per record in
 * `lanyard_records` (JSON), small documents in `lanyard_singletons`, the
 * record schema version in `lanyard_meta`.
 *
 * An append is one SQL transaction. Its ops are whole values, so applying one
 * twice gives the same rows: when the connection drops, the append is retried
 * on a new connection (after taking the lock again) without knowing whether
 * the first COMMIT arrived. One process at a time: a session advisory lock,
 * held for as long as Lanyard runs, refuses a second Lanyard.
 */
export class PostgresPersistence implements Persistence {
  readonly description: string;
  private client: pg.Client;
  /** The next free seq; the lock makes this process the only writer. */
  private nextSeq = 1;
  private appends = 0;
  private reconnects = 0;
  private reconnectError: unknown = null;
  private closed = false;

  private constructor(
    private readonly url: string,
    client: pg.Client,
    private readonly options: PostgresOptions,
  ) {
    this.description = describeDatabaseUrl(url);
    this.client = client;
  }

  static async open(url: string, options: PostgresOptions = {}): Promise<PostgresPersistence> {
    const where = describeDatabaseUrl(url);
    const client = await PostgresPersistence.connect(url, where);
    try {
      await migrateTables(client, where);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    return new PostgresPersistence(url, client, options);
  }

  /** A connection that holds the lock. */
  private static async connect(url: string, where: string): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: url, application_name: 'lanyard' });
    // A dropped connection is noticed by the next query; without a listener the error would end the process.
    client.on('error', () => undefined);
    try {
      await client.connect();
    } catch (error) {
      throw new DataFileError(`Lanyard could not connect to ${where}: ${(error as Error).message}`);
    }
    let locked = false;
    try {
      const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1::bigint) AS locked', [lockKey]);
      locked = rows[0]?.locked === true;
    } finally {
      if (!locked) await client.end().catch(() => undefined);
    }
    if (!locked) throw new DataFileError(`Lanyard could not use ${where}: another Lanyard is using this database. Stop that one first, or give each Lanyard its own database.`);
    return client;
  }

  async load(): Promise<StoreImage | null> {
    const meta = await this.client.query<{ value: number }>(`SELECT value FROM lanyard_meta WHERE name = 'store_schema_version'`);
    const seq = await this.client.query<{ next: string }>('SELECT coalesce(max(seq), 0) + 1 AS next FROM lanyard_records');
    this.nextSeq = Number(seq.rows[0]?.next ?? 1);
    const version = meta.rows[0]?.value;
    if (version === undefined) return null;
    if (typeof version !== 'number') throw new DataFileError(`Lanyard could not use ${this.description}: its store_schema_version is not a number.`);
    const singletons = await this.client.query<{ name: string; value: unknown }>('SELECT name, value FROM lanyard_singletons');
    const records = await this.client.query<{ collection: string; key: string; record: unknown }>('SELECT collection, key, record FROM lanyard_records ORDER BY collection, seq');
    const collections: StoreImage['collections'] = {};
    for (const row of records.rows) (collections[row.collection] ??= []).push([row.key, row.record]);
    return { schemaVersion: version, singletons: Object.fromEntries(singletons.rows.map((row) => [row.name, row.value])), collections };
  }

  async append(batches: readonly ChangeBatch[]): Promise<void> {
    // Serialized before the first await: the records are live objects.
    const statements = this.appendStatements(batches);
    await this.inTransaction(async (client) => {
      for (const [sql, params] of statements) await client.query(sql, params);
    });
    this.appends += 1;
  }

  async replace(image: StoreImage): Promise<void> {
    const chunks: [string[], string[], number[], string[]][] = [];
    let seq = 1;
    for (const [collection, entries] of Object.entries(image.collections)) {
      for (const [key, record] of entries) {
        if ((seq - 1) % replaceChunk === 0) chunks.push([[], [], [], []]);
        const chunk = chunks.at(-1)!;
        chunk[0].push(collection);
        chunk[1].push(key);
        chunk[2].push(seq++);
        chunk[3].push(JSON.stringify(record));
      }
    }
    const entries = Object.entries(image.singletons);
    const singletons = [entries.map(([name]) => name), entries.map(([, value]) => JSON.stringify(value))];
    const version = JSON.stringify(image.schemaVersion);
    await this.inTransaction(async (client) => {
      await client.query('DELETE FROM lanyard_records');
      await client.query('DELETE FROM lanyard_singletons');
      for (const chunk of chunks) await client.query(insertRecords, chunk);
      await client.query(upsertSingletons, singletons);
      await client.query(`INSERT INTO lanyard_meta (name, value) VALUES ('store_schema_version', $1::json) ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value`, [version]);
    });
    this.nextSeq = seq;
  }

  stats(): Readonly<Record<string, number>> {
    return { appends: this.appends, reconnects: this.reconnects };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // Ending the session releases the advisory lock.
    await this.client.end().catch(() => undefined);
  }

  /**
   * The statements of one append, each with its rows as column arrays.
   * Records travel as JSON text into json columns: PostgreSQL keeps that text
   * as written, so a "\u0000" escape (which no PostgreSQL text can hold
   * decoded) survives.
   */
  private appendStatements(batches: readonly ChangeBatch[]): [string, unknown[]][] {
    const deletes: [string[], string[]] = [[], []];
    const puts: [string[], string[], number[], string[]] = [[], [], [], []];
    const sets: [string[], string[]] = [[], []];
    for (const op of coalesce(batches.flat())) {
      if (op.op === 'delete') {
        deletes[0].push(op.collection);
        deletes[1].push(op.key);
      } else if (op.op === 'put') {
        // A key already stored keeps its seq (the upsert leaves it); a new or deleted one takes this one.
        puts[0].push(op.collection);
        puts[1].push(op.key);
        puts[2].push(this.nextSeq++);
        puts[3].push(JSON.stringify(op.record));
      } else {
        sets[0].push(op.name);
        sets[1].push(JSON.stringify(op.value));
      }
    }
    const statements: [string, unknown[]][] = [];
    if (deletes[0].length > 0) statements.push([deleteRecords, deletes]);
    if (puts[0].length > 0) statements.push([insertRecords, puts]);
    if (sets[0].length > 0) statements.push([upsertSingletons, sets]);
    return statements;
  }

  /** Runs `body` in one transaction; on a lost connection, reconnects and runs it again (it must be idempotent). */
  private async inTransaction(body: (client: pg.Client) => Promise<void>): Promise<void> {
    const retryForMs = this.options.reconnectForMs ?? 30_000;
    const deadline = Date.now() + retryForMs;
    let reason: unknown = null;
    for (let attempt = 0; ; attempt += 1) {
      if (this.closed) throw new Error(`${this.description} is closed`);
      const client = this.client;
      try {
        await client.query('BEGIN');
        await body(client);
        await client.query('COMMIT');
        return;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        if (!isConnectionLoss(error)) throw error;
        reason = this.reconnectError ?? error;
        if (Date.now() > deadline) throw new Error(`could not reach ${this.description} for ${Math.round(retryForMs / 1000)} s: ${(reason as Error).message}`);
        if (attempt === 0) this.options.logger?.warn(`lost the connection to ${this.description} (${(error as Error).message}); reconnecting`);
        await new Promise((resolve) => setTimeout(resolve, Math.min(2_000, 100 * 2 ** attempt)));
        await this.reconnect(client);
      }
    }
  }

  private async reconnect(broken: pg.Client): Promise<void> {
    if (this.client !== broken) return;
    await broken.end().catch(() => undefined);
    try {
      this.client = await PostgresPersistence.connect(this.url, this.description);
      this.reconnectError = null;
      this.reconnects += 1;
      this.options.logger?.info(`connected to ${this.description} again`);
    } catch (error) {
      if (error instanceof DataFileError && /another Lanyard/.test(error.message)) throw error;
      // Not connected yet: the next attempt fails fast as a connection loss and tries again until the deadline.
      this.reconnectError = error;
    }
  }
}

const deleteRecords = `DELETE FROM lanyard_records r USING unnest($1::text[], $2::text[]) AS d(c, k) WHERE r.collection = d.c AND r.key = d.k`;
const insertRecords = `INSERT INTO lanyard_records (collection, key, seq, record) SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::json[]) ON CONFLICT (collection, key) DO UPDATE SET record = EXCLUDED.record`;
const upsertSingletons = `INSERT INTO lanyard_singletons (name, value) SELECT * FROM unnest($1::text[], $2::json[]) ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value`;
