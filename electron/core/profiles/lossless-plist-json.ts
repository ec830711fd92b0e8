import type { PlistValue } from '../plist/plist-codec';
import type { JsonValue } from '../plist/plist-json';

/**
 * Plist values as JSON and back without losing what JSON has no type for:
 * data is `{"$data":"<base64>"}`, a date `{"$date":"<ISO 8601>"}`. (The
 * plist package writes whole numbers as <integer>, others as <real>.)
 */
export function plistToLosslessJson(value: PlistValue): JsonValue {
  if (value instanceof Uint8Array) return { $data: Buffer.from(value).toString('base64') };
  if (value instanceof Date) return { $date: value.toISOString() };
  if (Array.isArray(value)) return value.map(plistToLosslessJson);
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, plistToLosslessJson(inner)]));
  if (typeof value === 'number' && !Number.isFinite(value)) return null;
  return value;
}

export class PlistJsonError extends Error {}

export function losslessJsonToPlist(value: JsonValue, path = ''): PlistValue {
  if (value === null) throw new PlistJsonError(`${path || 'value'}: a plist has no null; leave the key out`);
  if (Array.isArray(value)) return value.map((item, index) => losslessJsonToPlist(item, `${path}[${index}]`));
  if (typeof value === 'object') {
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0] === '$data') {
      const text = value.$data;
      if (typeof text !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) throw new PlistJsonError(`${path}: $data must be base64`);
      return Buffer.from(text, 'base64');
    }
    if (keys.length === 1 && keys[0] === '$date') {
      const text = value.$date;
      const at = typeof text === 'string' ? new Date(text) : new Date(Number.NaN);
      if (Number.isNaN(at.getTime())) throw new PlistJsonError(`${path}: $date must be an ISO 8601 date`);
      return at;
    }
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, losslessJsonToPlist(inner, path ? `${path}.${key}` : key)]));
  }
  return value;
}
