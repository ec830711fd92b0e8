import forge from 'node-forge';
import { attributeText, formatName } from '../distinguished-name';
import { forgeBytes } from '../pem';

export interface CertificateRequest {
  subject: forge.pki.CertificateField[];
  subjectText: string;
  publicKey: forge.pki.rsa.PublicKey;
  challengePassword: string | null;
}

/** Parses a PKCS#10 request and checks its self-signature (proof of possession). RSA keys only. */
export function readCertificateRequest(der: Buffer): CertificateRequest {
  let csr: forge.pki.CertificateSigningRequest;
  try {
    csr = forge.pki.certificationRequestFromAsn1(forge.asn1.fromDer(forgeBytes(der)));
  } catch (error) {
    throw new Error(`not a PKCS#10 request: ${(error as Error).message}`);
  }
  let valid = false;
  try {
    valid = csr.verify();
  } catch {
    valid = false;
  }
  if (!valid) throw new Error('CSR signature does not verify');
  const challenge = csr.getAttribute({ name: 'challengePassword' }) as forge.pki.CertificateField | null;
  return {
    subject: csr.subject.attributes,
    subjectText: formatName(csr.subject.attributes), // also rejects undecodable (e.g. invalid UTF-8) names
    publicKey: csr.publicKey as forge.pki.rsa.PublicKey,
    challengePassword: challenge ? attributeText(challenge) : null,
  };
}
