// Operators can point --apns-url at a local APNs look-alike whose CA is trusted
// through NODE_EXTRA_CA_CERTS rather than the provider's `ca` option. That env
// var is only read at process start, so this runs the provider in a child node.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PushOutcome } from '../../../electron/core/push/push-provider';
import { createTestPushPki, startApnsTestServer } from '../../support/apns-test-server';
import type { ApnsTestServer, TestPushPki } from '../../support/apns-test-server';
import { makeTarget } from './push-fixtures';

const run = promisify(execFile);
const pushSourceDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../../electron/core/push');

const CHILD_SCRIPT = `
import { ApnsHttp2Provider } from './push/apns-http2-provider.js';
const { baseUrl, certificatePem, privateKeyPem, target } = JSON.parse(process.env.PUSH_CHILD_CONFIG);
const provider = new ApnsHttp2Provider({ baseUrl, certificatePem, privateKeyPem, requestTimeoutMs: 5000 });
const outcome = await provider.push(target);
// Without close() the idle (unref'd) session must not keep the process alive.
if (!process.env.PUSH_CHILD_SKIP_CLOSE) await provider.close();
process.stdout.write(JSON.stringify(outcome));
`;

let pki: TestPushPki;
let server: ApnsTestServer;
let dir: string;
let caFile: string;

/** Compiles the push sources to plain ESM JavaScript so a bare `node` can run them. */
function compilePushSources(outDir: string): void {
  mkdirSync(outDir, { recursive: true });
  for (const file of readdirSync(pushSourceDir).filter((f) => f.endsWith('.ts'))) {
    const { outputText } = ts.transpileModule(readFileSync(join(pushSourceDir, file), 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true },
    });
    // The sources use extensionless relative imports (bundler style); bare Node ESM needs `.js`.
    const nodeEsm = outputText.replace(/(from '\.\/[^']+)'/g, "$1.js'");
    writeFileSync(join(outDir, file.replace(/\.ts$/, '.js')), nodeEsm);
  }
}

async function pushFromChild(extraEnv: Record<string, string>): Promise<PushOutcome> {
  const target = makeTarget(pki);
  const config = { baseUrl: server.url, certificatePem: pki.client.certificatePem, privateKeyPem: pki.client.privateKeyPem, target };
  const env: NodeJS.ProcessEnv = { ...process.env, PUSH_CHILD_CONFIG: JSON.stringify(config), ...extraEnv };
  if (!('NODE_EXTRA_CA_CERTS' in extraEnv)) delete env.NODE_EXTRA_CA_CERTS;
  const { stdout } = await run(process.execPath, [join(dir, 'child.mjs')], { env, timeout: 20_000 });
  return JSON.parse(stdout) as PushOutcome;
}

beforeAll(async () => {
  pki = createTestPushPki();
  server = await startApnsTestServer(pki);
  dir = mkdtempSync(join(tmpdir(), 'lanyard-push-child-'));
  compilePushSources(join(dir, 'push'));
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  writeFileSync(join(dir, 'child.mjs'), CHILD_SCRIPT);
  caFile = join(dir, 'test-ca.pem');
  writeFileSync(caFile, pki.caCertPem);
});

afterAll(async () => {
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('ApnsHttp2Provider without a ca option', () => {
  it('trusts a local APNs server through NODE_EXTRA_CA_CERTS', async () => {
    const outcome = await pushFromChild({ NODE_EXTRA_CA_CERTS: caFile });
    expect(outcome).toMatchObject({ kind: 'delivered' });
    expect(server.delivered.at(-1)?.clientTopic).toBe(pki.client.topic);
  });

  it('does not keep the process alive when idle, even without close()', async () => {
    const started = Date.now();
    const outcome = await pushFromChild({ NODE_EXTRA_CA_CERTS: caFile, PUSH_CHILD_SKIP_CLOSE: '1' });
    expect(outcome).toMatchObject({ kind: 'delivered' });
    expect(Date.now() - started).toBeLessThan(4000);
  });

  it('refuses the same server when its CA is not trusted', async () => {
    const before = server.received.length;
    const outcome = await pushFromChild({});
    expect(outcome).toMatchObject({ kind: 'failed', retryable: true, reason: expect.stringMatching(/certificate/i) });
    expect(server.received.length).toBe(before);
  });
});
