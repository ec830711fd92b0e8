import { chainsToAnchor } from './certificate-chain';
import { derToPem, splitPemCertificates } from './pem';
import { arrayField, booleanField, dataField, decodePlistDict, dictField, isPlistDict, numberField, stringField, type PlistDict } from './plist-codec';
import { looksLikeCms, openSignedData, ProfileSignatureError } from './signed-profile';

export class EnrollmentProfileError extends Error {}

/** SCEP `Subject`: RDNs, each a list of [type, value] pairs, e.g. [[['O','Acme']],[['CN','dev']]]. */
export type ScepSubject = Array<Array<[string, string]>>;

export type EnrollmentIdentity =
  | { kind: 'scep'; url: string; challenge: string | undefined; subject: ScepSubject; keySize: number; keyUsage: number; name: string | undefined }
  | { kind: 'pkcs12'; p12: Buffer; password: string };

export interface MdmPayloadSettings {
  serverUrl: string;
  checkInUrl: string;
  topic: string;
  identityCertificateUuid: string;
  accessRights: number;
  signMessage: boolean;
  checkOutWhenRemoved: boolean;
  serverCapabilities: string[];
}

export interface EnrollmentProfile {
  /** The office root CA (the com.apple.security.root payload, else the caller's trusted CA). */
  rootCaPem: string;
  mdm: MdmPayloadSettings;
  identity: EnrollmentIdentity;
  payloadIdentifier: string;
  payloadUuid: string;
  signerCertificatePem: string;
  /** The decoded top-level plist. */
  plist: PlistDict;
}

export interface ReadProfileOptions {
  /** PEM CA(s) the caller trusts for the profile signer. */
  trustedCaPem?: string;
  /** Also trust the profile's own com.apple.security.root payload as an anchor, as macOS does (default true). */
  trustEmbeddedRoot?: boolean;
}

const ROOT_TYPES = new Set(['com.apple.security.root', 'com.apple.security.pkcs1']);

/** Verifies a signed enrollment .mobileconfig (CMS SignedData, attached, DER) and extracts what a device needs to enroll. */
export async function readEnrollmentProfile(bytes: Uint8Array, options: ReadProfileOptions = {}): Promise<EnrollmentProfile> {
  if (!looksLikeCms(bytes)) throw new ProfileSignatureError('the enrollment profile is not signed (no CMS SignedData)');
  const signed = await openSignedData(bytes);
  const plist = parseProfilePlist(signed.content);
  const payloads = (arrayField(plist, 'PayloadContent') ?? []).filter(isPlistDict);
  const embeddedRoots = payloads.filter((p) => ROOT_TYPES.has(stringField(p, 'PayloadType') ?? '')).map(rootPem);
  const anchors = [...splitPemCertificates(options.trustedCaPem ?? ''), ...(options.trustEmbeddedRoot === false ? [] : embeddedRoots)];
  if (!chainsToAnchor(signed.signerCertificatePem, signed.certificatesPem, anchors)) {
    throw new ProfileSignatureError('the profile signer does not chain to a trusted root CA');
  }
  const mdmPayload = single(payloads, 'com.apple.mdm');
  const mdm = readMdmPayload(mdmPayload);
  const identityPayload = payloads.find((p) => stringField(p, 'PayloadUUID') === mdm.identityCertificateUuid);
  if (!identityPayload) throw new EnrollmentProfileError(`IdentityCertificateUUID ${mdm.identityCertificateUuid} matches no payload's PayloadUUID`);
  const rootCaPem = embeddedRoots[0] ?? splitPemCertificates(options.trustedCaPem ?? '')[0];
  if (!rootCaPem) throw new EnrollmentProfileError('the profile carries no com.apple.security.root payload and no trusted CA was given');
  return {
    rootCaPem,
    mdm,
    identity: readIdentityPayload(identityPayload),
    payloadIdentifier: required(plist, 'PayloadIdentifier'),
    payloadUuid: required(plist, 'PayloadUUID'),
    signerCertificatePem: signed.signerCertificatePem,
    plist,
  };
}

function parseProfilePlist(content: Buffer): PlistDict {
  let plist: PlistDict;
  try {
    plist = decodePlistDict(content);
  } catch (error) {
    throw new EnrollmentProfileError(`the signed content is not a plist: ${(error as Error).message}`);
  }
  if (stringField(plist, 'PayloadType') !== 'Configuration') throw new EnrollmentProfileError('top-level PayloadType is not Configuration');
  return plist;
}

function readMdmPayload(payload: PlistDict): MdmPayloadSettings {
  const serverUrl = httpsUrl(payload, 'ServerURL');
  const accessRights = numberField(payload, 'AccessRights');
  if (accessRights === undefined || !Number.isInteger(accessRights) || accessRights < 1 || accessRights > 8191) {
    throw new EnrollmentProfileError(`AccessRights must be an integer in 1..8191, got ${String(payload.AccessRights)}`);
  }
  if ((accessRights & 2 && !(accessRights & 1)) || (accessRights & 128 && !(accessRights & 64))) {
    throw new EnrollmentProfileError('AccessRights: 2 requires 1 and 128 requires 64');
  }
  return {
    serverUrl,
    checkInUrl: payload.CheckInURL === undefined ? serverUrl : httpsUrl(payload, 'CheckInURL'),
    topic: required(payload, 'Topic'),
    identityCertificateUuid: required(payload, 'IdentityCertificateUUID'),
    accessRights,
    signMessage: booleanField(payload, 'SignMessage') ?? false,
    checkOutWhenRemoved: booleanField(payload, 'CheckOutWhenRemoved') ?? false,
    serverCapabilities: (arrayField(payload, 'ServerCapabilities') ?? []).filter((c): c is string => typeof c === 'string'),
  };
}

function readIdentityPayload(payload: PlistDict): EnrollmentIdentity {
  const type = stringField(payload, 'PayloadType');
  if (type === 'com.apple.security.scep') {
    const content = dictField(payload, 'PayloadContent');
    if (!content) throw new EnrollmentProfileError('SCEP payload has no PayloadContent dictionary');
    return {
      kind: 'scep',
      url: required(content, 'URL'),
      challenge: stringField(content, 'Challenge'),
      subject: readSubject(content.Subject),
      keySize: numberField(content, 'Keysize') ?? 1024,
      keyUsage: numberField(content, 'Key Usage') ?? 0,
      name: stringField(content, 'Name'),
    };
  }
  if (type === 'com.apple.security.pkcs12') {
    const p12 = dataField(payload, 'PayloadContent');
    if (!p12) throw new EnrollmentProfileError('PKCS#12 payload has no PayloadContent data');
    return { kind: 'pkcs12', p12, password: stringField(payload, 'Password') ?? '' };
  }
  throw new EnrollmentProfileError(`IdentityCertificateUUID points at a ${type ?? 'typeless'} payload, not SCEP or PKCS#12`);
}

function readSubject(value: unknown): ScepSubject {
  if (value === undefined) return [];
  const invalid = new EnrollmentProfileError('SCEP Subject must be an array of arrays of [type, value] string pairs');
  if (!Array.isArray(value)) throw invalid;
  return value.map((rdn) => {
    if (!Array.isArray(rdn)) throw invalid;
    return rdn.map((pair) => {
      if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== 'string' || typeof pair[1] !== 'string') throw invalid;
      return [pair[0], pair[1]] as [string, string];
    });
  });
}

function rootPem(payload: PlistDict): string {
  const der = dataField(payload, 'PayloadContent');
  if (!der) throw new EnrollmentProfileError('root certificate payload has no PayloadContent data');
  return derToPem(der);
}

function single(payloads: PlistDict[], type: string): PlistDict {
  const found = payloads.filter((p) => stringField(p, 'PayloadType') === type);
  if (found.length !== 1) throw new EnrollmentProfileError(`expected exactly one ${type} payload, found ${found.length}`);
  return found[0] as PlistDict;
}

function required(dict: PlistDict, key: string): string {
  const value = stringField(dict, key);
  if (!value) throw new EnrollmentProfileError(`missing or empty ${key}`);
  return value;
}

function httpsUrl(dict: PlistDict, key: string): string {
  const value = required(dict, key);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new EnrollmentProfileError(`${key} is not a URL: ${value}`);
  }
  if (url.protocol !== 'https:') throw new EnrollmentProfileError(`${key} must be https: ${value}`);
  return value;
}
