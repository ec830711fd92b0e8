import { z } from 'zod';
import { ActivityEntry, Settings } from '../../../contract/models';

/** A certificate whose private key is sealed by the SecretBox. */
export const SealedCertificate = z.object({ certificatePem: z.string(), sealedKey: z.string() });
export type SealedCertificate = z.infer<typeof SealedCertificate>;

export const StoredTlsCertificate = SealedCertificate.extend({
  source: z.enum(['office', 'imported']),
  hosts: z.array(z.string()),
  chainPem: z.string(),
});

export const StoredPki = z.object({
  ca: SealedCertificate.nullable(),
  profileSigner: SealedCertificate.nullable(),
  tls: StoredTlsCertificate.nullable(),
  /** Key of the HMAC that turns an invitation id into its SCEP challenge. */
  sealedChallengeKey: z.string().nullable(),
});
export type StoredPki = z.infer<typeof StoredPki>;

export const StoredInvitation = z.object({
  id: z.string(),
  /** SHA-256 of the token, for look-ups; the token itself is only kept sealed, to show the QR again. */
  tokenHash: z.string(),
  sealedToken: z.string(),
  label: z.string(),
  userName: z.string(),
  email: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
  maxUses: z.number().int(),
  uses: z.number().int(),
  certificatesIssued: z.number().int(),
  revokedAt: z.string().nullable(),
});
export type StoredInvitation = z.infer<typeof StoredInvitation>;

export const ScepTransaction = z.object({ transactionId: z.string(), certificatePem: z.string(), invitationId: z.string(), at: z.string() });
export type ScepTransaction = z.infer<typeof ScepTransaction>;

export const StoredPushCertificate = SealedCertificate.extend({ topic: z.string(), notAfter: z.string(), importedAt: z.string() });
export type StoredPushCertificate = z.infer<typeof StoredPushCertificate>;
export const StoredPushCsr = z.object({ csrPem: z.string(), sealedKey: z.string(), createdAt: z.string() });
export type StoredPushCsr = z.infer<typeof StoredPushCsr>;

const Json = z.json();

export const devicePlatforms = ['ios', 'ipados', 'macos', 'tvos', 'unknown'] as const;
export const enrollmentStatuses = ['authenticated', 'enrolled', 'unenrolled', 'removed'] as const;

/** An Apple device known to the MDM server, and what it told us. */
export const StoredDevice = z.object({
  id: z.string(),
  udid: z.string(),
  invitationId: z.string().nullable(),
  platform: z.enum(devicePlatforms),
  enrollmentStatus: z.enum(enrollmentStatuses),
  /** SHA-256 of the identity certificate bound at Authenticate. */
  certificateSha256: z.string(),
  name: z.string(),
  serialNumber: z.string(),
  model: z.string(),
  modelName: z.string(),
  productName: z.string(),
  osVersion: z.string(),
  buildVersion: z.string(),
  supervised: z.boolean().nullable(),
  authenticatedAt: z.string(),
  enrolledAt: z.string().nullable(),
  checkedOutAt: z.string().nullable(),
  removedAt: z.string().nullable(),
  lastSeenAt: z.string(),
  tokenUpdates: z.number().int(),
  push: z
    .object({
      token: z.string(),
      pushMagic: z.string(),
      topic: z.string(),
      state: z.enum(['healthy', 'dead']),
      deadReason: z.string().nullable(),
      lastPushAt: z.string().nullable(),
    })
    .nullable(),
  sealedUnlockToken: z.string().nullable(),
  sealedBootstrapToken: z.string().nullable(),
  /** DeviceInformation answers, key by key. */
  information: z.record(z.string(), Json),
  security: z.record(z.string(), Json).nullable(),
  profiles: z.array(z.record(z.string(), Json)).nullable(),
  apps: z.array(z.record(z.string(), Json)).nullable(),
  location: z.record(z.string(), Json).nullable(),
  inventoryAt: z.string().nullable(),
});
export type StoredDevice = z.infer<typeof StoredDevice>;

export const commandStatuses = ['queued', 'sent', 'acknowledged', 'error', 'format-error', 'notnow', 'cancelled', 'expired'] as const;

/** One MDM command for one device and what became of it. */
export const StoredCommand = z.object({
  uuid: z.string(),
  deviceId: z.string(),
  requestType: z.string(),
  /** The command dictionary as an XML plist, ready to send. */
  plist: z.string(),
  /** What the admin asked for, for display (secrets removed). */
  summary: z.string(),
  status: z.enum(commandStatuses),
  queuedAt: z.string(),
  sentAt: z.string().nullable(),
  completedAt: z.string().nullable(),
  expiresAt: z.string(),
  notNowCount: z.number().int(),
  result: z.record(z.string(), Json).nullable(),
  errorChain: z.array(z.record(z.string(), Json)).nullable(),
  origin: z.enum(['admin', 'system']),
});
export type StoredCommand = z.infer<typeof StoredCommand>;

/**
 * An agent's MQTT login. The password is a random 256-bit secret shown once,
 * at enrolment; only its SHA-256 is kept (a slow hash would add nothing for a
 * secret nobody chose, and would cost every reconnect).
 */
export const StoredAgentLogin = z.object({
  username: z.string().min(1),
  agentId: z.string().min(1),
  /** The serial number the agent enrolled with: enrolling it again replaces this login. */
  serial: z.string().min(1),
  topicRoot: z.string().min(1),
  passwordSha256: z.string().regex(/^[0-9a-f]{64}$/),
  createdAt: z.string(),
});
export type StoredAgentLogin = z.infer<typeof StoredAgentLogin>;

/**
 * Lanyard 0.1's single document (schema version 1), read once to import it
 * into the record store (legacy-document.ts).
 */
export const LanyardData = z.object({
  schemaVersion: z.literal(1),
  installationId: z.string(),
  settings: Settings,
  activity: z.array(ActivityEntry),
  pki: StoredPki,
  invitations: z.array(StoredInvitation),
  scepTransactions: z.array(ScepTransaction),
  push: StoredPushCertificate.nullable(),
  pushCsr: StoredPushCsr.nullable(),
  devices: z.array(StoredDevice),
  commands: z.array(StoredCommand),
});
