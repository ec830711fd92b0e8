import { z } from 'zod';

/** Apple's MDM AccessRights bits (com.apple.mdm). */
export const accessRightBits = {
  inspectProfiles: 1,
  installRemoveProfiles: 2,
  lockAndPasscode: 4,
  erase: 8,
  deviceInformation: 16,
  networkInformation: 32,
  inspectProvisioningProfiles: 64,
  installProvisioningProfiles: 128,
  appInventory: 256,
  restrictionQueries: 512,
  securityQueries: 1024,
  settings: 2048,
  appManagement: 4096,
} as const;
export const allAccessRights = 8191;

/** Apple's rules: never 0, installing profiles needs inspecting them, likewise for provisioning profiles. */
export const AccessRights = z
  .number()
  .int()
  .min(1, 'must grant at least one right')
  .max(allAccessRights)
  .refine((v) => !(v & 2) || (v & 1) !== 0, 'installing profiles (2) needs inspecting profiles (1)')
  .refine((v) => !(v & 128) || (v & 64) !== 0, 'installing provisioning profiles (128) needs inspecting them (64)');

export const EnrollmentSettings = z.object({
  /** How the device gets its identity: SCEP from Lanyard's CA, or a PKCS#12 identity inside the profile. */
  identity: z.enum(['scep', 'pkcs12']),
  accessRights: AccessRights,
  deviceCertificateValidityDays: z.number().int().min(30).max(3650),
});
export type EnrollmentSettings = z.infer<typeof EnrollmentSettings>;

export const defaultEnrollmentSettings: EnrollmentSettings = { identity: 'scep', accessRights: allAccessRights, deviceCertificateValidityDays: 365 };

export const invitationStatuses = ['pending', 'used', 'expired', 'revoked'] as const;

export const Invitation = z.object({
  id: z.string(),
  label: z.string(),
  userName: z.string(),
  email: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
  maxUses: z.number().int(),
  uses: z.number().int(),
  certificatesIssued: z.number().int(),
  status: z.enum(invitationStatuses),
  url: z.string(),
  profileUrl: z.string(),
  trustProfileUrl: z.string(),
  /** What a PC's agent enrols with: the HTTPS invitation link with the office CA's SHA-256 as `#sha256=<hex>`. */
  agentUrl: z.string(),
  /** The one-line command that enrols a PC with this invitation. */
  agentCommand: z.string(),
  revokedAt: z.string().nullable(),
  /** The fleet its devices join ("unassigned", the default fleet, unless one was named). */
  fleetId: z.string(),
  /** Why no MDM profile can be offered yet (for example no push certificate). */
  blockedReason: z.string().nullable(),
});
export type Invitation = z.infer<typeof Invitation>;

export const CreateInvitationInput = z
  .object({
    label: z.string().trim().max(120).default(''),
    userName: z.string().trim().max(120).default(''),
    email: z.union([z.literal(''), z.email('must be an e-mail address')]).default(''),
    expiresInDays: z.number().int().min(1).max(365).default(7),
    maxUses: z.number().int().min(1).max(10_000).default(1),
    /** The fleet its devices join; the default fleet when absent. */
    fleetId: z.string().min(1).max(100).optional(),
  })
  .strict();

export const InvitationId = z.object({ id: z.string().min(1).max(100) }).strict();

export const BinaryBody = z.object({ contentType: z.string(), base64: z.string() });

export const CertificateInfo = z.object({
  subject: z.string(),
  issuer: z.string(),
  notBefore: z.string(),
  notAfter: z.string(),
  sha256: z.string(),
});

export const PkiStatus = z.object({
  ca: CertificateInfo.extend({ certificatePem: z.string() }).nullable(),
  tls: CertificateInfo.extend({ source: z.enum(['office', 'imported']), hosts: z.array(z.string()), coversPublicHost: z.boolean() }).nullable(),
  keyProtection: z.string(),
});
export type PkiStatus = z.infer<typeof PkiStatus>;

export const ImportTlsInput = z
  .object({
    certificatePem: z.string().min(1).max(200_000),
    privateKeyPem: z.string().min(1).max(50_000),
    chainPem: z.string().max(200_000).default(''),
  })
  .strict();

export const PushCertificateInput = z.union([
  z.object({ certificatePem: z.string().min(1).max(200_000), privateKeyPem: z.string().max(50_000).optional() }).strict(),
  z.object({ p12Base64: z.string().min(1).max(400_000), password: z.string().max(1000) }).strict(),
]);

export const PushCertificateResult = z.object({ topic: z.string(), notAfter: z.string(), warning: z.string().optional() });

export const PushStatus = z.object({
  configured: z.boolean(),
  topic: z.string().nullable(),
  subject: z.string().nullable(),
  notAfter: z.string().nullable(),
  expiresSoon: z.boolean(),
  expired: z.boolean(),
  csrPending: z.boolean(),
  blocked: z.string().nullable(),
  /** Enrolled Apple devices whose push token is for another topic (the certificate was replaced by one with a new topic): they cannot be woken until they enrol again. */
  devicesOnOtherTopic: z.number().int().min(0),
});
export type PushStatus = z.infer<typeof PushStatus>;

export const PushCsrInput = z
  .object({ email: z.email('must be an e-mail address'), commonName: z.string().trim().min(1).max(64).default('Lanyard MDM'), country: z.string().length(2).optional() })
  .strict();
export const PushCsr = z.object({ csrPem: z.string() });
