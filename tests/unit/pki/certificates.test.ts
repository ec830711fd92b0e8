import { X509Certificate, createHash } from 'node:crypto';
import forge from 'node-forge';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  certificateSummary,
  createOfficeCa,
  issueDeviceCertificate,
  issueProfileSigningCertificate,
  issueTlsServerCertificate,
  keyMatchesCertificate,
  sha256Fingerprint,
  type CertKeyPem,
} from '../../../electron/core/pki/certificates';
import { ipAddressBytes } from '../../../electron/core/pki/ip-address';

const ORGANIZATION = 'Café Ünïcode ✓';

function extension(certPem: string, name: string): Record<string, unknown> | undefined {
  return forge.pki.certificateFromPem(certPem).getExtension(name) as Record<string, unknown> | undefined;
}

describe('office CA', () => {
  let ca: CertKeyPem;
  beforeAll(() => {
    ca = createOfficeCa({ organization: ORGANIZATION });
  });

  it('is a self-signed CA with critical basicConstraints and keyUsage', () => {
    const x509 = new X509Certificate(ca.certificatePem);
    expect(x509.ca).toBe(true);
    expect(x509.verify(x509.publicKey)).toBe(true);
    expect(extension(ca.certificatePem, 'basicConstraints')).toMatchObject({ cA: true, critical: true });
    expect(extension(ca.certificatePem, 'keyUsage')).toMatchObject({ keyCertSign: true, cRLSign: true, critical: true });
    expect(extension(ca.certificatePem, 'subjectKeyIdentifier')).toBeDefined();
    const key = x509.publicKey.asymmetricKeyDetails;
    expect(key?.modulusLength).toBeGreaterThanOrEqual(2048);
  });

  it('keeps a UTF-8 organization name intact', () => {
    expect(new X509Certificate(ca.certificatePem).subject).toContain(`O=${ORGANIZATION}`);
    expect(certificateSummary(ca.certificatePem).subject).toBe(`O=${ORGANIZATION}, CN=${ORGANIZATION} Root CA`);
  });

  it('uses a positive 16-byte random serial', () => {
    const serial = certificateSummary(ca.certificatePem).serialNumber;
    expect(serial).toMatch(/^[4-7][0-9A-F]{31}$/);
    expect(certificateSummary(createOfficeCa({ organization: 'x' }).certificatePem).serialNumber).not.toBe(serial);
  });

  it('honours commonName and validityYears', () => {
    const other = createOfficeCa({ organization: 'Acme', commonName: 'Acme Office CA', validityYears: 2 });
    const summary = certificateSummary(other.certificatePem);
    expect(summary.subject).toBe('O=Acme, CN=Acme Office CA');
    const years = (Date.parse(summary.notAfter) - Date.parse(summary.notBefore)) / (365 * 86_400_000);
    expect(years).toBeGreaterThan(1.99);
    expect(years).toBeLessThan(2.01);
  });

  it('matches its own key and not a foreign one', () => {
    expect(keyMatchesCertificate(ca.certificatePem, ca.privateKeyPem)).toBe(true);
    const other = createOfficeCa({ organization: 'Other' });
    expect(keyMatchesCertificate(ca.certificatePem, other.privateKeyPem)).toBe(false);
    expect(keyMatchesCertificate(ca.certificatePem, 'not a key')).toBe(false);
  });

  it('formats the SHA-256 fingerprint as colon-separated uppercase hex', () => {
    const fingerprint = sha256Fingerprint(ca.certificatePem);
    expect(fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(fingerprint).toBe(new X509Certificate(ca.certificatePem).fingerprint256);
    const der = new X509Certificate(ca.certificatePem).raw;
    expect(fingerprint.replaceAll(':', '')).toBe(createHash('sha256').update(der).digest('hex').toUpperCase());
    expect(certificateSummary(ca.certificatePem).sha256).toBe(fingerprint);
  });

  describe('TLS server certificate', () => {
    it('has SANs for every host plus localhost and 127.0.0.1, serverAuth and an AKI', () => {
      const tls = issueTlsServerCertificate(ca, { hosts: ['lanyard.local', '192.168.1.20', 'fe80::1', '2001:db8::ffff:10.0.0.1'] });
      const x509 = new X509Certificate(tls.certificatePem);
      expect(x509.subjectAltName?.split(', ')).toEqual([
        'DNS:lanyard.local',
        'IP Address:192.168.1.20',
        'IP Address:FE80:0:0:0:0:0:0:1',
        'IP Address:2001:DB8:0:0:0:FFFF:A00:1',
        'DNS:localhost',
        'IP Address:127.0.0.1',
      ]);
      expect(x509.subject).toBe('CN=lanyard.local');
      expect(x509.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']);
      expect(x509.ca).toBe(false);
      expect(x509.checkIssued(new X509Certificate(ca.certificatePem))).toBe(true);
      expect(x509.verify(new X509Certificate(ca.certificatePem).publicKey)).toBe(true);
      expect(x509.issuer).toContain(`O=${ORGANIZATION}`);
      const aki = extension(tls.certificatePem, 'authorityKeyIdentifier');
      const caSki = extension(ca.certificatePem, 'subjectKeyIdentifier') as { subjectKeyIdentifier: string };
      expect(aki).toBeDefined();
      expect(forge.util.bytesToHex(String((aki as { value: string }).value))).toContain(caSki.subjectKeyIdentifier);
      expect(keyMatchesCertificate(tls.certificatePem, tls.privateKeyPem)).toBe(true);
      const days = (Date.parse(x509.validTo) - Date.parse(x509.validFrom)) / 86_400_000;
      expect(days).toBeLessThan(398);
    });

    it('defaults to localhost when no host is given and does not duplicate SANs', () => {
      const x509 = new X509Certificate(issueTlsServerCertificate(ca, { hosts: ['127.0.0.1', 'localhost'] }).certificatePem);
      expect(x509.subject).toBe('CN=127.0.0.1');
      expect(x509.subjectAltName).toBe('IP Address:127.0.0.1, DNS:localhost');
      expect(new X509Certificate(issueTlsServerCertificate(ca, { hosts: [] }).certificatePem).subject).toBe('CN=localhost');
    });
  });

  it('issues a profile signing certificate usable for S/MIME-style signatures only', () => {
    const signer = issueProfileSigningCertificate(ca, { organization: ORGANIZATION, validityDays: 365 });
    const x509 = new X509Certificate(signer.certificatePem);
    expect(x509.keyUsage).toEqual(['1.3.6.1.5.5.7.3.4', '1.3.6.1.5.5.7.3.3']);
    expect(extension(signer.certificatePem, 'keyUsage')).toMatchObject({ digitalSignature: true, keyCertSign: false });
    expect(x509.subject).toContain(`O=${ORGANIZATION}`);
    expect(x509.verify(new X509Certificate(ca.certificatePem).publicKey)).toBe(true);
    expect(keyMatchesCertificate(signer.certificatePem, signer.privateKeyPem)).toBe(true);
  });

  it('issues a device certificate for a CSR subject (UTF-8 kept) with clientAuth', () => {
    const keys = forge.pki.rsa.generateKeyPair({ bits: 2048 });
    const csr = forge.pki.createCertificationRequest();
    csr.publicKey = keys.publicKey;
    csr.setSubject([{ name: 'commonName', value: 'Jürgen’s iPhone', valueTagClass: forge.asn1.Type.UTF8 as never }, { name: 'countryName', value: 'US' }]);
    csr.sign(keys.privateKey, forge.md.sha256.create());
    const parsed = forge.pki.certificationRequestFromPem(forge.pki.certificationRequestToPem(csr));
    const cert = issueDeviceCertificate(ca, { publicKey: parsed.publicKey as forge.pki.PublicKey, subject: parsed.subject.attributes, validityDays: 30 });
    const pem = forge.pki.certificateToPem(cert);
    const x509 = new X509Certificate(pem);
    expect(x509.subject).toBe('CN=Jürgen’s iPhone\nC=US');
    expect(x509.keyUsage).toEqual(['1.3.6.1.5.5.7.3.2']);
    expect(extension(pem, 'keyUsage')).toMatchObject({ digitalSignature: true, keyEncipherment: true });
    expect(x509.verify(new X509Certificate(ca.certificatePem).publicKey)).toBe(true);
    expect(keyMatchesCertificate(pem, forge.pki.privateKeyToPem(keys.privateKey))).toBe(true);
  });
});

describe('ipAddressBytes', () => {
  it('encodes IPv4, IPv6 and rejects host names', () => {
    const hex = (host: string) => Buffer.from(ipAddressBytes(host) ?? '', 'binary').toString('hex');
    expect(hex('10.0.0.1')).toBe('0a000001');
    expect(hex('::1')).toBe('00000000000000000000000000000001');
    expect(hex('[fe80::1:2]')).toBe('fe800000000000000000000000010002');
    expect(hex('::ffff:1.2.3.4')).toBe('00000000000000000000ffff01020304');
    expect(ipAddressBytes('example.com')).toBeNull();
    expect(ipAddressBytes('1.2.3')).toBeNull();
  });
});
