import { z } from 'zod';
import { agentCommandNames, agentCommandParamShapes, commandNames, commandParams, managedPath, type AgentCommandName, type CommandName } from './command-models';
import { deviceChannels } from './command-models';
import { pageOf, pageQuery } from './paging';

/**
 * What one device's part of a deployment went through:
 * pending (not yet taken by the device) → sent → acknowledged (Apple) / done
 * (agent) | failed (with the reason) | not_applicable (the item does not fit
 * the device's channel or model) | canceled. NotNow from a device keeps it
 * sent, not failed.
 */
export const deploymentStatuses = ['pending', 'sent', 'acknowledged', 'done', 'failed', 'not_applicable', 'canceled'] as const;
export type DeploymentStatus = (typeof deploymentStatuses)[number];
export const finalDeploymentStatuses: ReadonlySet<DeploymentStatus> = new Set(['acknowledged', 'done', 'failed', 'not_applicable', 'canceled']);

const isMdmCommand = (name: string): name is CommandName => (commandNames as readonly string[]).includes(name);
const isAgentCommand = (name: string): name is AgentCommandName => (agentCommandNames as readonly string[]).includes(name);

/**
 * `{"kind":"command","requestType":"DeviceInformation",…parameters}`: any
 * command of either channel with its parameters, checked as
 * `POST /api/devices/:id/commands` checks them. Apple commands go to Apple
 * devices, agent commands to agents; the others are not applicable.
 */
export const CommandItem = z
  .object({ kind: z.literal('command'), requestType: z.string().min(1).max(100) })
  .catchall(z.unknown())
  .superRefine((item, context) => {
    const { kind: _kind, requestType, ...params } = item;
    if (!isMdmCommand(requestType) && !isAgentCommand(requestType)) {
      context.addIssue({ code: 'custom', path: ['requestType'], message: `unknown command "${requestType.slice(0, 100)}"; Apple devices take ${commandNames.join(', ')}; agents take ${agentCommandNames.join(', ')}` });
      return;
    }
    const schema = isMdmCommand(requestType) ? commandParams(requestType) : z.object(agentCommandParamShapes[requestType]).strict();
    const parsed = schema.safeParse(params);
    if (!parsed.success) for (const issue of parsed.error.issues) context.addIssue({ code: 'custom', path: issue.path, message: issue.message });
  });

/** An app for Apple devices, by App Store id or manifest URL (`InstallApplication`). */
export const AppItem = z.union([
  z.object({ kind: z.literal('app'), iTunesStoreId: z.number().int().positive() }).strict(),
  z.object({ kind: z.literal('app'), manifestUrl: z.url({ protocol: /^https$/, error: 'must be an https URL' }) }).strict(),
]);

/** A file from the library for agents (`DeployFile`), to a path inside the agent's managed folder. */
export const FileItem = z.object({ kind: z.literal('file'), fileId: z.string().min(1).max(100), destination: managedPath }).strict();

/** A configuration profile from the library for Apple devices (`InstallProfile`, signed by the office), at its current version. */
export const ProfileItem = z.object({ kind: z.literal('profile'), profileId: z.string().min(1).max(100) }).strict();

export const DeploymentItem = z.union([CommandItem, AppItem, FileItem, ProfileItem]);
export type DeploymentItem = z.infer<typeof DeploymentItem>;

/** Who gets it: a fleet (and devices that join it while it runs), a list of devices, or every managed device. */
export const DeploymentTarget = z.union([
  z.object({ fleetId: z.string().min(1).max(100) }).strict(),
  z.object({ deviceIds: z.array(z.string().min(1).max(100)).min(1, 'name at least one device').max(10_000) }).strict(),
  z.object({ all: z.literal(true) }).strict(),
]);
export type DeploymentTarget = z.infer<typeof DeploymentTarget>;

export const DeploymentCounts = z.object(Object.fromEntries(deploymentStatuses.map((status) => [status, z.number().int().min(0)])) as Record<DeploymentStatus, z.ZodNumber>);
export type DeploymentCounts = z.infer<typeof DeploymentCounts>;

export const DeploymentView = z.object({
  id: z.string(),
  item: z.record(z.string(), z.unknown()),
  target: z.record(z.string(), z.unknown()),
  /** What it does, for people: "Install app 361309726 on Front desk". */
  summary: z.string(),
  counts: DeploymentCounts,
  total: z.number().int().min(0),
  startedAt: z.string(),
  /** admin: from the desktop app; script: through the admin API (the browser UI or a script: both hold the admin token). */
  startedBy: z.enum(['admin', 'script']),
  /** When the last device's part became final; null while any is pending or sent. */
  finishedAt: z.string().nullable(),
  canceledAt: z.string().nullable(),
  /** The latest failure, while any device's part has failed: whose, and why. */
  failure: z.object({ deviceName: z.string(), reason: z.string() }).nullable(),
});
export type DeploymentView = z.infer<typeof DeploymentView>;

export const DeploymentDeviceRow = z.object({
  deviceId: z.string(),
  deviceName: z.string(),
  channel: z.enum(deviceChannels),
  status: z.enum(deploymentStatuses),
  /** Why it failed or does not apply; null otherwise. */
  reason: z.string().nullable(),
  /** Something to know even when it went well, e.g. the settings an unsupervised iPhone ignores. */
  note: z.string().nullable(),
  commandUuid: z.string().nullable(),
  updatedAt: z.string(),
});
export type DeploymentDeviceRow = z.infer<typeof DeploymentDeviceRow>;

export const CreateDeploymentInput = z.object({ item: DeploymentItem, target: DeploymentTarget }).strict();
export const DeploymentIdInput = z.object({ id: z.string().min(1).max(100) }).strict();

/** Newest first. */
export const DeploymentsQuery = pageQuery();
export const DeploymentPage = pageOf(DeploymentView);

/** One deployment with a page of its devices (by name), optionally only those with one status. */
export const DeploymentQuery = pageQuery({ id: z.string().min(1).max(100), status: z.enum(deploymentStatuses).optional() });
export const DeploymentDetail = DeploymentView.extend({ devices: pageOf(DeploymentDeviceRow) });
export type DeploymentDetail = z.infer<typeof DeploymentDetail>;
