import { build, parse, type PlistValue } from 'plist';

export type { PlistValue };
export type PlistDict = { [key: string]: PlistValue };

export class PlistDecodeError extends Error {}

/** XML plist text for a value (dates lose milliseconds in XML, as Apple's do). */
export function buildPlist(value: PlistValue): string {
  return build(value);
}

/** Parses an XML or binary (bplist00) plist kept as bytes, and requires a dictionary at the top. */
export function parsePlistDict(body: Buffer): PlistDict {
  if (body.length === 0) throw new PlistDecodeError('the body is empty');
  let value: PlistValue;
  // plist parses a Uint8Array as binary only; XML has to arrive as text.
  const binary = body.subarray(0, 8).toString('latin1') === 'bplist00';
  try {
    value = binary ? parse(body) : withQuietXmlParser(() => parse(body.toString('utf8')));
  } catch (error) {
    throw new PlistDecodeError(`the body is not a valid plist (${(error as Error).message})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value) || value instanceof Date || value instanceof Uint8Array) {
    throw new PlistDecodeError('the plist does not hold a dictionary');
  }
  return value;
}

/**
 * The XML parser under plist reports every problem on the console before it
 * throws. Device bodies are untrusted, so a broken one must cost one refusal,
 * not a screenful of log: silence the console for this synchronous call only.
 */
function withQuietXmlParser<T>(parseXml: () => T): T {
  const { error, warn } = console;
  console.error = () => undefined;
  console.warn = () => undefined;
  try {
    return parseXml();
  } finally {
    console.error = error;
    console.warn = warn;
  }
}
