import { createHash } from 'node:crypto';
import type { ChangeOp } from './persistence';

/**
 * The line format of the embedded store's files. Every line is
 * `<checksum> <json>\n`, the checksum being the first 16 hex digits of the
 * SHA-1 of the JSON text, so a torn or damaged line is recognised.
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

const checksumLength = 16;

function checksum(json: string): string {
  return createHash('sha1').update(json).digest('hex').slice(0, checksumLength);
}

/** One line, newline included. */
export function encodeLine(value: unknown): string {
  const json = JSON.stringify(value);
  return `${checksum(json)} ${json}\n`;
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
    yield decodeLine(bytes.toString('utf8', start, newline), newline + 1);
    start = newline + 1;
  }
}

function decodeLine(line: string, end: number): ReadLine {
  const space = line.indexOf(' ');
  if (space !== checksumLength) return { ok: false, problem: 'it has no checksum', end };
  const json = line.slice(space + 1);
  if (checksum(json) !== line.slice(0, space)) return { ok: false, problem: 'its checksum does not match', end };
  try {
    return { ok: true, value: JSON.parse(json), end };
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
