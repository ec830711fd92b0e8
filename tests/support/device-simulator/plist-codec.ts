import { build, parse, type PlistValue } from 'plist';

export type { PlistValue };
export type PlistDict = { [key: string]: PlistValue };

export function isPlistDict(value: unknown): value is PlistDict {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date) && !(value instanceof Uint8Array);
}

/** XML plist bytes for a dictionary; keys whose value is undefined are left out. */
export function encodePlist(dict: Record<string, PlistValue | undefined>): Buffer {
  const defined: PlistDict = {};
  for (const [key, value] of Object.entries(dict)) if (value !== undefined) defined[key] = value;
  return Buffer.from(build(defined), 'utf8');
}

/** Parses XML or binary plist bytes and requires a dictionary at the top. */
export function decodePlistDict(bytes: Uint8Array): PlistDict {
  if (bytes.length === 0) throw new Error('empty plist');
  // plist's parse() treats every Uint8Array as binary, so XML goes in as text.
  const binary = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(6, bytes.byteLength)).toString('latin1') === 'bplist';
  const text = binary ? '' : Buffer.from(bytes).toString('utf8');
  if (!binary && !text.includes('<plist')) throw new Error('not an XML or binary plist');
  const value = parse(binary ? bytes : text);
  if (!isPlistDict(value)) throw new Error('plist top level is not a dictionary');
  return value;
}

export function stringField(dict: PlistDict, key: string): string | undefined {
  const value = dict[key];
  return typeof value === 'string' ? value : undefined;
}

export function booleanField(dict: PlistDict, key: string): boolean | undefined {
  const value = dict[key];
  return typeof value === 'boolean' ? value : undefined;
}

export function numberField(dict: PlistDict, key: string): number | undefined {
  const value = dict[key];
  return typeof value === 'number' ? value : undefined;
}

export function dataField(dict: PlistDict, key: string): Buffer | undefined {
  const value = dict[key];
  return value instanceof Uint8Array ? Buffer.from(value) : undefined;
}

export function dictField(dict: PlistDict, key: string): PlistDict | undefined {
  const value = dict[key];
  return isPlistDict(value) ? value : undefined;
}

export function arrayField(dict: PlistDict, key: string): PlistValue[] | undefined {
  const value = dict[key];
  return Array.isArray(value) ? value : undefined;
}
