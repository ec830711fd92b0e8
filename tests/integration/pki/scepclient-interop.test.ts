import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { certificateSummary, createOfficeCa, type CertKeyPem } from '../../../electron/core/pki/certificates';
import { handleScepHttp, ScepService } from '../../../electron/core/pki/scep';
import { run, withTempDir } from './cli';

const SECRET = 'invite-4711';

describe('SCEP interop with micromdm scepclient', () => {
  let ca: CertKeyPem;
  let server: Server;
  let url: string;
  const store = new Map<string, string>();
  const onIssued = vi.fn(async () => undefined);
  const onRejected = vi.fn(async () => undefined);
  const checkChallenge = vi.fn(async (challenge: string) =>
    challenge === SECRET ? { ok: true as const, invitationId: 'inv-42' } : { ok: false as const, reason: 'challenge not recognised' },
  );

  beforeAll(async () => {
    ca = createOfficeCa({ organization: 'Lanyard Test Office ✓' });
    const service = new ScepService({
      ca,
      validityDays: 365,
      checkChallenge,
      transactions: { get: async (id) => store.get(id), put: async (id, pem) => void store.set(id, pem) },
      onIssued,
      onRejected,
    });
    server = createServer((req, res) => {
      if (req.url?.startsWith('/scep')) void handleScepHttp(service, req, res);
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/scep`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  beforeEach(() => {
    store.clear();
    vi.clearAllMocks();
  });

  const enroll = (dir: string, challenge: string, cn = 'dev1') =>
    run(
      'scepclient',
      ['-server-url', url, '-private-key', join(dir, 'k.pem'), '-certificate', join(dir, 'c.pem'), '-cn', cn, '-challenge', challenge, '-keySize', '2048'],
      { cwd: dir, timeoutMs: 20_000 },
    );

  const opensslVerify = async (dir: string) => {
    await writeFile(join(dir, 'ca.pem'), ca.certificatePem);
    return run('openssl', ['verify', '-CAfile', join(dir, 'ca.pem'), join(dir, 'c.pem')]);
  };

  it('scepclient is installed and shows its flags', async () => {
    const help = await run('scepclient', ['-help']);
    const output = help.stdout + help.stderr;
    for (const flag of ['-server-url', '-private-key', '-certificate', '-challenge', '-keySize']) expect(output).toContain(flag);
  });

  it('enrolls with the right challenge and the certificate chains to the CA', async () => {
    await withTempDir(async (dir) => {
      const result = await enroll(dir, SECRET);
      expect(result.code, result.stdout + result.stderr).toBe(0);
      expect(existsSync(join(dir, 'c.pem'))).toBe(true);
      const verify = await opensslVerify(dir);
      expect(verify.stdout.trim()).toBe(`${join(dir, 'c.pem')}: OK`);

      const issuedPem = await readFile(join(dir, 'c.pem'), 'utf8');
      const summary = certificateSummary(issuedPem);
      expect(summary.subject).toContain('CN=dev1');
      expect(summary.issuer).toContain('O=Lanyard Test Office ✓');
      expect(checkChallenge).toHaveBeenCalledWith(SECRET, expect.objectContaining({ subject: expect.stringContaining('CN=dev1') }));
      expect(onIssued).toHaveBeenCalledTimes(1);
      expect(onIssued).toHaveBeenCalledWith(expect.objectContaining({ invitationId: 'inv-42' }));
      expect([...store.values()].map((pem) => certificateSummary(pem).serialNumber)).toEqual([summary.serialNumber]);
      expect(onRejected).not.toHaveBeenCalled();
    });
  });

  it('refuses a wrong challenge with badRequest and issues nothing', async () => {
    await withTempDir(async (dir) => {
      const result = await enroll(dir, 'not-the-secret');
      expect(result.code).not.toBe(0);
      expect(result.stdout + result.stderr).toContain('badRequest');
      expect(existsSync(join(dir, 'c.pem'))).toBe(false);
      expect(onIssued).not.toHaveBeenCalled();
      expect(store.size).toBe(0);
      expect(onRejected).toHaveBeenCalledWith(expect.objectContaining({ reason: 'challenge not recognised' }));
    });
  });

  it('answers a retried transaction (same key, hence same transactionID) with the same certificate', async () => {
    await withTempDir(async (dir) => {
      expect((await enroll(dir, SECRET)).code).toBe(0);
      const first = await readFile(join(dir, 'c.pem'), 'utf8');
      // Without c.pem scepclient sends a fresh PKCSReq for the kept key (and csr.pem).
      await rm(join(dir, 'c.pem'));
      const retry = await enroll(dir, SECRET);
      expect(retry.code, retry.stdout + retry.stderr).toBe(0);
      const second = await readFile(join(dir, 'c.pem'), 'utf8');
      expect(certificateSummary(second).serialNumber).toBe(certificateSummary(first).serialNumber);
      expect(checkChallenge).toHaveBeenCalledTimes(1);
      expect(onIssued).toHaveBeenCalledTimes(1);
      expect(store.size).toBe(1);
    });
  });
});
