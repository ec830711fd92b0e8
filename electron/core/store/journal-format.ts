import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import type { ChangeOp } from './persistence';

/**
 * The line format of the embedded store's files. Every line is
 * `<checksum> <json>\n`, the checksum being the CRC-32 of the JSON text's
 * UTF-8 bytes in 8 hex digits, so a torn or damaged line is recognised.
 * Lanyard before 0.2 wrote the first 16 hex digits of the SHA-1 instead;
 * such lines are still read (the two lengths tell them apart), and a
 * journal may hold both kinds. CRC-32 is there to catch accidental damage
 * (a cut-short write, a bad sector), which is all a checksum here is for,
 * at a fraction of SHA-1's cost on every line read at start.
 *
 * Journal: one line per commit, a JSON array of encoded ops.
 * Snapshot: a header line, one line per singleton and record, an end line.
 */

/** An op as it is written: ["p", collection, key, record], ["d", collection, key] or ["s", name, value]. */
export type EncodedOp = ['p', string, string, unknown] | ['d', string, string] | ['s', string, unknown];

export interface SnapshotHeader {
  lanyard: 'snapshot';
  schemaVersion: number;
  generation: number;
}

export interface SnapshotEnd {
  end: true;
  /** Lines between the header and this one. */
  lines: number;
}

const crcLength = 8;
const legacySha1Length = 16;
const space = 32;
const lowerHex = /^[0-9a-f]+$/;

/** One line, newline included. */
export function encodeLine(value: unknown): string {
  const json = JSON.stringify(value);
  return `${crc32(json).toString(16).padStart(crcLength, '0')} ${json}\n`;
}

export function encodeOp(op: ChangeOp): EncodedOp {
  if (op.op === 'put') return ['p', op.collection, op.key, op.record];
  if (op.op === 'delete') return ['d', op.collection, op.key];
  return ['s', op.name, op.value];
}

export function decodeOp(value: unknown): ChangeOp {
  if (Array.isArray(value) && typeof value[1] === 'string') {
    if (value[0] === 'p' && value.length === 4 && typeof value[2] === 'string') return { op: 'put', collection: value[1], key: value[2], record: value[3] };
    if (value[0] === 'd' && value.length === 3 && typeof value[2] === 'string') return { op: 'delete', collection: value[1], key: value[2] };
    if (value[0] === 's' && value.length === 3) return { op: 'set', name: value[1], value: value[2] };
  }
  throw new Error('not a change');
}

export type ReadLine = { ok: true; value: unknown; end: number } | { ok: false; problem: string; end: number };

/**
 * The lines of a file's bytes, each checked. `end` is the offset just past
 * the line; a last line without its newline is reported as torn.
 */
export function* readLines(bytes: Buffer): Generator<ReadLine> {
  let start = 0;
  while (start < bytes.length) {
    const newline = bytes.indexOf(10, start);
    if (newline === -1) {
      yield { ok: false, problem: 'it ends without a newline (a write cut short)', end: bytes.length };
      return;
    }
    yield decodeLine(bytes, start, newline);
    start = newline + 1;
  }
}

/** The line bytes[start, newline): its checksum is checked on the bytes, before any text is made of them. */
function decodeLine(bytes: Buffer, start: number, newline: number): ReadLine {
  const end = newline + 1;
  const length = bytes[start + crcLength] === space ? crcLength : bytes[start + legacySha1Length] === space ? legacySha1Length : 0;
  const written = length > 0 && start + length < newline ? bytes.toString('latin1', start, start + length) : '';
  if (!lowerHex.test(written)) return { ok: false, problem: 'it has no checksum', end };
  const jsonStart = start + length + 1;
  const matches =
    length === crcLength
      ? crc32(bytes.subarray(jsonStart, newline)) === Number.parseInt(written, 16)
      : createHash('sha1').update(bytes.subarray(jsonStart, newline)).digest('hex').startsWith(written);
  if (!matches) return { ok: false, problem: 'its checksum does not match', end };
  try {
    return { ok: true, value: JSON.parse(bytes.toString('utf8', jsonStart, newline)), end };
  } catch {
    return { ok: false, problem: 'it is not JSON', end };
  }
}

export function isSnapshotHeader(value: unknown): value is SnapshotHeader {
  const header = value as SnapshotHeader;
  return typeof header === 'object' && header !== null && header.lanyard === 'snapshot' && Number.isInteger(header.schemaVersion) && Number.isInteger(header.generation);
}

export function isSnapshotEnd(value: unknown): value is SnapshotEnd {
  const end = value as SnapshotEnd;
  return typeof end === 'object' && end !== null && !Array.isArray(end) && end.end === true && Number.isInteger(end.lines);
}
