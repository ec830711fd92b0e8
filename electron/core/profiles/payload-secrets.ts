import { isKeptSecret, isSecretKey, keptSecret } from '../../../contract/profile-models';
import type { JsonValue } from '../plist/plist-json';

type Json = JsonValue;
type Payload = Record<string, Json>;

const isSealed = (value: unknown): value is { $sealed: string } => typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as { $sealed?: unknown }).$sealed === 'string' && Object.keys(value).length === 1;

/** Walks a payload, letting `replace` stand in for any value at a secret key (text, sealed, or the kept marker). */
async function mapSecrets(value: Json, path: string, replace: (value: Json, path: string) => Promise<Json>, underSecretKey = false): Promise<Json> {
  if (underSecretKey && (typeof value === 'string' || isSealed(value) || isKeptSecret(value))) return replace(value, path);
  if (Array.isArray(value)) return Promise.all(value.map((item, index) => mapSecrets(item, `${path}.${index}`, replace, underSecretKey)));
  if (typeof value === 'object' && value !== null && !isSealed(value)) {
    const entries = await Promise.all(Object.entries(value).map(async ([key, inner]) => [key, await mapSecrets(inner, path ? `${path}.${key}` : key, replace, isSecretKey(key))] as const));
    return Object.fromEntries(entries);
  }
  return value;
}

/** The same walk, for replacements that need no await. */
function mapSecretsNow(value: Json, replace: (value: Json) => Json, underSecretKey = false): Json {
  if (underSecretKey && (typeof value === 'string' || isSealed(value) || isKeptSecret(value))) return replace(value);
  if (Array.isArray(value)) return value.map((item) => mapSecretsNow(item, replace, underSecretKey));
  if (typeof value === 'object' && value !== null && !isSealed(value)) return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, mapSecretsNow(inner, replace, isSecretKey(key))]));
  return value;
}

function valueAt(payload: Json | undefined, path: string): Json | undefined {
  let current: Json | undefined = payload;
  for (const part of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = Array.isArray(current) ? current[Number(part)] : current[part];
  }
  return current;
}

export class KeptSecretError extends Error {}

/**
 * Secrets typed into payloads are sealed ({"$sealed":…}); a kept marker
 * takes the sealed value stored at the same place in the previous version.
 */
export async function sealPayloadSecrets(payloads: readonly Payload[], previous: readonly Payload[], seal: (plain: Buffer) => Promise<string>): Promise<Payload[]> {
  return Promise.all(
    payloads.map(
      async (payload, index) =>
        (await mapSecrets(payload, '', async (value, path) => {
          if (typeof value === 'string') return { $sealed: await seal(Buffer.from(value, 'utf8')) };
          if (isSealed(value)) return value;
          const stored = valueAt(previous[index], path);
          if (!isSealed(stored)) throw new KeptSecretError(`payloads.${index}.${path}: there is no stored secret here to keep; type it`);
          return stored;
        })) as Payload,
    ),
  );
}

/** The payloads with their secrets opened, for the plist a device gets. */
export async function openPayloadSecrets(payloads: readonly Payload[], open: (sealed: string) => Promise<Buffer>): Promise<Payload[]> {
  return Promise.all(payloads.map(async (payload) => (await mapSecrets(payload, '', async (value) => (isSealed(value) ? (await open(value.$sealed)).toString('utf8') : value))) as Payload));
}

/** The payloads as views show them: every stored secret replaced by the kept marker. */
export function maskPayloadSecrets(payloads: readonly Payload[]): Payload[] {
  return payloads.map((payload) => mapSecretsNow(payload, (value) => (isSealed(value) ? { ...keptSecret } : value)) as Payload);
}

/** For a preview: every secret, typed or kept, shown as dots (a preview is shown; secrets are not). */
export function dotPayloadSecrets(payloads: readonly Payload[]): Payload[] {
  return payloads.map((payload) => mapSecretsNow(payload, () => '••••••••') as Payload);
}
