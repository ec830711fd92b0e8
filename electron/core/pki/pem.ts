/** PEM <-> DER conversions shared by the PKI modules. */

export function pemToDer(pem: string): Buffer {
  const match = /-----BEGIN [^-]+-----([\s\S]*?)-----END [^-]+-----/.exec(pem);
  if (!match?.[1]) throw new Error('Not a PEM block');
  return Buffer.from(match[1].replace(/\s+/g, ''), 'base64');
}

export function derToPem(der: Uint8Array, label = 'CERTIFICATE'): string {
  const lines = Buffer.from(der).toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/** A standalone ArrayBuffer holding exactly these bytes (pkijs/WebCrypto want ArrayBuffers). */
export function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  const copy = new ArrayBuffer(bytes.byteLength);
  new Uint8Array(copy).set(bytes);
  return copy;
}

/** forge keeps bytes in "binary" strings; these convert at the boundary. */
export function forgeBytes(buffer: Uint8Array): string {
  return Buffer.from(buffer).toString('binary');
}

export function bufferFromForgeBytes(bytes: string): Buffer {
  return Buffer.from(bytes, 'binary');
}
