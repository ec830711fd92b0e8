import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CertificateCache } from '../../../electron/core/pki/certificate-cache';
import { createOfficeCa, issueTlsServerCertificate } from '../../../electron/core/pki/certificates';
import { pemToDer } from '../../../electron/core/pki/pem';

const ca = createOfficeCa({ organization: 'Cache Office' });
const ders = ['a.lan', 'b.lan', 'c.lan'].map((host) => pemToDer(issueTlsServerCertificate(ca, { hosts: [host] }).certificatePem));

describe('certificate cache', () => {
  it('parses a certificate once and hands the same object back for the same DER', () => {
    const cache = new CertificateCache(10);
    const first = cache.parse(ders[0]!);
    expect(first).toBeInstanceOf(X509Certificate);
    expect(first.subjectAltName).toContain('a.lan');
    expect(cache.parse(Buffer.from(ders[0]!))).toBe(first);
    expect(cache.parse(ders[1]!)).not.toBe(first);
  });

  it('keeps at most its limit, dropping the least recently used', () => {
    const cache = new CertificateCache(2);
    const a = cache.parse(ders[0]!);
    const b = cache.parse(ders[1]!);
    expect(cache.parse(ders[0]!)).toBe(a); // a is now the most recent
    cache.parse(ders[2]!); // evicts b
    expect(cache.size).toBe(2);
    expect(cache.parse(ders[0]!)).toBe(a);
    expect(cache.parse(ders[1]!)).not.toBe(b);
  });

  it('refuses bytes that are not a certificate, caching nothing', () => {
    const cache = new CertificateCache();
    expect(() => cache.parse(Buffer.from('not a certificate'))).toThrow();
    expect(cache.size).toBe(0);
  });
});
