import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import forge from 'node-forge';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { certificateSummary, createOfficeCa, type CertKeyPem } from '../../../electron/core/pki/certificates';
import { pemToDer } from '../../../electron/core/pki/pem';
import { handleScepHttp, ScepService } from '../../../electron/core/pki/scep';
import { decodeBase64Message } from '../../../electron/core/pki/scep/http-adapter';
import { buildCsrDer, buildPkcsReq, createRequester, readCertRep, type ScepRequester } from '../../support/scep-test-client';
import { run, withTempDir } from './cli';

const SECRET = 's3cret';
const MAX_BODY = 64 * 1024;

/** Raw request so the query string reaches the server exactly as written. */
function send(base: string, method: string, pathAndQuery: string, body?: Buffer): Promise<{ status: number; type: string; body: Buffer }> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, method, path: `${url.pathname}${pathAndQuery}` }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('SCEP over HTTP (handleScepHttp)', () => {
  let ca: CertKeyPem;
  let requester: ScepRequester;
  let server: Server;
  let base: string;
  const store = new Map<string, string>();
  const onIssued = vi.fn(async () => undefined);

  beforeAll(async () => {
    ca = createOfficeCa({ organization: 'HTTP Test Office' });
    requester = createRequester('http-requester');
    const service = new ScepService({
      ca,
      validityDays: 30,
      checkChallenge: async (challenge) => (challenge === SECRET ? { ok: true, invitationId: 'inv' } : { ok: false, reason: 'nope' }),
      transactions: { get: async (id) => store.get(id), put: async (id, pem) => void store.set(id, pem) },
      onIssued,
    });
    server = createServer((req, res) => void handleScepHttp(service, req, res, MAX_BODY));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/scep`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  beforeEach(() => {
    store.clear();
    onIssued.mockClear();
  });

  const pkcsReq = (transactionId: string) =>
    buildPkcsReq({
      requester,
      caCertificatePem: ca.certificatePem,
      csrDer: buildCsrDer(requester, { commonName: 'http-device', challenge: SECRET }),
      transactionId,
    });

  it('serves GetCACaps and GetCACert', async () => {
    const caps = await send(base, 'GET', '?operation=GetCACaps');
    expect(caps.status).toBe(200);
    expect(caps.body.toString()).toContain('POSTPKIOperation\n');
    const caCert = await send(base, 'GET', '?operation=GetCACert&message=anything');
    expect(caCert).toMatchObject({ status: 200, type: 'application/x-x509-ca-cert' });
    expect(caCert.body.equals(pemToDer(ca.certificatePem))).toBe(true);
  });

  it('enrolls via POST', async () => {
    const response = await send(base, 'POST', '?operation=PKIOperation', pkcsReq('post-1'));
    expect(response).toMatchObject({ status: 200, type: 'application/x-pki-message' });
    const reply = await readCertRep(response.body, requester);
    expect(reply.pkiStatus).toBe('0');
    expect(certificateSummary(reply.certificatePem ?? '').subject).toBe('CN=http-device, O=Test Devices');
  });

  it.each([
    ['bare + (form-decoded to spaces)', (b64: string) => b64],
    ['percent-encoded', (b64: string) => encodeURIComponent(b64)],
    ['URL-safe alphabet', (b64: string) => b64.replace(/\+/g, '-').replace(/\//g, '_')],
    ['with line breaks', (b64: string) => encodeURIComponent(b64.replace(/(.{64})/g, '$1\r\n'))],
  ])('enrolls via GET with the message %s', async (_name, encode) => {
    let message = pkcsReq('get-1');
    while (!message.toString('base64').includes('+')) message = pkcsReq('get-1');
    const response = await send(base, 'GET', `?operation=PKIOperation&message=${encode(message.toString('base64'))}`);
    expect(response.status).toBe(200);
    expect((await readCertRep(response.body, requester)).pkiStatus).toBe('0');
  });

  it('answers malformed requests with 400/405/413 and keeps serving', async () => {
    expect((await send(base, 'GET', '?operation=PKIOperation&message=%%%not-base64!')).status).toBe(400);
    expect((await send(base, 'GET', '?operation=PKIOperation&message=abcde')).status).toBe(400);
    expect((await send(base, 'GET', '?operation=PKIOperation')).status).toBe(400);
    const garbage = await send(base, 'POST', '?operation=PKIOperation', randomBytes(2048));
    expect(garbage.status).toBe(400);
    expect(garbage.type).toMatch(/^text\/plain/);
    expect((await send(base, 'POST', '?operation=PKIOperation', pkcsReq('t').subarray(0, 500))).status).toBe(400);
    expect((await send(base, 'GET', '?operation=Bogus')).status).toBe(400);
    expect((await send(base, 'PUT', '?operation=GetCACaps')).status).toBe(405);
    expect((await send(base, 'POST', '?operation=PKIOperation', randomBytes(MAX_BODY + 1))).status).toBe(413);
    expect(onIssued).not.toHaveBeenCalled();
    expect(store.size).toBe(0);
    expect((await send(base, 'GET', '?operation=GetCACaps')).status).toBe(200);
  });

  it('produces a CertRep that openssl can verify, decrypt and unpack', async () => {
    const response = await send(base, 'POST', '?operation=PKIOperation', pkcsReq('openssl-1'));
    await withTempDir(async (dir) => {
      await writeFile(join(dir, 'certrep.der'), response.body);
      await writeFile(join(dir, 'ca.pem'), ca.certificatePem);
      await writeFile(join(dir, 'self.pem'), forge.pki.certificateToPem(requester.certificate));
      await writeFile(join(dir, 'self.key'), requester.privateKeyPem);
      // The CA signs CertRep itself (no RA); its keyUsage is certSign/cRLSign, hence -purpose any.
      const verify = await run('openssl', ['cms', '-verify', '-inform', 'DER', '-in', 'certrep.der', '-CAfile', 'ca.pem', '-purpose', 'any', '-binary', '-out', 'env.der'], { cwd: dir });
      expect(verify.code, verify.stderr).toBe(0);
      const decrypt = await run('openssl', ['cms', '-decrypt', '-inform', 'DER', '-in', 'env.der', '-recip', 'self.pem', '-inkey', 'self.key', '-binary', '-out', 'certs.p7'], { cwd: dir });
      expect(decrypt.code, decrypt.stderr).toBe(0);
      const certs = await run('openssl', ['pkcs7', '-inform', 'DER', '-in', 'certs.p7', '-print_certs', '-out', 'issued.pem'], { cwd: dir });
      expect(certs.code, certs.stderr).toBe(0);
      const issued = await readFile(join(dir, 'issued.pem'), 'utf8');
      expect(certificateSummary(issued).serialNumber).toBe(certificateSummary(store.get('openssl-1') ?? '').serialNumber);
      const chain = await run('openssl', ['verify', '-CAfile', 'ca.pem', 'issued.pem'], { cwd: dir });
      expect(chain.stdout.trim()).toBe('issued.pem: OK');
    });
  });
});

describe('decodeBase64Message', () => {
  it('accepts standard, URL-safe, space-for-plus and unpadded base64', () => {
    const bytes = Buffer.from([0xfb, 0xff, 0xbf, 0x01, 0x02]);
    for (const form of ['+/+/AQI=', '-_-_AQI=', ' / /AQI=', '+/+/AQI']) expect(decodeBase64Message(form).equals(bytes)).toBe(true);
  });

  it('rejects non-base64 text', () => {
    for (const bad of ['a', 'abc$', 'ab==cd', '====']) expect(() => decodeBase64Message(bad)).toThrow(/base64/);
  });
});
