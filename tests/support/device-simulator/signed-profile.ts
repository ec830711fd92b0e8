import type * as asn1js from 'asn1js';
import { certificatesOf, octetStringBytes, parseCmsSignedData, pkijsCertificatePem } from './pkijs-engine';
import { decodePlistDict, type PlistDict } from './plist-codec';

export class ProfileSignatureError extends Error {}

export interface OpenedSignedData {
  /** The attached content (for a profile: the plist). */
  content: Buffer;
  signerCertificatePem: string;
  /** Every certificate carried in the SignedData, signer included. */
  certificatesPem: string[];
}

/**
 * Opens a CMS SignedData with attached content and checks its signature against
 * the signer certificate it carries. Trust in that signer is the caller's concern.
 */
export async function openSignedData(der: Uint8Array): Promise<OpenedSignedData> {
  let signedData;
  try {
    signedData = parseCmsSignedData(der);
  } catch (error) {
    throw new ProfileSignatureError(`not a CMS SignedData: ${(error as Error).message}`);
  }
  const eContent = signedData.encapContentInfo.eContent as asn1js.OctetString | undefined;
  if (!eContent) throw new ProfileSignatureError('the SignedData has no attached content');
  if (signedData.signerInfos.length !== 1) throw new ProfileSignatureError(`expected one signer, found ${signedData.signerInfos.length}`);
  let verified = false;
  let signer;
  try {
    const result = await signedData.verify({ signer: 0, checkChain: false, extendedMode: true });
    verified = result.signatureVerified === true;
    signer = result.signerCertificate ?? undefined;
  } catch {
    verified = false;
  }
  if (!verified || !signer) throw new ProfileSignatureError('the CMS signature does not verify');
  return { content: octetStringBytes(eContent), signerCertificatePem: pkijsCertificatePem(signer), certificatesPem: certificatesOf(signedData) };
}

/** A plist starts with "<" (maybe after a BOM/whitespace) or "bplist"; CMS DER starts with a SEQUENCE tag. */
export function looksLikeCms(bytes: Uint8Array): boolean {
  return bytes[0] === 0x30;
}

export interface DecodedMobileconfig {
  profile: PlistDict;
  /** Present when the profile was signed (signature checked, signer not trust-checked). */
  signed?: OpenedSignedData;
}

/** A .mobileconfig as a device receives it: signed (CMS, attached) or a bare XML/binary plist. */
export async function decodeMobileconfig(bytes: Uint8Array): Promise<DecodedMobileconfig> {
  if (looksLikeCms(bytes)) {
    const signed = await openSignedData(bytes);
    return { profile: decodePlistDict(signed.content), signed };
  }
  return { profile: decodePlistDict(bytes) };
}
