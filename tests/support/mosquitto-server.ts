import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './serve-process';

/** Debian's dynamic-security plugin (package mosquitto, installed by scripts/install-test-peers.sh). */
const dynamicSecurityPlugin = '/usr/lib/x86_64-linux-gnu/mosquitto_dynamic_security.so';

/**
 * A real Mosquitto 2 for a test, with the dynamic-security plugin and one
 * admin login: its config in a temp folder, on a free loopback port, no
 * anonymous access. `stop()` ends it and removes the folder.
 */
export class MosquittoServer {
  private constructor(
    private readonly child: ChildProcess,
    private readonly folder: string,
    readonly port: number,
    readonly admin: { username: string; password: string },
    private readonly log: () => string,
    private readonly tls = false,
  ) {}

  /**
   * With `tls`, the listener speaks MQTT over TLS with that certificate
   * (mqtts://). With `anonymous`, it is a bare relay: no plugin, no logins,
   * every client may use every topic (the benchmark's baseline).
   */
  static async start(options: { tls?: { certificatePem: string; privateKeyPem: string; caPem: string }; anonymous?: boolean } = {}): Promise<MosquittoServer> {
    const folder = await mkdtemp(join(tmpdir(), 'lanyard-mosquitto-'));
    const admin = { username: 'lanyard-admin', password: 'admin-password-for-tests' };
    const config = join(folder, 'dynamic-security.json');
    if (!options.anonymous) {
      const init = spawnSync('mosquitto_ctrl', ['dynsec', 'init', config, admin.username, admin.password], { encoding: 'utf8' });
      if (init.status !== 0) throw new Error(`mosquitto_ctrl dynsec init failed: ${init.stderr || init.error?.message}`);
    }
    const access = options.anonymous ? ['allow_anonymous true', 'max_queued_messages 100000'] : ['allow_anonymous false', `plugin ${dynamicSecurityPlugin}`, `plugin_opt_config_file ${config}`];
    const port = await freePort();
    const tlsLines: string[] = [];
    if (options.tls) {
      await writeFile(join(folder, 'server.pem'), options.tls.certificatePem);
      await writeFile(join(folder, 'server.key'), options.tls.privateKeyPem, { mode: 0o600 });
      await writeFile(join(folder, 'ca.pem'), options.tls.caPem);
      tlsLines.push(`certfile ${join(folder, 'server.pem')}`, `keyfile ${join(folder, 'server.key')}`, `cafile ${join(folder, 'ca.pem')}`);
    }
    await writeFile(
      join(folder, 'mosquitto.conf'),
      [`listener ${port} 127.0.0.1`, ...tlsLines, 'persistence false', ...(process.getuid?.() === 0 ? ['user root'] : []), ...access, ''].join('\n'),
    );
    const child = spawn('mosquitto', ['-c', join(folder, 'mosquitto.conf')], { stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    child.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
    const deadline = Date.now() + 10_000;
    while (!(await accepts(port))) {
      if (child.exitCode !== null || Date.now() > deadline) {
        child.kill('SIGKILL');
        await rm(folder, { recursive: true, force: true });
        throw new Error(`mosquitto did not start: ${log}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return new MosquittoServer(child, folder, port, admin, () => log, options.tls !== undefined);
  }

  /** The broker's process id, to read its memory from /proc. */
  get pid(): number {
    return this.child.pid!;
  }

  get url(): string {
    return `${this.tls ? 'mqtts' : 'mqtt'}://127.0.0.1:${this.port}`;
  }

  output(): string {
    return this.log();
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null) {
      const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
      this.child.kill('SIGTERM');
      await exited;
    }
    await rm(this.folder, { recursive: true, force: true });
  }
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
