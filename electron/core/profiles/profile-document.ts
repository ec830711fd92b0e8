import { createHash, randomUUID } from 'node:crypto';
import type { ProfilePayload } from '../../../contract/profile-models';
import { parseSignedData, octetStringBytes } from '../pki/pkijs-engine';
import { buildPlist, parsePlistDict, PlistDecodeError, type PlistDict, type PlistValue } from '../plist/plist-codec';
import type { JsonValue } from '../plist/plist-json';
import type { StoredProfile } from '../store/schema';
import { losslessJsonToPlist, plistToLosslessJson } from './lossless-plist-json';

type Payload = Record<string, JsonValue>;

/** The profile-level keys Lanyard edits; every other top-level key of an imported profile is kept as it was. */
const managedTopKeys = new Set(['PayloadContent', 'PayloadDisplayName', 'PayloadIdentifier', 'PayloadType', 'PayloadUUID', 'PayloadVersion', 'PayloadScope', 'PayloadDescription', 'PayloadRemovalDisallowed']);

export class ProfileDocumentError extends Error {}

/**
 * Fills what Apple requires of each payload and the admin need not type:
 * `PayloadUUID` (kept from the previous version's payload at the same place
 * and of the same type, so an update replaces rather than duplicates),
 * `PayloadIdentifier` (under the profile's identifier) and `PayloadVersion`.
 */
export function withPayloadIds(identifier: string, payloads: readonly ProfilePayload[], previous: readonly Payload[] = []): Payload[] {
  return payloads.map((payload, index) => {
    const before = previous[index];
    const sameKind = before && before.PayloadType === payload.PayloadType;
    const type = String(payload.PayloadType);
    return {
      ...payload,
      PayloadUUID: typeof payload.PayloadUUID === 'string' && payload.PayloadUUID ? payload.PayloadUUID : sameKind && typeof before.PayloadUUID === 'string' ? before.PayloadUUID : randomUUID().toUpperCase(),
      PayloadIdentifier:
        typeof payload.PayloadIdentifier === 'string' && payload.PayloadIdentifier ? payload.PayloadIdentifier : sameKind && typeof before.PayloadIdentifier === 'string' ? before.PayloadIdentifier : `${identifier}.${type.split('.').at(-1)}.${index + 1}`,
      PayloadVersion: typeof payload.PayloadVersion === 'number' ? payload.PayloadVersion : 1,
    } as Payload;
  });
}

/** The Configuration profile's dictionary for a stored profile. */
export function profileDictionary(profile: Pick<StoredProfile, 'name' | 'identifier' | 'scope' | 'description' | 'removalDisallowed' | 'payloads' | 'extraKeys' | 'payloadUuid'>): PlistDict {
  const extras = losslessJsonToPlist(profile.extraKeys) as PlistDict;
  return {
    ...extras,
    PayloadContent: profile.payloads.map((payload, index) => losslessJsonToPlist(payload, `payloads[${index}]`)),
    PayloadDisplayName: profile.name,
    PayloadIdentifier: profile.identifier,
    PayloadType: 'Configuration',
    PayloadUUID: profile.payloadUuid,
    PayloadVersion: 1,
    PayloadScope: profile.scope,
    ...(profile.description ? { PayloadDescription: profile.description } : {}),
    PayloadRemovalDisallowed: profile.removalDisallowed,
  };
}

export function profilePlist(profile: Parameters<typeof profileDictionary>[0]): string {
  return buildPlist(profileDictionary(profile));
}

export const sha256Hex = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

/** What a .mobileconfig holds, ready to become a library profile. */
export interface ReadProfile {
  name: string;
  identifier: string;
  scope: 'System' | 'User';
  description: string;
  removalDisallowed: boolean;
  payloads: Payload[];
  extraKeys: Record<string, JsonValue>;
  payloadUuid: string;
  signed: boolean;
}

/**
 * Reads a .mobileconfig as other tools write it: CMS-signed or not, XML or
 * binary plist. The signature is not checked for trust (the office re-signs
 * what it sends); its content is what counts. Refuses anything that is not a
 * Configuration profile with an identifier and dictionary payloads.
 */
export function readMobileconfig(bytes: Buffer): ReadProfile {
  if (bytes.length === 0) throw new ProfileDocumentError('the body is empty: send the .mobileconfig file as the request body');
  let content = bytes;
  let signed = false;
  // A DER SEQUENCE: a CMS SignedData around the plist. A plist starts with "<" (XML, maybe after a BOM or spaces) or "bplist".
  if (bytes[0] === 0x30) {
    try {
      const signedData = parseSignedData(bytes);
      const inner = signedData.encapContentInfo.eContent;
      if (!inner) throw new Error('it carries no content');
      content = octetStringBytes(inner);
      signed = true;
    } catch (error) {
      throw new ProfileDocumentError(`the file looks signed but its CMS envelope cannot be read (${(error as Error).message})`);
    }
  }
  let dict: PlistDict;
  try {
    dict = parsePlistDict(content);
  } catch (error) {
    throw new ProfileDocumentError(error instanceof PlistDecodeError ? `not a configuration profile: ${error.message}` : (error as Error).message);
  }
  if (dict.PayloadType !== 'Configuration') throw new ProfileDocumentError(`not a configuration profile: its PayloadType is ${JSON.stringify(dict.PayloadType ?? null)}, not "Configuration"`);
  if (typeof dict.PayloadIdentifier !== 'string' || !dict.PayloadIdentifier.trim()) throw new ProfileDocumentError('the profile has no PayloadIdentifier');
  const content_ = dict.PayloadContent ?? [];
  if (!Array.isArray(content_)) throw new ProfileDocumentError('PayloadContent must be an array of payload dictionaries');
  const payloads = content_.map((payload: PlistValue, index: number) => {
    if (typeof payload !== 'object' || payload === null || Array.isArray(payload) || payload instanceof Date || payload instanceof Uint8Array) throw new ProfileDocumentError(`PayloadContent[${index}] is not a dictionary`);
    if (typeof (payload as PlistDict).PayloadType !== 'string') throw new ProfileDocumentError(`PayloadContent[${index}] has no PayloadType`);
    return plistToLosslessJson(payload) as Payload;
  });
  if (payloads.length === 0) throw new ProfileDocumentError('the profile has no payloads');
  const extraKeys = Object.fromEntries(Object.entries(dict).filter(([key]) => !managedTopKeys.has(key)).map(([key, value]) => [key, plistToLosslessJson(value)]));
  const scope = dict.PayloadScope === 'User' ? 'User' : 'System';
  return {
    name: typeof dict.PayloadDisplayName === 'string' && dict.PayloadDisplayName.trim() ? dict.PayloadDisplayName.trim().slice(0, 120) : dict.PayloadIdentifier,
    identifier: dict.PayloadIdentifier.trim(),
    scope,
    description: typeof dict.PayloadDescription === 'string' ? dict.PayloadDescription.slice(0, 2_000) : '',
    removalDisallowed: dict.PayloadRemovalDisallowed === true,
    payloads,
    extraKeys,
    payloadUuid: typeof dict.PayloadUUID === 'string' && dict.PayloadUUID ? dict.PayloadUUID : randomUUID().toUpperCase(),
    signed,
  };
}
