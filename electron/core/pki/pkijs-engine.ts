import { webcrypto } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { derToPem, toArrayBuffer } from './pem';

let installed = false;

/** pkijs needs a WebCrypto engine; on Node it is the built-in one. Idempotent. */
export function usePkijs(): typeof pkijs {
  if (!installed) {
    pkijs.setEngine('node', new pkijs.CryptoEngine({ name: 'node', crypto: webcrypto as unknown as pkijs.CryptoEngineParameters['crypto'] }));
    installed = true;
  }
  return pkijs;
}

export function parseContentInfo(der: Uint8Array): pkijs.ContentInfo {
  usePkijs();
  const parsed = asn1js.fromBER(toArrayBuffer(der));
  if (parsed.offset === -1) throw new Error(`Not DER/BER data: ${parsed.result.error}`);
  return new pkijs.ContentInfo({ schema: parsed.result });
}

export function parseSignedData(der: Uint8Array): pkijs.SignedData {
  const contentInfo = parseContentInfo(der);
  if (contentInfo.contentType !== pkijs.ContentInfo.SIGNED_DATA) throw new Error('CMS content is not SignedData');
  return new pkijs.SignedData({ schema: contentInfo.content });
}

export function certificateFromDer(der: Uint8Array): pkijs.Certificate {
  usePkijs();
  return pkijs.Certificate.fromBER(toArrayBuffer(der));
}

export function certificateDer(certificate: pkijs.Certificate): Buffer {
  return Buffer.from(certificate.toSchema().toBER(false));
}

export function certificatePem(certificate: pkijs.Certificate): string {
  return derToPem(certificateDer(certificate));
}

/** Bytes of an OCTET STRING, concatenating the pieces of a BER constructed encoding. */
export function octetStringBytes(value: asn1js.OctetString): Buffer {
  return Buffer.from(value.getValue());
}
