import { webcrypto } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { derToPem, toArrayBuffer } from './pem';

let engineSet = false;

/** pkijs with Node's WebCrypto installed as its engine (idempotent). */
export function pkijsLib(): typeof pkijs {
  if (!engineSet) {
    pkijs.setEngine('node', new pkijs.CryptoEngine({ name: 'node', crypto: webcrypto as unknown as pkijs.CryptoEngineParameters['crypto'] }));
    engineSet = true;
  }
  return pkijs;
}

export function parseCmsSignedData(der: Uint8Array): pkijs.SignedData {
  const lib = pkijsLib();
  const parsed = asn1js.fromBER(toArrayBuffer(der));
  if (parsed.offset === -1) throw new Error('not DER/BER data');
  const contentInfo = new lib.ContentInfo({ schema: parsed.result });
  if (contentInfo.contentType !== lib.ContentInfo.SIGNED_DATA) throw new Error('CMS content is not SignedData');
  return new lib.SignedData({ schema: contentInfo.content });
}

export function pkijsCertificateFromDer(der: Uint8Array): pkijs.Certificate {
  return pkijsLib().Certificate.fromBER(toArrayBuffer(der));
}

export function pkijsCertificatePem(certificate: pkijs.Certificate): string {
  return derToPem(new Uint8Array(certificate.toSchema().toBER(false)));
}

/** X.509 certificates carried in a SignedData, as PEM. */
export function certificatesOf(signedData: pkijs.SignedData): string[] {
  const lib = pkijsLib();
  return (signedData.certificates ?? []).filter((item): item is pkijs.Certificate => item instanceof lib.Certificate).map(pkijsCertificatePem);
}

/** Bytes of an OCTET STRING (asn1js joins the pieces of a constructed BER encoding). */
export function octetStringBytes(value: asn1js.OctetString): Buffer {
  return Buffer.from(value.getValue());
}
