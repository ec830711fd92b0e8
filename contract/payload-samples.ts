import { describePayload, type KeyDescription } from './payload-descriptions';

/** A value of the key's type that its description allows: its default, its first allowed value, or a plain one within range. */
export function sampleValue(key: KeyDescription): unknown {
  if (key.default !== undefined && key.default !== null && (key.values === undefined || key.values.includes(key.default))) return key.default;
  if (key.values?.length) return key.values[0];
  switch (key.type) {
    case 'string':
      if (key.format?.includes('[0-9A-Za-z]{8}-')) return '6F1C3B2A-9D4E-4C5B-8A7F-0E1D2C3B4A59';
      if (key.format === '^[0-9]{6}$') return '123456';
      if (key.format) return 'ABC123';
      return key.key.toLowerCase().includes('url') ? 'https://example.test/' : `Sample ${key.title ?? key.key}`;
    case 'integer':
      return key.min ?? 1;
    case 'real':
      return key.min ?? 1;
    case 'boolean':
      return true;
    case 'array':
      return [];
    case 'dictionary':
      return newKeys(key.subkeys ?? []);
    case 'data':
      return { $data: 'AAECAw==' };
    case 'date':
      return { $date: '2030-01-01T00:00:00.000Z' };
    case 'any':
      return '';
  }
}

function newKeys(keys: readonly KeyDescription[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((key) => key.required).map((key) => [key.key, sampleValue(key)]));
}

/** A new payload of a described type with its required keys filled in, as the builder starts one. */
export function newPayload(payloadType: string): Record<string, unknown> & { PayloadType: string } {
  const description = describePayload(payloadType);
  return { PayloadType: payloadType, ...newKeys(description?.keys ?? []) };
}
