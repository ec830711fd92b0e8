import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The built headless entry; LANYARD_SERVE_JS points elsewhere (e.g. a private build). */
const serveJs = resolve(process.env.LANYARD_SERVE_JS ?? fileURLToPath(new URL('../../out/main/serve.js', import.meta.url)));
const readyLine = /Lanyard \S+ is running: admin UI and API at (http:\/\/\S+)/;

export const e2eToken = 'e2e-admin-token-0123456789abcdef';

export interface ServeOptions {
  /** Reuse a data directory (e.g. to restart); a fresh temporary one otherwise. */
  dataDir?: string;
  /** Extra command-line arguments, e.g. ['--mdm-port', '9443']. */
  args?: string[];
  env?: NodeJS.ProcessEnv;
  /** How long to wait for the "is running" line. */
  timeoutMs?: number;
  /** Options for node itself, e.g. ['--cpu-prof', '--cpu-prof-dir', dir]. */
  nodeArgs?: string[];
}

export interface ServeProcess {
  url: string;
  token: string;
  dataDir: string;
  process: ChildProcess;
  /** Everything it printed so far, for failure messages. */
  output(): string;
  /** Sends the signal and resolves with the exit code (null if a signal ended it). */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  kill9(): Promise<void>;
}

const running = new Set<ServeProcess>();
const createdDirs = new Set<string>();

/** A fresh temporary data directory, removed by stopAll(). */
export async function createDataDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'lanyard-e2e-'));
  createdDirs.add(dir);
  return dir;
}

/**
 * Starts `node out/main/serve.js` on a free admin port (unless args say
 * otherwise) and resolves once it prints its URL. The device-facing
 * listeners bind to loopback only (LANYARD_DEVICE_BIND).
 */
export async function start(options: ServeOptions = {}): Promise<ServeProcess> {
  if (!existsSync(serveJs)) throw new Error(`${serveJs} does not exist: run "npm run build" first`);
  const dataDir = options.dataDir ?? (await createDataDir());
  const args = options.args ?? [];
  // The agent broker is off unless a test asks for it, so parallel servers do not fight over 8883.
  const withDefaults = [...(args.includes('--admin-port') ? [] : ['--admin-port', '0']), ...(args.includes('--mqtt-port') ? [] : ['--mqtt-port', '0']), ...args];
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), serveJs, '--data-dir', dataDir, ...withDefaults], {
    env: { ...withoutLanyardVariables(process.env), LANYARD_ADMIN_TOKEN: e2eToken, LANYARD_DEVICE_BIND: '127.0.0.1', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (log += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (log += chunk));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));

  const handle: ServeProcess = {
    url: '',
    token: options.env?.LANYARD_ADMIN_TOKEN ?? e2eToken,
    dataDir,
    process: child,
    output: () => log,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const code = await withTimeout(exited, 15_000, () => `serve.js did not exit after ${signal}\n${log}`).catch((error: Error) => {
        child.kill('SIGKILL');
        throw error;
      });
      running.delete(handle);
      return code;
    },
    async kill9() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
      running.delete(handle);
    },
  };
  running.add(handle);

  try {
    handle.url = await withTimeout(
      new Promise<string>((found, failed) => {
        const check = () => {
          const match = readyLine.exec(log);
          if (match) found(match[1]!);
        };
        child.stdout!.on('data', check);
        void exited.then((code) => failed(new Error(`serve.js exited with code ${code} before it was ready\n${log}`)));
      }),
      options.timeoutMs ?? 20_000,
      () => `serve.js did not print its URL in time\n${log}`,
    );
  } catch (error) {
    await handle.kill9();
    throw error;
  }
  return handle;
}

/** Kills every process start() left running and removes the data directories it created. */
export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((p) => p.kill9()));
  await Promise.all([...createdDirs].map((dir) => rm(dir, { recursive: true, force: true })));
  createdDirs.clear();
}

/** A loopback port that was free a moment ago, for a server that must keep its address across restarts. */
export function freePort(): Promise<number> {
  return new Promise((found, failed) => {
    const server = createServer();
    server.once('error', failed);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => found(port));
    });
  });
}

/** A small client for the admin API, to arrange and check state beside the browser. */
export function adminApi(server: Pick<ServeProcess, 'url' | 'token'>) {
  const send = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${server.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    return { status: response.status, body: (await response.json()) as any };
  };
  return {
    get: (path: string) => send('GET', path),
    post: (path: string, body: unknown) => send('POST', path, body),
    patch: (path: string, body: unknown) => send('PATCH', path, body),
    put: (path: string, body: unknown) => send('PUT', path, body),
    delete: (path: string) => send('DELETE', path),
  };
}

/** Finishes the setup wizard through the API, for tests about other pages. */
export async function completeSetup(server: Pick<ServeProcess, 'url' | 'token'>, organization = 'Test Office'): Promise<void> {
  const api = adminApi(server);
  const settings = (await api.get('/api/settings')).body;
  const done = await api.post('/api/setup', {
    organization: { name: organization },
    helpdesk: { name: '', phone: '', email: '', website: '' },
    network: settings.network,
  });
  if (done.status !== 200) throw new Error(`setup failed: ${JSON.stringify(done.body)}`);
}

function withoutLanyardVariables(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([key]) => !key.startsWith('LANYARD_')));
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, failed) => {
    timer = setTimeout(() => failed(new Error(message())), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

process.once('exit', () => {
  for (const server of running) server.process.kill('SIGKILL');
});
