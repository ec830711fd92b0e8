import forge from 'node-forge';
import { fastSigningKey } from './native-signing-key';
import { fromForgeBytes, reencodableIssuer, toForgeBytes } from './pem';

export interface SigningIdentity {
  certificatePem: string;
  privateKeyPem: string;
}

/**
 * The `Mdm-Signature` header value: base64 of a DER CMS SignedData, detached, over the
 * exact body bytes, SHA-256, signed with the identity key, signer certificate included.
 */
export function signMdmMessage(body: Buffer, signer: SigningIdentity): string {
  const certificate = parsedCertificate(signer.certificatePem);
  const signedData = forge.pkcs7.createSignedData();
  signedData.content = forge.util.createBuffer(toForgeBytes(body));
  signedData.addCertificate(certificate);
  signedData.addSigner({
    key: fastSigningKey(signer.privateKeyPem),
    issuer: reencodableIssuer(certificate),
    serialNumber: certificate.serialNumber,
    digestAlgorithm: forge.pki.oids.sha256,
    authenticatedAttributes: [
      { type: forge.pki.oids.contentType, value: forge.pki.oids.data },
      { type: forge.pki.oids.messageDigest },
      { type: forge.pki.oids.signingTime, value: new Date() },
    ],
  } as unknown as Parameters<typeof signedData.addSigner>[0]);
  signedData.sign({ detached: true });
  return fromForgeBytes(forge.asn1.toDer(signedData.toAsn1()).getBytes()).toString('base64');
}

/** Parsed certificates by PEM: forge parses in JavaScript, and a device signs every message with the same one. */
const certificates = new Map<string, forge.pki.Certificate>();
function parsedCertificate(pem: string): forge.pki.Certificate {
  let certificate = certificates.get(pem);
  if (!certificate) {
    certificate = forge.pki.certificateFromPem(pem);
    certificates.set(pem, certificate);
  }
  return certificate;
}
