import { z } from 'zod';
import { pageOf, pageQuery } from './paging';

/**
 * Configuration profiles in Apple's own key names. A payload is a JSON
 * object with at least `PayloadType`; plist values JSON has no type for are
 * written `{"$data":"<base64>"}` (data) and `{"$date":"<ISO 8601>"}` (dates),
 * so an imported profile comes back out with no key lost.
 */
export const ProfilePayload = z.object({ PayloadType: z.string().min(1).max(200) }).catchall(z.json());
export type ProfilePayload = z.infer<typeof ProfilePayload>;

/**
 * What a view shows in place of a stored secret (a Wi-Fi, mail or PKCS#12
 * password): secrets are kept sealed and never shown again. Send it back
 * unchanged to keep the secret; send text to replace it.
 */
export const keptSecret = { $secret: 'kept' } as const;
export const isKeptSecret = (value: unknown): boolean => typeof value === 'object' && value !== null && (value as { $secret?: unknown }).$secret === 'kept' && Object.keys(value).length === 1;

/** Keys whose text values are secrets, at any depth of a payload. */
export const isSecretKey = (key: string): boolean => /password|sharedsecret|secret$|passphrase/i.test(key);

export const ProfileIdentifier = z
  .string()
  .trim()
  .max(200)
  .regex(/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)+$/, 'must be a reverse-DNS identifier such as com.example.wifi');

export const profileScopes = ['System', 'User'] as const;

const profileFields = {
  name: z.string().trim().min(1, 'give the profile a name').max(120),
  identifier: ProfileIdentifier,
  /** System: the whole device; User: the signed-in user (Macs). */
  scope: z.enum(profileScopes),
  description: z.string().max(2_000),
  /** The device user may not remove it (PayloadRemovalDisallowed). */
  removalDisallowed: z.boolean(),
  payloads: z.array(ProfilePayload).min(1, 'a profile needs at least one payload').max(200),
};

/** `POST /api/profiles`: a profile built in Lanyard (or by a script). */
export const CreateProfileInput = z
  .object({ ...profileFields, scope: profileFields.scope.default('System'), description: profileFields.description.default(''), removalDisallowed: profileFields.removalDisallowed.default(false) })
  .strict();
export type CreateProfileInput = z.output<typeof CreateProfileInput>;

/** `PATCH /api/profiles/:id`: the fields to change; any change makes a new version. */
export const UpdateProfileInput = z
  .object({
    id: z.string().min(1).max(100),
    name: profileFields.name.optional(),
    identifier: profileFields.identifier.optional(),
    scope: profileFields.scope.optional(),
    description: profileFields.description.optional(),
    removalDisallowed: profileFields.removalDisallowed.optional(),
    payloads: profileFields.payloads.optional(),
  })
  .strict();
export type UpdateProfileInput = z.output<typeof UpdateProfileInput>;

/** `POST /api/profiles/import` with the `.mobileconfig` (signed or not, XML or binary plist) as the body. */
export const ImportProfileInput = z.object({ content: z.instanceof(Uint8Array, { message: 'send the .mobileconfig as the request body' }) }).strict();

export const ProfileVersionInfo = z.object({ version: z.number().int().min(1), createdAt: z.string(), sha256: z.string(), size: z.number().int() });

export const ProfileView = z.object({
  id: z.string(),
  name: z.string(),
  identifier: z.string(),
  scope: z.enum(profileScopes),
  description: z.string(),
  removalDisallowed: z.boolean(),
  /** With PayloadUUID, PayloadIdentifier and PayloadVersion filled in, stable across versions. */
  payloads: z.array(ProfilePayload),
  /** Goes up by one on every change. */
  version: z.number().int().min(1),
  versions: z.array(ProfileVersionInfo),
  /** built: made in Lanyard or through the API; imported: from a .mobileconfig (signed: it carried someone's signature, now replaced by the office's). */
  source: z.enum(['built', 'imported', 'imported-signed']),
  /** Which devices have which version (from Lanyard's installs and the devices' own profile lists). */
  devices: z.object({
    versions: z.array(z.object({ version: z.number().int(), devices: z.number().int() })),
    /** Devices with an older version than this one (and none on its way): `POST /api/profiles/:id/update-devices` brings them up to date. */
    outOfDate: z.number().int(),
    installing: z.number().int(),
    failed: z.number().int(),
  }),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ProfileView = z.infer<typeof ProfileView>;

export const ProfileIdInput = z.object({ id: z.string().min(1).max(100) }).strict();

/** `DELETE /api/profiles/:id[?removeFromDevices=true]`: with it, the devices that have the profile are sent RemoveProfile first. */
export const RemoveProfileInput = z
  .object({ id: z.string().min(1).max(100), removeFromDevices: z.union([z.boolean(), z.enum(['true', 'false']).transform((value) => value === 'true')]).default(false) })
  .strict();
/** One library profile on one device: the version it has (by Lanyard's install or its own ProfileList) against the library's. */
export const ProfileOnDevice = z.object({
  profileId: z.string(),
  name: z.string(),
  identifier: z.string(),
  installedVersion: z.number().int().nullable(),
  libraryVersion: z.number().int(),
  /** An install of this version is on its way. */
  pendingVersion: z.number().int().nullable(),
  /** Why the last install failed. */
  failure: z.string().nullable(),
});
export type ProfileOnDevice = z.infer<typeof ProfileOnDevice>;

export const RemovedProfile = z.object({ profile: z.lazy(() => ProfileView), removal: z.object({ deploymentId: z.string(), devices: z.number().int() }).nullable() });
/** `GET /api/profiles/:id/mobileconfig?version=N`: that version (the current one without it), signed by the office. */
export const ProfileFileInput = z.object({ id: z.string().min(1).max(100), version: z.coerce.number().int().min(1).optional() }).strict();

/** By name (then id). */
export const ProfilesQuery = pageQuery();
export const ProfilePage = pageOf(ProfileView);

/** The media type of a .mobileconfig. */
export const mobileconfigType = 'application/x-apple-aspen-config';

/** `POST /api/profiles/preview`: the XML plist a draft would become (nothing stored, not signed). */
export const ProfilePreview = z.object({ plist: z.string() });
