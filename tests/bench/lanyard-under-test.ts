import { spawn } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createTestPushPki, type TestPushPki } from '../support/apns-test-server';
import { adminApi, completeSetup, start, type ServeProcess } from '../support/serve-process';
import { readCpuProfile, summarizeProfile } from './cpu-profile';

/** Where the raw CPU profiles of a bench run are kept (test-results/ is not committed). */
export const profilesDir = join(import.meta.dirname, '../../test-results/bench-profiles');

/** Where Lanyard keeps its records in a bench run. */
export type StoreKind = 'journal' | 'postgres';

export interface LanyardOptions {
  dataDir: string;
  mdmPort: number;
  apnsUrl: string;
  /** A file holding the APNs test server's CA, given to Lanyard as NODE_EXTRA_CA_CERTS. */
  apnsCaFile: string;
  databaseUrl?: string;
  /** More `serve` flags (the agents bench gives the broker's port and keepalive). */
  extraArgs?: string[];
}

/**
 * Lanyard as the office runs it headless: the built `serve` in its own
 * process, so it has a core to itself while the simulated devices use the
 * other. Restarted on the same data (and device port) between phases.
 */
export class LanyardUnderTest {
  private server: ServeProcess | null = null;
  private profileDir: string | null = null;

  constructor(readonly options: LanyardOptions) {}

  /** Starts it; resolves with the milliseconds from spawning node to the "is running" line. */
  async start(options: { profileAs?: string } = {}): Promise<number> {
    const nodeArgs: string[] = [];
    if (options.profileAs) {
      // Kept after the run, for Chrome DevTools or a closer look.
      this.profileDir = join(profilesDir, options.profileAs);
      await rm(this.profileDir, { recursive: true, force: true });
      await mkdir(this.profileDir, { recursive: true });
      nodeArgs.push('--cpu-prof', '--cpu-prof-dir', this.profileDir);
    } else this.profileDir = null;
    const startedAt = performance.now();
    this.server = await start({
      dataDir: this.options.dataDir,
      args: ['--mdm-port', String(this.options.mdmPort), '--enrollment-http-port', '0', '--apns-url', this.options.apnsUrl, ...(this.options.databaseUrl ? ['--database-url', this.options.databaseUrl] : []), ...(this.options.extraArgs ?? [])],
      env: { LANYARD_PUBLIC_HOST: '127.0.0.1', NODE_EXTRA_CA_CERTS: this.options.apnsCaFile },
      nodeArgs,
      timeoutMs: 60_000,
    });
    return performance.now() - startedAt;
  }

  /** Stops it (SIGTERM, a clean shutdown); with profiling on, returns the CPU profile summary. */
  async stop(): Promise<string[] | null> {
    const code = await this.server?.stop('SIGTERM');
    if (code !== 0) throw new Error(`Lanyard exited with ${code}: ${this.server?.output().slice(-2000)}`);
    this.server = null;
    return this.profileDir ? summarizeProfile(await readCpuProfile(this.profileDir)) : null;
  }

  get api() {
    if (!this.server) throw new Error('Lanyard is not running');
    return adminApi(this.server);
  }

  get adminUrl(): string {
    return this.server!.url;
  }

  get token(): string {
    return this.server!.token;
  }

  /** The process id of Lanyard's process, to read its memory from /proc. */
  get pid(): number {
    return this.server!.process.pid!;
  }

  /** The first start's setup: the wizard's answers, the APNs certificate, one invitation for every device. */
  async setUp(pushPki: TestPushPki): Promise<{ invitationId: string; profileUrl: string; agentUrl: string; caPem: string }> {
    await completeSetup(this.server!, 'Bench Office');
    const imported = await this.api.put('/api/push-certificate', { certificatePem: pushPki.client.certificatePem, privateKeyPem: pushPki.client.privateKeyPem });
    if (imported.status !== 200) throw new Error(`push certificate import failed: ${JSON.stringify(imported.body)}`);
    const invitation = await this.api.post('/api/invitations', { label: 'benchmark', maxUses: 10_000, expiresInDays: 1 });
    if (invitation.status !== 201) throw new Error(`invitation failed: ${JSON.stringify(invitation.body)}`);
    const pki = await this.api.get('/api/pki');
    return { invitationId: invitation.body.id, profileUrl: invitation.body.profileUrl, agentUrl: invitation.body.agentUrl, caPem: pki.body.ca.certificatePem };
  }
}

/** The APNs test PKI, with its CA written where Lanyard's process can trust it. */
export async function benchPushPki(folder: string): Promise<{ pushPki: TestPushPki; caFile: string }> {
  const pushPki = createTestPushPki();
  const caFile = join(folder, 'apns-ca.pem');
  await writeFile(caFile, pushPki.caCertPem);
  return { pushPki, caFile };
}

/** The bare HTTPS + plist server in its own process (bundled by the bench), with Lanyard's TLS certificate. */
export async function startBareProcess(script: string, folder: string, tls: { certificatePem: string; privateKeyPem: string }): Promise<{ url: string; stop(): Promise<void> }> {
  const tlsFile = join(folder, 'bare-tls.json');
  await writeFile(tlsFile, JSON.stringify(tls), { mode: 0o600 });
  const child = spawn(process.execPath, [script, tlsFile], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const match = /listening (\S+)/.exec(out);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`the bare server exited with ${code}`)));
  });
  return {
    url,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
