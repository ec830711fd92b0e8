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
  const certificate = forge.pki.certificateFromPem(signer.certificatePem);
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
