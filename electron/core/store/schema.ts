import { z } from 'zod';
import { commandStatuses as commandStatusList } from '../../../contract/command-models';
import { ActivityEntry, Settings } from '../../../contract/models';
import { deploymentStatuses } from '../../../contract/deployment-models';

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
  /** The fleet its devices join; null: the default fleet. */
  fleetId: z.string().nullable(),
});
export type StoredInvitation = z.infer<typeof StoredInvitation>;

export const ScepTransaction = z.object({ transactionId: z.string(), certificatePem: z.string(), invitationId: z.string(), at: z.string() });
export type ScepTransaction = z.infer<typeof ScepTransaction>;

export const StoredPushCertificate = SealedCertificate.extend({ topic: z.string(), notAfter: z.string(), importedAt: z.string() });
export type StoredPushCertificate = z.infer<typeof StoredPushCertificate>;
export const StoredPushCsr = z.object({ csrPem: z.string(), sealedKey: z.string(), createdAt: z.string() });
export type StoredPushCsr = z.infer<typeof StoredPushCsr>;

const Json = z.json();

export const devicePlatforms = ['ios', 'ipados', 'macos', 'tvos', 'windows', 'linux', 'unknown'] as const;
export const enrollmentStatuses = ['authenticated', 'enrolled', 'unenrolling', 'unenrolled', 'removed'] as const;

/** What an agent reports of itself; Apple devices have none. */
export const StoredAgentFacts = z.object({
  hostname: z.string(),
  osName: z.string(),
  agentVersion: z.string(),
  user: z.object({ name: z.string(), email: z.string() }).nullable(),
  /** From the agent's retained status/online and its last will. */
  online: z.boolean(),
  onlineChangedAt: z.string().nullable(),
  /** When the admin asked it to unenrol; it is removed when it acknowledges. */
  unenrollRequestedAt: z.string().nullable(),
  inventory: z.record(z.string(), Json).nullable(),
});
export type StoredAgentFacts = z.infer<typeof StoredAgentFacts>;

/**
 * A managed device, over either channel: an Apple device (MDM; its UDID) or
 * a Lanyard agent (MQTT; its udid is its agent id). The Apple fields an
 * agent has no use for stay empty.
 */
export const StoredDevice = z.object({
  id: z.string(),
  channel: z.enum(['mdm', 'agent']),
  udid: z.string(),
  invitationId: z.string().nullable(),
  /** The fleet it belongs to (exactly one; the default fleet when no other). */
  fleetId: z.string().min(1),
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
  agent: StoredAgentFacts.nullable(),
});
export type StoredDevice = z.infer<typeof StoredDevice>;

/** One task for one device (an MDM command or an agent's task) and what became of it. */
export const StoredCommand = z.object({
  uuid: z.string(),
  deviceId: z.string(),
  requestType: z.string(),
  /** MDM: the command dictionary as an XML plist, ready to send; '' for agents and once finished. */
  plist: z.string(),
  /** Agents: the task message as published on <root>/command/<taskId>; null for MDM and once finished. */
  message: z.record(z.string(), Json).nullable(),
  /** What the admin asked for, for display (secrets removed). */
  summary: z.string(),
  status: z.enum(commandStatusList),
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

/** A group of devices; the default fleet ("Unassigned") always exists. */
export const StoredFleet = z.object({ id: z.string().min(1), name: z.string().min(1), createdAt: z.string() });
export type StoredFleet = z.infer<typeof StoredFleet>;

/** One item or command sent to a target; its devices' parts are StoredDeploymentRows. */
export const StoredDeployment = z.object({
  id: z.string(),
  item: z.record(z.string(), Json),
  target: z.record(z.string(), Json),
  summary: z.string(),
  startedAt: z.string(),
  startedBy: z.enum(['admin', 'script']),
  finishedAt: z.string().nullable(),
  canceledAt: z.string().nullable(),
});
export type StoredDeployment = z.infer<typeof StoredDeployment>;

/** One device's part of a deployment; its task (when made) is `commandUuid` on the task queue. */
export const StoredDeploymentRow = z.object({
  /** `<deploymentId>/<deviceId>`: a device has one part per deployment. */
  id: z.string(),
  deploymentId: z.string(),
  deviceId: z.string(),
  status: z.enum(deploymentStatuses),
  reason: z.string().nullable(),
  /** What the admin should know of this device's part even when it went well (settings the device ignores). */
  note: z.string().nullable().optional(),
  commandUuid: z.string().nullable(),
  updatedAt: z.string(),
});
export type StoredDeploymentRow = z.infer<typeof StoredDeploymentRow>;

/** A fleet's blueprint: what every device in it should have. Keyed by the fleet's id. */
export const StoredBlueprint = z.object({ id: z.string(), items: z.array(z.record(z.string(), Json)), updatedAt: z.string() });
export type StoredBlueprint = z.infer<typeof StoredBlueprint>;

/** Where one device stands with one blueprint item; what the blueprint installed is what these say. */
export const StoredBlueprintState = z.object({
  /** `<deviceId>|<item key>`: a device has one state per item, whichever fleet's blueprint holds it. */
  id: z.string(),
  deviceId: z.string(),
  /** The fleet whose blueprint put it there. */
  fleetId: z.string(),
  key: z.string(),
  item: z.record(z.string(), Json),
  state: z.enum(['installing', 'installed', 'failed', 'not_applicable', 'removing']),
  reason: z.string().nullable(),
  /** The install or removal task in flight or last run. */
  taskUuid: z.string().nullable(),
  /** How to take it off again (RemoveProfile, RemoveApplication, RemoveFile); an app's is known once the device says its bundle id. */
  removal: z.object({ requestType: z.string(), params: z.record(z.string(), Json) }).nullable(),
  updatedAt: z.string(),
});
export type StoredBlueprintState = z.infer<typeof StoredBlueprintState>;

/** A configuration profile in the library: its current content; every version's signed file is a StoredProfileVersion. */
export const StoredProfile = z.object({
  id: z.string(),
  name: z.string(),
  identifier: z.string(),
  scope: z.enum(['System', 'User']),
  description: z.string(),
  removalDisallowed: z.boolean(),
  /** Payloads as JSON in Apple's key names ({"$data"} and {"$date"} for plist data and dates); secrets sealed as {"$sealed"}. */
  payloads: z.array(z.record(z.string(), Json)),
  /** Top-level keys of an imported profile Lanyard does not edit (PayloadOrganization, ConsentText, …), kept as they were. */
  extraKeys: z.record(z.string(), Json),
  /**
   * The current version's top-level PayloadUUID. Each version gets its own
   * (the first keeps an imported profile's), so a device's ProfileList says
   * which version it has; the PayloadIdentifier and the payloads' own UUIDs
   * stay the same, so a new version replaces the old one on the device.
   */
  payloadUuid: z.string(),
  version: z.number().int().min(1),
  source: z.enum(['built', 'imported', 'imported-signed']),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type StoredProfile = z.infer<typeof StoredProfile>;

/** One version of a profile exactly as it is exported and installed: signed by the office. */
export const StoredProfileVersion = z.object({
  /** `<profileId>/<version>`. */
  id: z.string(),
  profileId: z.string(),
  version: z.number().int().min(1),
  createdAt: z.string(),
  sha256: z.string(),
  /** The unsigned XML plist, sealed (it holds the payloads' secrets in clear). */
  sealedPlist: z.string(),
  /** The CMS-signed .mobileconfig, sealed. */
  sealedFile: z.string(),
  /** Its size in bytes, before sealing. */
  size: z.number().int().min(0),
  /** Its top-level PayloadUUID, as a device's ProfileList reports it (absent on versions stored before versions had their own). */
  payloadUuid: z.string().optional(),
});
export type StoredProfileVersion = z.infer<typeof StoredProfileVersion>;

/** Which version of a library profile one device has (from Lanyard's InstallProfile and the device's ProfileList). */
export const StoredProfileInstall = z.object({
  /** `<deviceId>|<profileId>`. */
  id: z.string(),
  deviceId: z.string(),
  profileId: z.string(),
  /** The version the device acknowledged last; null until one is. */
  installedVersion: z.number().int().nullable(),
  /** The version on its way, and its InstallProfile task. */
  pendingVersion: z.number().int().nullable(),
  taskUuid: z.string().nullable(),
  /** Why the last install failed, if it did. */
  failure: z.string().nullable(),
  updatedAt: z.string(),
});
export type StoredProfileInstall = z.infer<typeof StoredProfileInstall>;

/** A file in the library agents download from; its bytes live in the data folder under their SHA-256. */
export const StoredFile = z.object({
  id: z.string(),
  name: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  size: z.number().int().min(0),
  uploadedAt: z.string(),
});
export type StoredFile = z.infer<typeof StoredFile>;

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
  invitations: z.array(StoredInvitation.omit({ fleetId: true })),
  scepTransactions: z.array(ScepTransaction),
  push: StoredPushCertificate.nullable(),
  pushCsr: StoredPushCsr.nullable(),
  // As 0.1 wrote them: before agents and fleets, devices had no channel or fleet, tasks no agent message, invitations no fleet (migrations 3 and 4 add them).
  devices: z.array(StoredDevice.omit({ channel: true, agent: true, fleetId: true })),
  commands: z.array(StoredCommand.omit({ message: true })),
});
