import { createHash, sign } from 'node:crypto';
import { CmsOid } from './constants';
import { algorithm, explicit, integer, issuerAndSerialNumber, octetString, oid, readElement, sequence, setOf, tlv, utcTime } from '../der';

export interface SignedAttribute {
  type: string;
  /** DER of the single attribute value. */
  value: Buffer;
}

export interface SignedDataInput {
  /** Encapsulated (attached) as id-data. */
  content: Buffer;
  signerCertificateDer: Buffer;
  signerPrivateKeyPem: string;
  /** Certificates to embed; the signer's certificate is always embedded first. */
  extraCertificatesDer?: Buffer[];
  /** SCEP attributes; contentType, messageDigest and signingTime are added here. */
  attributes: SignedAttribute[];
}

/** CMS SignedData (RFC 5652) in DER, SHA-256 with RSA PKCS#1 v1.5, one signer identified by issuer+serial. */
export function buildSignedData(input: SignedDataInput): Buffer {
  const digest = createHash('sha256').update(input.content).digest();
  const attributes = [
    { type: CmsOid.contentType, value: oid(CmsOid.data) },
    { type: CmsOid.signingTime, value: utcTime(new Date()) },
    { type: CmsOid.messageDigest, value: octetString(digest) },
    ...input.attributes,
  ].map((attribute) => sequence(oid(attribute.type), setOf(attribute.value)));
  const signedAttributes = setOf(...attributes);
  const signature = sign('sha256', signedAttributes, input.signerPrivateKeyPem);
  const signerInfo = sequence(
    integer(1),
    issuerAndSerialNumber(input.signerCertificateDer),
    algorithm(CmsOid.sha256),
    // signedAttrs is [0] IMPLICIT: same content, context tag instead of SET.
    tlv(0xa0, readElement(signedAttributes).content),
    algorithm(CmsOid.rsaEncryption),
    octetString(signature),
  );
  const certificates = [input.signerCertificateDer, ...(input.extraCertificatesDer ?? [])];
  const signedData = sequence(
    integer(1),
    setOf(algorithm(CmsOid.sha256)),
    sequence(oid(CmsOid.data), explicit(0, octetString(input.content))),
    tlv(0xa0, ...certificates),
    setOf(signerInfo),
  );
  return contentInfo(CmsOid.signedData, signedData);
}

/** A certs-only ("degenerate") SignedData, the RFC 8894 container for issued certificates. */
export function buildCertificatesOnly(certificatesDer: Buffer[]): Buffer {
  const signedData = sequence(integer(1), setOf(), sequence(oid(CmsOid.data)), tlv(0xa0, ...certificatesDer), setOf());
  return contentInfo(CmsOid.signedData, signedData);
}

export function contentInfo(contentType: string, content: Buffer): Buffer {
  return sequence(oid(contentType), explicit(0, content));
}

