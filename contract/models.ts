import { z } from 'zod';
import { EnrollmentSettings } from './enrollment-models';
import { pageOf, pageQuery } from './paging';

/** Hostname or IP literal that devices use to reach this computer. */
export const HostName = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(253)
  .regex(/^(\[[0-9a-fA-F:.]+\]|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*|[A-Za-z0-9]([A-Za-z0-9-]{0,62})?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,62})?)*\.?)$/, 'must be a host name or an IP address');

export const Port = z.number().int().min(1).max(65535);
/** A port that may be switched off with 0. */
export const OptionalPort = z.number().int().min(0).max(65535);

const optionalText = (max: number) => z.string().trim().max(max);
const optionalEmail = z.union([z.literal(''), z.email('must be an e-mail address')]);
const optionalUrl = z.union([
  z.literal(''),
  z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }),
]);

export const Organization = z.object({
  name: z.string().trim().min(1, 'must not be empty').max(120),
});

export const Helpdesk = z.object({
  name: optionalText(120),
  phone: optionalText(40).regex(/^[0-9+()./ -]*$/, 'must be a phone number'),
  email: optionalEmail,
  website: optionalUrl,
});

export const NetworkSettings = z.object({
  publicHost: HostName,
  mdmPort: Port,
  enrollmentHttpPort: OptionalPort,
});

export const Settings = z.object({
  organization: Organization,
  helpdesk: Helpdesk,
  network: NetworkSettings,
  enrollment: EnrollmentSettings,
  setupCompletedAt: z.string().nullable(),
});
export type Settings = z.infer<typeof Settings>;

export const SettingsPatch = z
  .object({
    organization: Organization.partial().strict(),
    helpdesk: Helpdesk.partial().strict(),
    network: NetworkSettings.partial().strict(),
    enrollment: EnrollmentSettings.partial().strict(),
  })
  .partial()
  .strict();
export type SettingsPatch = z.infer<typeof SettingsPatch>;

export const SetupInput = z
  .object({
    organization: Organization.strict(),
    helpdesk: Helpdesk.strict(),
    network: NetworkSettings.strict(),
  })
  .strict();
export type SetupInput = z.infer<typeof SetupInput>;

export const activityActors = ['admin', 'device', 'agent', 'system'] as const;
export const activityOutcomes = ['ok', 'error', 'warning', 'info'] as const;

export const ActivitySubject = z.object({
  type: z.string(),
  id: z.string(),
  label: z.string().optional(),
});

export const ActivityEntry = z.object({
  id: z.string(),
  at: z.string(),
  actor: z.enum(activityActors),
  action: z.string(),
  outcome: z.enum(activityOutcomes),
  message: z.string(),
  subject: ActivitySubject.optional(),
});
export type ActivityEntry = z.infer<typeof ActivityEntry>;

/** `GET /api/activity`: newest first, filtered, paged by the contract's convention (`limit`, `cursor`). */
export const ActivityQuery = pageQuery({
  actor: z.enum(activityActors).optional(),
  outcome: z.enum(activityOutcomes).optional(),
  subjectId: z.string().max(200).optional(),
  text: z.string().max(200).optional(),
});
export type ActivityQuery = z.infer<typeof ActivityQuery>;

export const ActivityPage = pageOf(ActivityEntry);
export type ActivityPage = z.infer<typeof ActivityPage>;

export const serverStates = ['starting', 'running', 'stopped', 'failed', 'disabled'] as const;
export const ServerStatus = z.object({
  name: z.string(),
  state: z.enum(serverStates),
  url: z.string().optional(),
  error: z.string().optional(),
});
export type ServerStatus = z.infer<typeof ServerStatus>;

/** Where the records live, how many there are, and how long Lanyard keeps history. */
export const StorageStatus = z.object({
  backend: z.enum(['journal', 'postgres', 'memory']),
  /** The store folder, or the database URL without its password. */
  location: z.string(),
  records: z.object({ devices: z.number().int(), commands: z.number().int(), activity: z.number().int() }),
  retention: z.object({
    /** The activity log keeps this many newest entries. */
    activityEntries: z.number().int(),
    /** Each device keeps this many latest finished commands. */
    finishedCommandsPerDevice: z.number().int(),
    /** A finished command is dropped this many days after it finished. */
    finishedCommandDays: z.number().int(),
  }),
});
export type StorageStatus = z.infer<typeof StorageStatus>;

export const SystemStatus = z.object({
  version: z.string(),
  mode: z.enum(['desktop', 'headless']),
  dataDir: z.string(),
  setupComplete: z.boolean(),
  servers: z.array(ServerStatus),
  /** Settings fixed by the command line or environment for this run. */
  pinned: z.array(z.enum(['publicHost', 'mdmPort', 'enrollmentHttpPort'])),
  storage: StorageStatus,
});
export type SystemStatus = z.infer<typeof SystemStatus>;

export const NetworkCandidates = z.object({
  hostname: z.string(),
  addresses: z.array(z.object({ address: z.string(), family: z.enum(['IPv4', 'IPv6']), interface: z.string() })),
});
export type NetworkCandidates = z.infer<typeof NetworkCandidates>;
