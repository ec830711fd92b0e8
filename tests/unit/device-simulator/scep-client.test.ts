import { X509Certificate } from 'node:crypto';
import forge from 'node-forge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrollWithScep, getCaCertificates, ScepFailure } from '../../support/device-simulator/scep-client';
import { CHALLENGE, startMdmTestBed, type MdmTestBed } from './fixtures/mdm-test-bed';

describe('SCEP client (RFC 8894) against a fake SCEP CA over HTTPS', () => {
  let bed: MdmTestBed;
  let url: string;

  beforeAll(async () => {
    bed = await startMdmTestBed();
    url = `${bed.server.url}/scep`;
  });
  afterAll(() => bed.stop());

  it('fetches the CA certificate with GetCACert', async () => {
    const [ca] = await getCaCertificates({ url, ca: [bed.ca.certificatePem] });
    expect(new X509Certificate(ca ?? '').fingerprint256).toBe(new X509Certificate(bed.ca.certificatePem).fingerprint256);
  });

  it('enrolls: CSR with the challenge and the profile subject, AES-256 envelope, POST, issued certificate for its own key', async () => {
    const enrollment = await enrollWithScep({ url, challenge: CHALLENGE, subject: [[['O', 'Café Ünïcode']], [['CN', 'Lanyard device (Anna’s iPhone ✓)']]], keyUsage: 5, ca: [bed.ca.certificatePem] });
    expect(enrollment.cipher).toBe('aes-256-cbc');
    expect(bed.scep.ciphersSeen.at(-1)).toBe(forge.pki.oids['aes256-CBC']);
    expect(bed.scep.methodsSeen.at(-1)).toBe('POST');
    const issued = new X509Certificate(enrollment.identity.certificatePem);
    expect(issued.subject).toContain('CN=Lanyard device (Anna’s iPhone ✓)');
    expect(issued.subject).toContain('O=Café Ünïcode');
    expect(issued.verify(new X509Certificate(bed.ca.certificatePem).publicKey)).toBe(true);
    expect(enrollment.transactionId).toMatch(/^[0-9a-f]{64}$/);
  });

  it('uses DES3 and GET when the CA advertises neither AES nor POSTPKIOperation', async () => {
    const saved = bed.scep.capabilities;
    bed.scep.capabilities = ['SHA-256', 'DES3'];
    try {
      const enrollment = await enrollWithScep({ url, challenge: CHALLENGE, subject: [[['CN', 'des3 device']]], ca: [bed.ca.certificatePem] });
      expect(enrollment.cipher).toBe('des-ede3-cbc');
      expect(bed.scep.ciphersSeen.at(-1)).toBe(forge.pki.oids['des-EDE3-CBC']);
      expect(bed.scep.methodsSeen.at(-1)).toBe('GET');
    } finally {
      bed.scep.capabilities = saved;
    }
  });

  it('throws ScepFailure with failInfo badRequest when the challenge is wrong', async () => {
    const failure = await enrollWithScep({ url, challenge: 'wrong', subject: [[['CN', 'x']]], ca: [bed.ca.certificatePem] }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ScepFailure);
    expect(failure).toMatchObject({ pkiStatus: 'FAILURE', failInfo: 'badRequest' });
  });

  it('refuses a server whose TLS certificate does not chain to the given CA', async () => {
    const other = (await import('./fixtures/test-pki')).createTestCa('Other');
    await expect(getCaCertificates({ url, ca: [other.certificatePem] })).rejects.toThrow();
  });
});
