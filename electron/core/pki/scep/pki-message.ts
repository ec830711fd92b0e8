import * as asn1js from 'asn1js';
import type * as pkijs from 'pkijs';
import { certificateDer, octetStringBytes, parseSignedData } from '../pkijs-engine';
import { CmsOid, ScepOid } from './constants';

/** A request the client got wrong: answered with HTTP 400, never with a certificate. */
export class ScepBadRequest extends Error {
  constructor(
    message: string,
    readonly transactionId?: string,
  ) {
    super(message);
    this.name = 'ScepBadRequest';
  }
}

/** The signed, still-encrypted part of a client pkiMessage (RFC 8894 section 3.2). */
export interface PkiRequest {
  messageType: string;
  transactionId: string;
  senderNonce: Buffer;
  signerCertificateDer: Buffer;
  /** The pkcsPKIEnvelope: a ContentInfo holding EnvelopedData. */
  envelope: Buffer;
}

const TRANSACTION_ID = /^[\x20-\x7e]{1,256}$/;

/** Parses a pkiMessage and verifies its signature against the signer certificate it carries. */
export async function readPkiRequest(der: Buffer): Promise<PkiRequest> {
  let signedData: pkijs.SignedData;
  try {
    signedData = parseSignedData(der);
  } catch (error) {
    throw new ScepBadRequest(`pkiMessage is not a CMS SignedData: ${(error as Error).message}`);
  }
  const signerInfo = signedData.signerInfos[0];
  if (signedData.signerInfos.length !== 1 || !signerInfo?.signedAttrs) {
    throw new ScepBadRequest('pkiMessage must have exactly one signer with signed attributes');
  }
  const attributes = signerInfo.signedAttrs.attributes;
  const transactionId = stringAttribute(attributes, ScepOid.transactionId);
  if (!TRANSACTION_ID.test(transactionId)) throw new ScepBadRequest('transactionID is not a printable string');
  const messageType = stringAttribute(attributes, ScepOid.messageType);
  const senderNonce = bytesAttribute(attributes, ScepOid.senderNonce);
  if (senderNonce.length === 0) throw new ScepBadRequest('senderNonce is empty', transactionId);

  const signer = await verifiedSigner(signedData, transactionId);
  if (signer.subjectPublicKeyInfo.algorithm.algorithmId !== CmsOid.rsaEncryption) {
    throw new ScepBadRequest('the signer certificate must hold an RSA key', transactionId);
  }
  const eContent = signedData.encapContentInfo.eContent;
  if (signedData.encapContentInfo.eContentType !== CmsOid.data || !eContent) {
    throw new ScepBadRequest('pkiMessage carries no pkcsPKIEnvelope', transactionId);
  }
  return { messageType, transactionId, senderNonce, signerCertificateDer: certificateDer(signer), envelope: octetStringBytes(eContent) };
}

async function verifiedSigner(signedData: pkijs.SignedData, transactionId: string): Promise<pkijs.Certificate> {
  try {
    const result = await signedData.verify({ signer: 0, checkChain: false, extendedMode: true });
    if (result.signatureVerified && result.signerCertificate) return result.signerCertificate;
  } catch {
    // reported below
  }
  throw new ScepBadRequest('pkiMessage signature does not verify', transactionId);
}

function attributeValue(attributes: pkijs.Attribute[], type: string): unknown {
  const attribute = attributes.find((candidate) => candidate.type === type);
  if (!attribute || attribute.values.length !== 1) throw new ScepBadRequest(`signed attribute ${type} is missing`);
  return attribute.values[0];
}

function stringAttribute(attributes: pkijs.Attribute[], type: string): string {
  const value = attributeValue(attributes, type);
  if (value instanceof asn1js.PrintableString || value instanceof asn1js.Utf8String || value instanceof asn1js.IA5String) {
    return value.getValue();
  }
  throw new ScepBadRequest(`signed attribute ${type} is not a string`);
}

function bytesAttribute(attributes: pkijs.Attribute[], type: string): Buffer {
  const value = attributeValue(attributes, type);
  if (value instanceof asn1js.OctetString) return octetStringBytes(value);
  throw new ScepBadRequest(`signed attribute ${type} is not an OCTET STRING`);
}
