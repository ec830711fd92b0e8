import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { freePort } from './serve-process';

/** Debian's newest PostgreSQL server binaries (package `postgresql`, installed by scripts/install-test-peers.sh). */
function postgresBin(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((name) => /^\d+$/.test(name)).sort((a, b) => Number(b) - Number(a)) : [];
  const bin = versions.map((version) => join(root, version, 'bin')).find((dir) => existsSync(join(dir, 'initdb')));
  if (!bin) throw new Error('PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): run scripts/install-test-peers.sh');
  return bin;
}

/** PostgreSQL refuses to run as root: as root, run it as the `postgres` user the Debian package made. */
function serverUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const line = readFileSync('/etc/passwd', 'utf8').split('\n').find((entry) => entry.startsWith('postgres:'));
  if (!line) throw new Error('running as root and there is no postgres user to run PostgreSQL as');
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

/**
 * A throwaway PostgreSQL server for a test: `initdb` in a temp folder, then
 * `postgres` as a child process on a free loopback port (trust auth, loopback
 * only). `stop()` shuts it down and removes the folder.
 */
export class PostgresServer {
  private process: ChildProcess | null = null;
  private databases = 0;
  private log = '';

  private constructor(
    private readonly bin: string,
    private readonly folder: string,
    readonly port: number,
    private readonly user: { uid: number; gid: number } | undefined,
  ) {}

  static async start(): Promise<PostgresServer> {
    const bin = postgresBin();
    const user = serverUser();
    const folder = await mkdtemp(join(tmpdir(), 'lanyard-pg-'));
    if (user) await chown(folder, user.uid, user.gid);
    const init = spawnSync(join(bin, 'initdb'), ['-D', join(folder, 'data'), '-U', 'lanyard', '--auth=trust', '-E', 'UTF8', '--no-sync', '--no-instructions'], { ...user, encoding: 'utf8', cwd: folder });
    if (init.status !== 0) {
      await rm(folder, { recursive: true, force: true });
      throw new Error(`initdb failed (${init.status}): ${init.stderr || init.error?.message}`);
    }
    const server = new PostgresServer(bin, folder, await freePort(), user);
    await server.run();
    return server;
  }

  /** A URL of the server's admin database (`postgres`). */
  get adminUrl(): string {
    return `postgres://lanyard@127.0.0.1:${this.port}/postgres`;
  }

  /** A new empty database, for one test. */
  async createDatabase(): Promise<string> {
    this.databases += 1;
    const name = `lanyard_test_${this.databases}`;
    await this.query(`CREATE DATABASE ${name}`);
    return `postgres://lanyard@127.0.0.1:${this.port}/${name}`;
  }

  /** Runs one statement on the admin database. */
  async query(sql: string, params: unknown[] = []): Promise<pg.QueryResult> {
    const client = new pg.Client({ connectionString: this.adminUrl });
    await client.connect();
    try {
      return await client.query(sql, params);
    } finally {
      await client.end();
    }
  }

  /** Stops the server (fast shutdown: sessions are cut) and starts it again on the same port. */
  async restart(): Promise<void> {
    await this.halt();
    await this.run();
  }

  async stop(): Promise<void> {
    await this.halt();
    await rm(this.folder, { recursive: true, force: true });
  }

  private async run(): Promise<void> {
    const args = ['-D', join(this.folder, 'data'), '-p', String(this.port), '-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=${this.folder}`, '-c', 'max_connections=40'];
    const child = spawn(join(this.bin, 'postgres'), args, { ...this.user, cwd: this.folder, stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr?.on('data', (chunk: Buffer) => {
      this.log = (this.log + chunk.toString()).slice(-4_000);
    });
    this.process = child;
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`postgres exited (${child.exitCode}): ${this.log}`);
      const client = new pg.Client({ connectionString: this.adminUrl, connectionTimeoutMillis: 1_000 });
      client.on('error', () => undefined);
      const ready = await client.connect().then(
        () => true,
        () => false,
      );
      await client.end().catch(() => undefined);
      if (ready) return;
      if (Date.now() > deadline) throw new Error(`postgres did not accept connections within 30 s: ${this.log}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  private async halt(): Promise<void> {
    const child = this.process;
    this.process = null;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGINT');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  }
}

/**
 * One PostgreSQL for the calling test file or describe block: started before
 * its tests, stopped after them. Call the returned function inside a test.
 */
export function postgresForTests(): () => PostgresServer {
  let server: PostgresServer | undefined;
  beforeAll(async () => {
    server = await PostgresServer.start();
  }, 60_000);
  afterAll(() => server?.stop());
  return () => {
    if (!server) throw new Error('PostgreSQL has not started');
    return server;
  };
}
