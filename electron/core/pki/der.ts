import forge from 'node-forge';

/**
 * Minimal DER writer/reader. SCEP messages embed foreign certificates and names,
 * which must be copied byte for byte; building from raw TLVs guarantees that.
 */

export const Tag = {
  integer: 0x02,
  octetString: 0x04,
  null: 0x05,
  oid: 0x06,
  printableString: 0x13,
  utcTime: 0x17,
  sequence: 0x30,
  set: 0x31,
} as const;

export function tlv(tag: number, ...content: Buffer[]): Buffer {
  const body = Buffer.concat(content);
  return Buffer.concat([Buffer.from([tag]), encodeLength(body.length), body]);
}

export const sequence = (...items: Buffer[]): Buffer => tlv(Tag.sequence, ...items);
export const octetString = (bytes: Buffer): Buffer => tlv(Tag.octetString, bytes);
export const printableString = (text: string): Buffer => tlv(Tag.printableString, Buffer.from(text, 'latin1'));
export const oid = (dotted: string): Buffer => tlv(Tag.oid, Buffer.from(forge.asn1.oidToDer(dotted).getBytes(), 'binary'));
/** Small INTEGERs only (0..127): CMS version numbers. */
export const integer = (value: number): Buffer => tlv(Tag.integer, Buffer.from([value]));
export const algorithm = (dotted: string, parameters: Buffer = tlv(Tag.null)): Buffer => sequence(oid(dotted), parameters);
/** [n] EXPLICIT (constructed context-specific). */
export const explicit = (n: number, ...content: Buffer[]): Buffer => tlv(0xa0 | n, ...content);

/** DER SET OF: elements sorted by their encodings (X.690 11.6). */
export function setOf(...items: Buffer[]): Buffer {
  return tlv(Tag.set, ...[...items].sort(Buffer.compare));
}

export function utcTime(date: Date): Buffer {
  const iso = date.toISOString();
  const text = `${iso.slice(2, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
  return tlv(Tag.utcTime, Buffer.from(text, 'latin1'));
}

function encodeLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

export interface DerElement {
  tag: number;
  /** Full encoding (header + content). */
  raw: Buffer;
  content: Buffer;
}

/** Reads the definite-length elements directly inside `content`. */
export function children(content: Buffer): DerElement[] {
  const elements: DerElement[] = [];
  let offset = 0;
  while (offset < content.length) {
    const element = readElement(content, offset);
    elements.push(element);
    offset += element.raw.length;
  }
  return elements;
}

export function readElement(buffer: Buffer, offset = 0): DerElement {
  const tag = byteAt(buffer, offset);
  if ((tag & 0x1f) === 0x1f) throw new Error('DER: multi-byte tags are not supported');
  let length = byteAt(buffer, offset + 1);
  let header = 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0 || count > 4) throw new Error('DER: unsupported length encoding');
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + byteAt(buffer, offset + 2 + i);
    header += count;
  }
  const end = offset + header + length;
  if (end > buffer.length) throw new Error('DER: element runs past the end of the data');
  return { tag, raw: buffer.subarray(offset, end), content: buffer.subarray(offset + header, end) };
}

function byteAt(buffer: Buffer, index: number): number {
  const value = buffer[index];
  if (value === undefined) throw new Error('DER: truncated data');
  return value;
}

/** IssuerAndSerialNumber of a certificate, copied verbatim from its TBSCertificate. */
export function issuerAndSerialNumber(certificateDer: Buffer): Buffer {
  const [tbs] = children(readElement(certificateDer).content);
  if (!tbs) throw new Error('DER: not a certificate');
  const fields = children(tbs.content);
  const start = fields[0]?.tag === 0xa0 ? 1 : 0; // optional [0] version
  const serial = fields[start];
  const issuer = fields[start + 2];
  if (serial?.tag !== Tag.integer || issuer?.tag !== Tag.sequence) throw new Error('DER: not a certificate');
  return sequence(issuer.raw, serial.raw);
}
