import { randomBytes, X509Certificate } from 'node:crypto';
import forge from 'node-forge';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createOfficeCa, sha256Fingerprint, type CertKeyPem } from '../../../electron/core/pki/certificates';
import { pemToDer } from '../../../electron/core/pki/pem';
import { ScepService, type ScepChallengeCheck, type ScepServiceOptions } from '../../../electron/core/pki/scep';
import { buildCsrDer, buildPkcsReq, createRequester, readCertRep, type ScepRequester } from '../../support/scep-test-client';

const SECRET = 'correct horse';

function memoryStore() {
  const map = new Map<string, string>();
  return { map, get: async (id: string) => map.get(id), put: async (id: string, pem: string) => void map.set(id, pem) };
}

function serviceOptions(ca: CertKeyPem, transactions: ScepServiceOptions['transactions']) {
  return {
    ca,
    validityDays: 365,
    transactions,
    checkChallenge: vi.fn<ScepChallengeCheck>(async (challenge) =>
      challenge === SECRET ? { ok: true, invitationId: 'inv-1' } : { ok: false, reason: 'unknown challenge' },
    ),
    onIssued: vi.fn<NonNullable<ScepServiceOptions['onIssued']>>(async () => undefined),
    onRejected: vi.fn<NonNullable<ScepServiceOptions['onRejected']>>(async () => undefined),
    onError: vi.fn<(error: unknown) => void>(),
  };
}

describe('ScepService', () => {
  let ca: CertKeyPem;
  let requester: ScepRequester;
  let store: ReturnType<typeof memoryStore>;
  let options: ReturnType<typeof serviceOptions>;
  let service: ScepService;

  beforeAll(() => {
    ca = createOfficeCa({ organization: 'Café Ünïcode ✓' });
    requester = createRequester('requester');
  });

  beforeEach(() => {
    store = memoryStore();
    options = serviceOptions(ca, store);
    service = new ScepService(options);
  });

  const pkiOperation = (message: Buffer | null, method: 'GET' | 'POST' = 'POST') =>
    service.handle({ method, operation: 'PKIOperation', message });

  const enrollRequest = (overrides: Partial<Parameters<typeof buildPkcsReq>[0]> = {}, challenge: string | null = SECRET) =>
    buildPkcsReq({
      requester,
      caCertificatePem: ca.certificatePem,
      csrDer: buildCsrDer(requester, { commonName: 'dev1', challenge: challenge ?? undefined }),
      transactionId: 'tx-1',
      ...overrides,
    });

  it('advertises its capabilities', async () => {
    const response = await service.handle({ method: 'GET', operation: 'GetCACaps', message: null });
    expect(response.status).toBe(200);
    expect(response.contentType).toMatch(/^text\/plain/);
    expect(response.body.toString().trim().split('\n')).toEqual(['POSTPKIOperation', 'SHA-256', 'SHA-1', 'AES', 'DES3', 'SCEPStandard']);
  });

  it('returns the CA certificate as DER', async () => {
    const response = await service.handle({ method: 'GET', operation: 'GetCACert', message: null });
    expect(response).toMatchObject({ status: 200, contentType: 'application/x-x509-ca-cert' });
    expect(response.body.equals(pemToDer(ca.certificatePem))).toBe(true);
  });

  it('answers unknown or missing operations with 400', async () => {
    expect((await service.handle({ method: 'GET', operation: 'GetNextCACert', message: null })).status).toBe(400);
    expect((await service.handle({ method: 'GET', operation: null, message: null })).status).toBe(400);
  });

  it.each(['aes-256-cbc', 'aes-128-cbc', 'des-ede3-cbc'] as const)('enrolls a PKCSReq encrypted with %s', async (cipher) => {
    const senderNonce = randomBytes(16);
    const response = await pkiOperation(enrollRequest({ senderNonce, cipher }));
    expect(response).toMatchObject({ status: 200, contentType: 'application/x-pki-message' });
    const reply = await readCertRep(response.body, requester);
    expect(reply).toMatchObject({ messageType: '3', pkiStatus: '0', failInfo: undefined, transactionId: 'tx-1' });
    expect(reply.recipientNonce.equals(senderNonce)).toBe(true);
    expect(reply.senderNonce).toHaveLength(16);
    expect(reply.senderNonce.equals(senderNonce)).toBe(false);
    expect(sha256Fingerprint(reply.signerCertificatePem)).toBe(sha256Fingerprint(ca.certificatePem));

    const issued = new X509Certificate(reply.certificatePem ?? '');
    expect(issued.verify(new X509Certificate(ca.certificatePem).publicKey)).toBe(true);
    expect(issued.subject).toBe('CN=dev1\nO=Test Devices');
    expect(issued.issuer).toContain('O=Café Ünïcode ✓');
    expect(issued.publicKey.export({ type: 'spki', format: 'pem' })).toBe(forge.pki.publicKeyToPem(requester.publicKey).replace(/\r\n/g, '\n'));
    expect(issued.keyUsage).toEqual(['1.3.6.1.5.5.7.3.2']);

    expect(options.checkChallenge).toHaveBeenCalledWith(SECRET, { subject: 'CN=dev1, O=Test Devices', transactionId: 'tx-1' });
    expect(options.onIssued).toHaveBeenCalledWith({ invitationId: 'inv-1', certificatePem: reply.certificatePem, subject: 'CN=dev1, O=Test Devices', transactionId: 'tx-1' });
    expect(store.map.get('tx-1')).toBe(reply.certificatePem);
    expect(options.onRejected).not.toHaveBeenCalled();
  });

  it('accepts the same message via GET', async () => {
    const reply = await readCertRep((await pkiOperation(enrollRequest(), 'GET')).body, requester);
    expect(reply.pkiStatus).toBe('0');
  });

  it('refuses a wrong challenge with FAILURE/badRequest and issues nothing', async () => {
    const response = await pkiOperation(enrollRequest({}, 'wrong'));
    expect(response.status).toBe(200);
    const reply = await readCertRep(response.body, requester);
    expect(reply).toMatchObject({ messageType: '3', pkiStatus: '2', failInfo: '2', transactionId: 'tx-1', certificatePem: undefined });
    expect(options.onRejected).toHaveBeenCalledWith({ reason: 'unknown challenge', transactionId: 'tx-1' });
    expect(options.onIssued).not.toHaveBeenCalled();
    expect(store.map.size).toBe(0);
  });

  it('refuses a CSR without a challengePassword without asking the checker', async () => {
    const reply = await readCertRep((await pkiOperation(enrollRequest({}, null))).body, requester);
    expect(reply).toMatchObject({ pkiStatus: '2', failInfo: '2' });
    expect(options.checkChallenge).not.toHaveBeenCalled();
    expect(store.map.size).toBe(0);
  });

  it('refuses RenewalReq, which it does not implement', async () => {
    const reply = await readCertRep((await pkiOperation(enrollRequest({ messageType: '17' }))).body, requester);
    expect(reply).toMatchObject({ messageType: '3', pkiStatus: '2', failInfo: '2' });
    expect(options.onRejected).toHaveBeenCalledWith({ reason: 'messageType 17 is not supported', transactionId: 'tx-1' });
    expect(store.map.size).toBe(0);
  });

  it('answers a retried transaction with the same certificate, without a second issuance', async () => {
    const first = await readCertRep((await pkiOperation(enrollRequest())).body, requester);
    const retryNonce = randomBytes(16);
    const second = await readCertRep((await pkiOperation(enrollRequest({ senderNonce: retryNonce }, 'no longer valid'))).body, requester);
    expect(second.pkiStatus).toBe('0');
    expect(second.certificatePem).toBe(first.certificatePem);
    expect(second.recipientNonce.equals(retryNonce)).toBe(true);
    expect(options.checkChallenge).toHaveBeenCalledTimes(1);
    expect(options.onIssued).toHaveBeenCalledTimes(1);
  });

  it('does not hand a transaction certificate to a different key', async () => {
    await pkiOperation(enrollRequest());
    const intruder = createRequester('intruder');
    const request = buildPkcsReq({
      requester: intruder,
      caCertificatePem: ca.certificatePem,
      csrDer: buildCsrDer(intruder, { commonName: 'dev1', challenge: SECRET }),
      transactionId: 'tx-1',
    });
    const reply = await readCertRep((await pkiOperation(request)).body, intruder);
    expect(reply).toMatchObject({ pkiStatus: '2', failInfo: '2', certificatePem: undefined });
    expect(options.onIssued).toHaveBeenCalledTimes(1);
  });

  it('issues once when the same transaction arrives twice at the same time', async () => {
    const [a, b] = await Promise.all([pkiOperation(enrollRequest()), pkiOperation(enrollRequest())]);
    const [first, second] = await Promise.all([readCertRep(a.body, requester), readCertRep(b.body, requester)]);
    expect(first.certificatePem).toBeDefined();
    expect(second.certificatePem).toBe(first.certificatePem);
    expect(options.onIssued).toHaveBeenCalledTimes(1);
  });

  describe('malformed PKIOperation messages get 400 and issue nothing', () => {
    const cases: [string, () => Buffer | null][] = [
      ['no message', () => null],
      ['empty body', () => Buffer.alloc(0)],
      ['random bytes', () => randomBytes(700)],
      ['a truncated valid message', () => enrollRequest().subarray(0, 900)],
      ['a CSR with a broken signature', () =>
        buildPkcsReq({
          requester,
          caCertificatePem: ca.certificatePem,
          csrDer: buildCsrDer(requester, { commonName: 'dev1', challenge: SECRET, breakSignature: true }),
          transactionId: 'tx-1',
        })],
      ['a tampered pkiMessage signature', () => {
        const der = enrollRequest();
        der[der.length - 3] = (der[der.length - 3] ?? 0) ^ 0x55;
        return der;
      }],
      ['an envelope for another CA', () =>
        buildPkcsReq({
          requester,
          caCertificatePem: createOfficeCa({ organization: 'Elsewhere' }).certificatePem,
          csrDer: buildCsrDer(requester, { commonName: 'dev1', challenge: SECRET }),
          transactionId: 'tx-1',
        })],
      ['an envelope whose content is not a CSR', () =>
        buildPkcsReq({ requester, caCertificatePem: ca.certificatePem, csrDer: Buffer.from('not a csr'), transactionId: 'tx-1' })],
    ];

    it.each(cases)('%s', async (_name, message) => {
      const response = await pkiOperation(message());
      expect(response.status).toBe(400);
      expect(response.contentType).toMatch(/^text\/plain/);
      expect(response.body.toString().length).toBeGreaterThan(0);
      expect(options.onIssued).not.toHaveBeenCalled();
      expect(options.checkChallenge).not.toHaveBeenCalled();
      expect(options.onRejected).toHaveBeenCalledTimes(1);
      expect(options.onError).not.toHaveBeenCalled();
      expect(store.map.size).toBe(0);
    });
  });

  it('reports store failures as 500 via onError', async () => {
    store.put = async () => {
      throw new Error('disk full');
    };
    const response = await pkiOperation(enrollRequest());
    expect(response.status).toBe(500);
    expect(options.onError).toHaveBeenCalledWith(expect.objectContaining({ message: 'disk full' }));
  });

  it('keeps answering 400 when the rejection listener throws', async () => {
    options.onRejected.mockRejectedValue(new Error('listener broke'));
    expect((await pkiOperation(randomBytes(64))).status).toBe(400);
  });
});
