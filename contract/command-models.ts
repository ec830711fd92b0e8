import { z } from 'zod';
import { compareKeyParts, pageOf, pageQuery, type CursorKey } from './paging';
import { ProfileOnDevice } from './profile-models';

const pin = z.string().regex(/^\d{6}$/, 'must be 6 digits');
const identifier = z.string().trim().min(1).max(255);
const none = {};

/** Parameters of each MDM command the admin API can queue, by RequestType. */
export const commandParamShapes = {
  DeviceInformation: { queries: z.array(z.string().min(1).max(100)).min(1).max(100).optional() },
  SecurityInfo: none,
  ProfileList: none,
  InstallProfile: { profileBase64: z.string().min(1).max(4_000_000) },
  RemoveProfile: { identifier },
  InstalledApplicationList: none,
  InstallApplication: {
    iTunesStoreId: z.number().int().positive().optional(),
    manifestUrl: z.url({ protocol: /^https$/, error: 'must be an https URL' }).optional(),
    removeWithMdm: z.boolean().default(true),
  },
  RemoveApplication: { identifier },
  DeviceLock: { message: z.string().max(500).optional(), phoneNumber: z.string().max(40).optional(), pin: pin.optional() },
  EraseDevice: { pin: pin.optional(), preserveDataPlan: z.boolean().default(true) },
  ClearPasscode: none,
  RestartDevice: none,
  ShutDownDevice: none,
  Settings: { deviceName: z.string().trim().min(1).max(120) },
  EnableLostMode: { message: z.string().max(500).optional(), phoneNumber: z.string().max(40).optional(), footnote: z.string().max(200).optional() },
  DisableLostMode: none,
  DeviceLocation: none,
  PlayLostModeSound: none,
  Raw: { command: z.record(z.string(), z.json()).optional(), commandPlist: z.string().max(4_000_000).optional() },
} as const;

export type CommandName = keyof typeof commandParamShapes;
export const commandNames = Object.keys(commandParamShapes) as CommandName[];

/** A path inside the agent's managed folder: relative, without "..". */
export const managedPath = z
  .string()
  .min(1)
  .max(500)
  .refine((path) => !path.startsWith('/') && !path.startsWith('\\') && !/^[A-Za-z]:/.test(path) && !path.split(/[\\/]/).includes('..'), 'must be a relative path inside the managed folder, without ".."');

/** Parameters of each command for a Lanyard agent (MQTT), by type; the names differ from every MDM RequestType. */
export const agentCommandParamShapes = {
  Ping: none,
  Inventory: none,
  Lock: { message: z.string().max(500).optional() },
  Wipe: none,
  Unenroll: none,
  DeployFile: { fileId: z.string().min(1).max(100), destination: managedPath },
  RemoveFile: { path: managedPath },
} as const;

export type AgentCommandName = keyof typeof agentCommandParamShapes;
export const agentCommandNames = Object.keys(agentCommandParamShapes) as AgentCommandName[];
export const isAgentCommand = (name: string): name is AgentCommandName => Object.hasOwn(agentCommandParamShapes, name);

/** Which channel a device is managed over: Apple MDM, or the Lanyard agent over MQTT. */
export const deviceChannels = ['mdm', 'agent'] as const;
export type DeviceChannel = (typeof deviceChannels)[number];

/** Rules across fields, checked after the shape. */
const crossFieldRules: Partial<Record<CommandName, { check: (p: Record<string, unknown>) => boolean; message: string }>> = {
  InstallApplication: { check: (p) => (p.iTunesStoreId === undefined) !== (p.manifestUrl === undefined), message: 'give either iTunesStoreId or manifestUrl' },
  EnableLostMode: { check: (p) => Boolean(p.message || p.phoneNumber), message: 'give a message or a phone number to show on the lost device' },
  Raw: { check: (p) => (p.command === undefined) !== (p.commandPlist === undefined), message: 'give either command (JSON) or commandPlist (XML)' },
};

function withRule<T extends z.ZodObject>(name: CommandName, schema: T): T {
  const rule = crossFieldRules[name];
  return rule ? (schema.refine((p) => rule.check(p as Record<string, unknown>), rule.message) as unknown as T) : schema;
}

export function commandParams<K extends CommandName>(name: K) {
  return withRule(name, z.object(commandParamShapes[name]).strict());
}

const DeviceId = z.string().min(1).max(100);

/** `POST /api/devices/:id/commands` body: `{ "requestType", ...parameters }`. */
export const EnqueueCommandInput = z.discriminatedUnion(
  'requestType',
  [
    ...commandNames.map((name) => withRule(name, z.object({ id: DeviceId, requestType: z.literal(name), ...commandParamShapes[name] }).strict())),
    ...agentCommandNames.map((name) => z.object({ id: DeviceId, requestType: z.literal(name), ...agentCommandParamShapes[name] }).strict()),
  ] as unknown as [
    z.ZodObject<{ id: typeof DeviceId; requestType: z.ZodLiteral<CommandName> }>,
  ],
);
export type EnqueueCommandInput = { id: string; requestType: CommandName | AgentCommandName } & Record<string, unknown>;

/**
 * One status list for both channels. MDM: queued → sent → acknowledged | error |
 * format-error (notnow: asked again later). Agents: queued → sent → received →
 * done | failed | incompatible. Either: cancelled, expired.
 */
export const commandStatuses = ['queued', 'sent', 'acknowledged', 'error', 'format-error', 'notnow', 'received', 'done', 'failed', 'incompatible', 'cancelled', 'expired'] as const;

export const CommandView = z.object({
  commandUuid: z.string(),
  deviceId: z.string(),
  requestType: z.string(),
  summary: z.string(),
  status: z.enum(commandStatuses),
  result: z.record(z.string(), z.json()).nullable(),
  errorChain: z.array(z.record(z.string(), z.json())).nullable(),
  queuedAt: z.string(),
  sentAt: z.string().nullable(),
  completedAt: z.string().nullable(),
  notNowCount: z.number().int(),
});
export type CommandView = z.infer<typeof CommandView>;

export const QueuedCommand = z.object({ commandUuid: z.string(), status: z.literal('queued') });

export const DeviceSummary = z.object({
  id: z.string(),
  udid: z.string(),
  serialNumber: z.string(),
  name: z.string(),
  model: z.string(),
  /** Marketing name, e.g. "iPhone" where model is "iPhone16,1". */
  modelName: z.string(),
  osVersion: z.string(),
  channel: z.enum(deviceChannels),
  /** The fleet it belongs to (`fleets.list`); "unassigned" is the default fleet. */
  fleetId: z.string(),
  platform: z.enum(['ios', 'ipados', 'macos', 'tvos', 'windows', 'linux', 'unknown']),
  /** unenrolling: an agent was asked to unenrol and has not acknowledged yet. */
  enrollmentStatus: z.enum(['authenticated', 'enrolled', 'unenrolling', 'unenrolled', 'removed']),
  /** Agents: connected to the broker now (its last will says when not). Apple devices: null (they are reached by push). */
  online: z.boolean().nullable(),
  /** Agents: when Lanyard last saw `online` change (null until it first connects); Apple devices: null. */
  onlineChangedAt: z.string().nullable(),
  /** Agents: the host name they report; Apple devices: null. */
  hostname: z.string().nullable(),
  /** Agents: who uses the device, as typed on the agent (read-only here); Apple devices: null. */
  user: z.object({ name: z.string(), email: z.string() }).nullable(),
  lastSeenAt: z.string(),
  supervised: z.boolean().nullable(),
  pushState: z.enum(['healthy', 'dead', 'none']),
  pendingCommands: z.number().int(),
  /** When inventory last arrived, so a view can refresh its details only then. */
  inventoryAt: z.string().nullable(),
  lostMode: z.boolean().nullable(),
});
export type DeviceSummary = z.infer<typeof DeviceSummary>;

/** `devices.list` pages: the Devices page's order, by name (ignoring case and accents), then serial number, then id; `fleetId` keeps one fleet's devices. */
export const DevicesQuery = pageQuery({ fleetId: z.string().min(1).max(100).optional() });
export const DevicePage = pageOf(DeviceSummary);
export type DevicePage = z.infer<typeof DevicePage>;

export const deviceSortKey = (device: Pick<DeviceSummary, 'name' | 'serialNumber' | 'id'>): CursorKey => [device.name, device.serialNumber, device.id];

/** One collator for every comparison: `localeCompare` with options builds a new one on each call, some 50 times slower. */
const nameCollator = new Intl.Collator(undefined, { sensitivity: 'base' });

export function compareDeviceKeys(a: CursorKey, b: CursorKey): number {
  return nameCollator.compare(String(a[0]), String(b[0])) || compareKeyParts(a[1], b[1]) || compareKeyParts(a[2], b[2]);
}

/** The order of `devices.list` and of the Devices page. */
export const deviceOrder = (a: DeviceSummary, b: DeviceSummary): number => compareDeviceKeys(deviceSortKey(a), deviceSortKey(b));

export const DeviceDetail = DeviceSummary.extend({
  productName: z.string(),
  buildVersion: z.string(),
  invitationId: z.string().nullable(),
  enrolledAt: z.string().nullable(),
  authenticatedAt: z.string(),
  checkedOutAt: z.string().nullable(),
  pushDeadReason: z.string().nullable(),
  lastPushAt: z.string().nullable(),
  hasUnlockToken: z.boolean(),
  hasBootstrapToken: z.boolean(),
  capacityGb: z.number().nullable(),
  availableGb: z.number().nullable(),
  batteryLevel: z.number().nullable(),
  macAddresses: z.record(z.string(), z.string()),
  information: z.record(z.string(), z.json()),
  security: z.record(z.string(), z.json()).nullable(),
  profiles: z.array(z.record(z.string(), z.json())).nullable(),
  /** The library profiles this device has or is getting, with their versions. */
  libraryProfiles: z.array(ProfileOnDevice),
  apps: z.array(z.record(z.string(), z.json())).nullable(),
  location: z.record(z.string(), z.json()).nullable(),
  /** Commands this device cannot run, with the reason (for the UI's buttons). */
  unavailableCommands: z.record(z.string(), z.string()),
  /** Agents: what the agent reported (OS, CPU, memory, disks, interfaces, uptime, user, agent version); null for Apple devices. */
  agentInventory: z.record(z.string(), z.json()).nullable(),
});
export type DeviceDetail = z.infer<typeof DeviceDetail>;

export const DeviceIdInput = z.object({ id: DeviceId }).strict();

/**
 * `DELETE /api/devices/:id`: an Apple device is removed at once (its next
 * request unenrols it); an agent is asked to unenrol and removed when it
 * acknowledges, or at once with `force=true` (a lost PC).
 */
export const RemoveDeviceInput = z
  .object({ id: DeviceId, force: z.union([z.boolean(), z.enum(['true', 'false']).transform((value) => value === 'true')]).default(false) })
  .strict();

/** `commands.list` pages: one device's queue and history, newest first. */
export const CommandsQuery = pageQuery({ id: DeviceId });
export const CommandPage = pageOf(CommandView);
export type CommandPage = z.infer<typeof CommandPage>;
export const CommandUuidInput = z.object({ uuid: z.string().min(1).max(100) }).strict();
