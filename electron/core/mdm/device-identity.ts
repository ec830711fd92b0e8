import { createHash, X509Certificate } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { CertificateCache } from '../pki/certificate-cache';
import { verifyDetachedSignature } from '../pki/detached-signature';
import { DeviceRequestError } from './protocol-messages';

export interface DeviceIdentity {
  certificatePem: string;
  /** SHA-256 of the certificate's DER, as bound to the enrollment. */
  sha256: string;
}

/**
 * Finds out which identity certificate sent a request: the Mdm-Signature
 * header (a detached CMS signature over the exact body) or, failing that, a
 * TLS client certificate; either must be issued by the office CA.
 */
export class DeviceIdentityVerifier {
  private ca: { pem: string; certificate: X509Certificate } | null = null;
  private readonly certificates = new CertificateCache();
  /** What each parsed certificate came to: its identity, and the office CA it was checked against. */
  private readonly checked = new WeakMap<X509Certificate, { identity: DeviceIdentity; caPem: string }>();

  constructor(private readonly officeCaPem: () => string) {}

  identify(request: IncomingMessage, body: Buffer, now = new Date()): DeviceIdentity {
    const header = request.headers['mdm-signature'];
    let certificate: X509Certificate;
    if (typeof header === 'string' && header.trim()) {
      const signature = Buffer.from(header.replace(/\s+/g, ''), 'base64');
      if (signature.length === 0) throw new DeviceRequestError('Mdm-Signature is not base64');
      try {
        certificate = verifyDetachedSignature(signature, body, (der) => this.certificates.parse(der)).signerCertificate;
      } catch (error) {
        throw new DeviceRequestError(`Mdm-Signature does not verify: ${(error as Error).message}`);
      }
    } else {
      const peer = (request.socket as Partial<TLSSocket>).getPeerCertificate?.(false);
      if (!peer || !peer.raw) throw new DeviceRequestError('the request is neither signed (Mdm-Signature) nor made with a client certificate');
      certificate = this.certificates.parse(peer.raw);
    }
    return this.checkIssuedByOffice(certificate, now);
  }

  private checkIssuedByOffice(certificate: X509Certificate, now: Date): DeviceIdentity {
    const pem = this.officeCaPem();
    if (this.ca?.pem !== pem) this.ca = { pem, certificate: new X509Certificate(pem) };
    const ca = this.ca.certificate;
    let checked = this.checked.get(certificate);
    if (checked?.caPem !== pem) {
      if (!certificate.checkIssued(ca) || !certificate.verify(ca.publicKey)) {
        throw new DeviceRequestError(`the identity certificate (${certificate.subject.replace(/\n/g, ', ')}) was not issued by the office CA`);
      }
      checked = { identity: { certificatePem: certificate.toString(), sha256: createHash('sha256').update(certificate.raw).digest('hex') }, caPem: pem };
      this.checked.set(certificate, checked);
    }
    // Validity is checked on every request: a cached certificate still expires.
    if (new Date(certificate.validFrom) > now || new Date(certificate.validTo) < now) {
      throw new DeviceRequestError(`the identity certificate is not valid now (valid ${certificate.validFrom} to ${certificate.validTo})`);
    }
    return checked.identity;
  }
}
