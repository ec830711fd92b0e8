import { describePayload, type KeyDescription } from './payload-descriptions';
import { isKeptSecret } from './profile-models';

export interface PayloadIssue {
  /** The key's path inside the payload, e.g. "EAPClientConfiguration.UserName". */
  path: string;
  message: string;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isData = (value: unknown) => isObject(value) && Object.keys(value).length === 1 && typeof value.$data === 'string';
const isDate = (value: unknown) => isObject(value) && Object.keys(value).length === 1 && typeof value.$date === 'string';

function typeProblem(value: unknown, type: KeyDescription['type']): string | null {
  switch (type) {
    case 'string':
      return typeof value === 'string' ? null : 'must be text';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value) ? null : 'must be a whole number';
    case 'real':
      return typeof value === 'number' && Number.isFinite(value) ? null : 'must be a number';
    case 'boolean':
      return typeof value === 'boolean' ? null : 'must be true or false';
    case 'array':
      return Array.isArray(value) ? null : 'must be a list';
    case 'dictionary':
      return isObject(value) && !isData(value) && !isDate(value) ? null : 'must be a dictionary';
    case 'data':
      return isData(value) ? null : 'must be data ({"$data":"<base64>"})';
    case 'date':
      return isDate(value) ? null : 'must be a date ({"$date":"<ISO 8601>"})';
    case 'any':
      return null;
  }
}

function checkValue(value: unknown, description: KeyDescription, path: string, issues: PayloadIssue[]): void {
  // A stored secret left as it is: it was checked when it was typed.
  if (description.type === 'string' && isKeptSecret(value)) return;
  const problem = typeProblem(value, description.type);
  if (problem) {
    issues.push({ path, message: problem });
    return;
  }
  if (description.values && !description.values.some((allowed) => allowed === value)) issues.push({ path, message: `must be one of ${description.values.map((v) => JSON.stringify(v)).join(', ')}` });
  if (typeof value === 'number') {
    if (description.min !== undefined && value < description.min) issues.push({ path, message: `must be at least ${description.min}` });
    if (description.max !== undefined && value > description.max) issues.push({ path, message: `must be at most ${description.max}` });
  }
  if (typeof value === 'string' && description.format && !new RegExp(description.format).test(value)) issues.push({ path, message: `does not have the form ${description.format}` });
  if (Array.isArray(value) && description.subkeys?.[0]) value.forEach((item, index) => checkValue(item, description.subkeys![0]!, `${path}.${index}`, issues));
  if (isObject(value) && description.type === 'dictionary' && description.subkeys) checkKeys(value, description.subkeys, `${path}.`, issues);
}

function checkKeys(payload: Record<string, unknown>, keys: readonly KeyDescription[], prefix: string, issues: PayloadIssue[]): void {
  for (const description of keys) {
    const value = payload[description.key];
    if (value === undefined) {
      if (description.required) issues.push({ path: `${prefix}${description.key}`, message: 'is required' });
      continue;
    }
    checkValue(value, description, `${prefix}${description.key}`, issues);
  }
}

/** Rules across keys that the schema states in prose, not in its fields. */
const crossRules: Record<string, (payload: Record<string, unknown>) => PayloadIssue[]> = {
  'com.apple.wifi.managed': (p) => {
    const issues: PayloadIssue[] = [];
    if (p.EncryptionType === 'None' && ((typeof p.Password === 'string' && p.Password !== '') || isKeptSecret(p.Password))) issues.push({ path: 'Password', message: 'an open network (EncryptionType None) takes no password' });
    if ((p.SSID_STR === undefined || p.SSID_STR === '') && p.DomainName === undefined) issues.push({ path: 'SSID_STR', message: 'give the network name (SSID), or a DomainName for Hotspot 2.0' });
    if (p.ProxyType === 'Manual' && !p.ProxyServer) issues.push({ path: 'ProxyServer', message: 'a manual proxy needs its server' });
    if (p.ProxyType === 'Auto' && !p.ProxyPACURL && p.ProxyPACFallbackAllowed !== true) issues.push({ path: 'ProxyPACURL', message: 'an automatic proxy needs the URL of its PAC file' });
    return issues;
  },
};

/**
 * Checks a payload against Apple's description of its type: each known key
 * has the right type, an allowed value and a value in range; required keys
 * are there; and the cross-key rules hold. Keys the schema does not name
 * are left alone (a newer OS may know them), and a payload type Lanyard has
 * no description for is not checked at all.
 */
export function validatePayload(payload: Record<string, unknown>): PayloadIssue[] {
  const description = describePayload(String(payload.PayloadType));
  if (!description) return [];
  const issues: PayloadIssue[] = [];
  checkKeys(payload, description.keys, '', issues);
  issues.push(...(crossRules[String(payload.PayloadType)]?.(payload) ?? []));
  return issues;
}

/** Payload types that carry a certificate or an identity another payload can name by its PayloadUUID. */
export const certificatePayloadTypes = ['com.apple.security.pkcs12', 'com.apple.security.root', 'com.apple.security.pem', 'com.apple.security.pkcs1', 'com.apple.security.scep', 'com.apple.security.acme'] as const;

/** A key whose text names a certificate payload of the same profile (PayloadCertificateUUID, SMIMESigningCertificateUUID, …), or a list of them. */
export const isCertificateReferenceKey = (key: string): boolean => /CertificateUUID$/.test(key) || key === 'PayloadCertificateAnchorUUID';

/** Every certificate reference in a payload, at any depth, with its path. */
function certificateReferences(value: unknown, prefix: string, found: { path: string; uuid: unknown }[]): void {
  if (!isObject(value)) return;
  for (const [key, inner] of Object.entries(value)) {
    const path = `${prefix}${key}`;
    if (isCertificateReferenceKey(key)) {
      if (Array.isArray(inner)) inner.forEach((uuid, index) => found.push({ path: `${path}.${index}`, uuid }));
      else found.push({ path, uuid: inner });
    } else if (isObject(inner)) certificateReferences(inner, `${path}.`, found);
  }
}

/**
 * A whole profile's payloads: each checked as validatePayload does, and every
 * certificate it names (a Wi-Fi or VPN identity, an enterprise network's
 * trusted anchors, S/MIME certificates) must be a certificate payload of the
 * same profile, named by its PayloadUUID, as iOS and macOS look them up.
 */
export function validateProfilePayloads(payloads: readonly Record<string, unknown>[]): PayloadIssue[][] {
  const certificates = new Set(payloads.filter((p) => (certificatePayloadTypes as readonly unknown[]).includes(p.PayloadType) && typeof p.PayloadUUID === 'string').map((p) => String(p.PayloadUUID).toUpperCase()));
  return payloads.map((payload) => {
    const issues = validatePayload(payload);
    const references: { path: string; uuid: unknown }[] = [];
    certificateReferences(payload, '', references);
    for (const { path, uuid } of references) {
      if (typeof uuid !== 'string' || issues.some((issue) => issue.path === path)) continue;
      if (!certificates.has(uuid.toUpperCase())) {
        issues.push({ path, message: certificates.size === 0 ? 'names a certificate, but the profile has no certificate payload: add one (PKCS#12, root, SCEP, …) and pick it' : `names no certificate payload of this profile (its certificates: ${[...certificates].join(', ')})` });
      }
    }
    return issues;
  });
}

/** The keys of a payload that iOS applies only on a supervised device (those set, at the top level). */
export function supervisedOnlyKeys(payload: Record<string, unknown>): string[] {
  const description = describePayload(String(payload.PayloadType));
  if (!description) return [];
  return description.keys.filter((key) => key.supervisedOnly && payload[key.key] !== undefined).map((key) => key.key);
}

/**
 * What of a profile iOS applies only on a supervised device: the keys set
 * that Apple's schema marks so, and whether they are all the profile sets
 * (then an unsupervised iPhone or iPad would get nothing from it).
 */
export function supervisionNeeds(payloads: readonly Record<string, unknown>[]): { keys: string[]; only: boolean } {
  const keys: string[] = [];
  let others = 0;
  for (const payload of payloads) {
    const description = describePayload(String(payload.PayloadType));
    const supervised = new Set(description?.keys.filter((key) => key.supervisedOnly).map((key) => key.key) ?? []);
    for (const key of Object.keys(payload)) {
      if (key.startsWith('Payload')) continue;
      if (supervised.has(key)) keys.push(key);
      else others += 1;
    }
  }
  return { keys, only: keys.length > 0 && others === 0 };
}
