import type { PlistValue } from './plist-codec';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** Plist values as JSON for storage and the API: data becomes base64, dates ISO strings. */
export function plistToJson(value: PlistValue): JsonValue {
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(plistToJson);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plistToJson(v)]));
  }
  if (typeof value === 'number' && !Number.isFinite(value)) return null;
  return value;
}

export function jsonRecord(value: PlistValue | undefined): Record<string, JsonValue> | null {
  const json = value === undefined ? null : plistToJson(value);
  return json !== null && typeof json === 'object' && !Array.isArray(json) ? json : null;
}

export function jsonRecords(value: PlistValue | undefined): Record<string, JsonValue>[] | null {
  if (!Array.isArray(value)) return null;
  return value.map(plistToJson).filter((item): item is Record<string, JsonValue> => item !== null && typeof item === 'object' && !Array.isArray(item));
}
