import { createHash, X509Certificate } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
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

  constructor(private readonly officeCaPem: () => string) {}

  identify(request: IncomingMessage, body: Buffer, now = new Date()): DeviceIdentity {
    const header = request.headers['mdm-signature'];
    let certificate: X509Certificate;
    if (typeof header === 'string' && header.trim()) {
      const signature = Buffer.from(header.replace(/\s+/g, ''), 'base64');
      if (signature.length === 0) throw new DeviceRequestError('Mdm-Signature is not base64');
      try {
        certificate = verifyDetachedSignature(signature, body).signerCertificate;
      } catch (error) {
        throw new DeviceRequestError(`Mdm-Signature does not verify: ${(error as Error).message}`);
      }
    } else {
      const peer = (request.socket as Partial<TLSSocket>).getPeerCertificate?.(false);
      if (!peer || !peer.raw) throw new DeviceRequestError('the request is neither signed (Mdm-Signature) nor made with a client certificate');
      certificate = new X509Certificate(peer.raw);
    }
    this.checkIssuedByOffice(certificate, now);
    return { certificatePem: certificate.toString(), sha256: createHash('sha256').update(certificate.raw).digest('hex') };
  }

  private checkIssuedByOffice(certificate: X509Certificate, now: Date): void {
    const pem = this.officeCaPem();
    if (this.ca?.pem !== pem) this.ca = { pem, certificate: new X509Certificate(pem) };
    const ca = this.ca.certificate;
    if (!certificate.checkIssued(ca) || !certificate.verify(ca.publicKey)) {
      throw new DeviceRequestError(`the identity certificate (${certificate.subject.replace(/\n/g, ', ')}) was not issued by the office CA`);
    }
    if (new Date(certificate.validFrom) > now || new Date(certificate.validTo) < now) {
      throw new DeviceRequestError(`the identity certificate is not valid now (valid ${certificate.validFrom} to ${certificate.validTo})`);
    }
  }
}
