import { createHash, X509Certificate } from 'node:crypto';

/**
 * Parsed certificates by the SHA-256 of their DER, least recently used
 * dropped first. A device sends its identity certificate with every signed
 * request, and OpenSSL takes about a millisecond to parse one, ten times the
 * cost of the signature check itself; hashing the DER takes microseconds.
 */
export class CertificateCache {
  private readonly entries = new Map<string, X509Certificate>();

  constructor(private readonly limit = 4_096) {}

  parse(der: Buffer): X509Certificate {
    const key = createHash('sha256').update(der).digest('base64');
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const certificate = new X509Certificate(der);
    this.entries.set(key, certificate);
    if (this.entries.size > this.limit) this.entries.delete(this.entries.keys().next().value!);
    return certificate;
  }

  get size(): number {
    return this.entries.size;
  }
}
