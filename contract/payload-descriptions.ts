import schemas from './payload-schemas.json' with { type: 'json' };

/**
 * What Apple's schema (github.com/apple/device-management, generated into
 * payload-schemas.json by scripts/generate-payload-schemas.mjs) says of the
 * payload types the profile builder edits: their keys, types, defaults,
 * allowed values, ranges, and which need a supervised device.
 */
export interface KeyDescription {
  key: string;
  title?: string;
  type: 'string' | 'integer' | 'real' | 'boolean' | 'array' | 'dictionary' | 'data' | 'date' | 'any';
  required: boolean;
  default?: unknown;
  values?: unknown[];
  min?: number;
  max?: number;
  format?: string;
  platforms?: Record<string, { introduced?: string; supervised?: boolean }>;
  /** iOS applies it only on a supervised device. */
  supervisedOnly?: boolean;
  help?: string;
  /** A dictionary's keys, or (one entry) an array's items. */
  subkeys?: KeyDescription[];
}

export interface PayloadDescription {
  group: string;
  title: string;
  description: string;
  platforms: Record<string, { introduced?: string; supervised?: boolean }>;
  keys: KeyDescription[];
}

export const payloadSchemaSource = schemas.source;
export const payloadGroups: readonly { name: string; payloadTypes: string[] }[] = schemas.groups;
export const payloadDescriptions = schemas.payloads as unknown as Record<string, PayloadDescription>;

export const describePayload = (payloadType: string): PayloadDescription | undefined => (Object.hasOwn(payloadDescriptions, payloadType) ? payloadDescriptions[payloadType] : undefined);
