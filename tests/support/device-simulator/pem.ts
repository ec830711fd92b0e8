import forge from 'node-forge';

/** DER bytes of the first PEM block in the text. */
export function pemToDer(pem: string): Buffer {
  const match = /-----BEGIN [^-]+-----([\s\S]*?)-----END [^-]+-----/.exec(pem);
  if (!match?.[1]) throw new Error('no PEM block found');
  return Buffer.from(match[1].replace(/\s+/g, ''), 'base64');
}

export function derToPem(der: Uint8Array, label = 'CERTIFICATE'): string {
  const lines = Buffer.from(der).toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/** Every CERTIFICATE block in a PEM bundle, each as its own PEM string. */
export function splitPemCertificates(pem: string): string[] {
  return pem.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g)?.map((block) => `${block}\n`) ?? [];
}

/** node-forge works on "binary" strings; these convert to and from Buffers. */
export function toForgeBytes(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('binary');
}

export function fromForgeBytes(bytes: string): Buffer {
  return Buffer.from(bytes, 'binary');
}

export function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

export function forgeCertificateDer(certificate: forge.pki.Certificate): Buffer {
  return fromForgeBytes(forge.asn1.toDer(forge.pki.certificateToAsn1(certificate)).getBytes());
}

/**
 * The certificate's issuer in a form forge re-encodes byte for byte: forge parses
 * UTF8String values as raw UTF-8 but UTF-8-encodes them again when writing, so a
 * non-ASCII issuer name would otherwise no longer match in IssuerAndSerialNumber.
 */
export function reencodableIssuer(certificate: forge.pki.Certificate): forge.pki.CertificateField[] {
  return certificate.issuer.attributes.map((attribute) =>
    Number(attribute.valueTagClass) === forge.asn1.Type.UTF8 ? { ...attribute, value: forge.util.decodeUtf8(String(attribute.value)) } : { ...attribute },
  );
}
