import { z } from 'zod';

/**
 * The MQTT protocol between Lanyard and its agents (docs/agent-protocol.md):
 * the topics under an agent's root and the JSON of every message, one zod
 * schema each. Shared by the core and the reference agent, so both read and
 * write exactly this. Unknown fields are ignored (dropped), so a newer peer
 * may add fields without breaking an older one; a change that would break
 * one raises `agentProtocolVersion`.
 */
export const agentProtocolVersion = 1;

/** The MQTT keepalive agents use: a silent agent is offline within 1.5 × this. */
export const agentKeepaliveSeconds = 30;

/** Every message is small; anything larger is refused unread. */
export const maxAgentMessageBytes = 256 * 1024;

const TaskId = z.string().min(1).max(100).regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, dot, dash and underscore only');
const Text = (max: number) => z.string().max(max);

// Enrolment: POST <device-facing HTTPS base>/agent/enroll (JSON both ways).

export const AgentEnrollRequest = z.object({
  invitation: z.string().min(1).max(200),
  serial: z.string().trim().min(1).max(100),
  hostname: z.string().trim().min(1).max(255),
  os: z.object({ name: z.string().trim().min(1).max(100), version: Text(100) }),
  user: z.object({ name: Text(200), email: z.union([z.email().max(320), z.literal('')]) }).optional(),
  agentVersion: Text(50).optional(),
});
export type AgentEnrollRequest = z.infer<typeof AgentEnrollRequest>;

export const AgentEnrollResponse = z.object({
  agentId: z.string(),
  /** The protocol version Lanyard speaks (`agentProtocolVersion`). */
  protocolVersion: z.number().int().positive(),
  mqtt: z.object({
    url: z.string(),
    clientId: z.string(),
    username: z.string(),
    password: z.string(),
    topicRoot: z.string(),
    keepaliveSeconds: z.number().int().positive(),
    /** The CA the broker's certificate chains to: the office CA for the embedded broker; null for a broker with a publicly trusted certificate. */
    caCertificatePem: z.string().nullable(),
  }),
  /** The office CA, PEM: the broker's and Lanyard's certificates chain to it. */
  caCertificatePem: z.string(),
});
export type AgentEnrollResponse = z.infer<typeof AgentEnrollResponse>;

/** The error body of a refused enrolment: `{"error":{"code","message"}}`, like the admin API's. */
export const AgentEnrollError = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

// Lanyard → agent, on <root>/command/<taskId>, QoS 1, not retained.

const commandBase = { taskId: TaskId };
export const AgentCommand = z.discriminatedUnion('type', [
  z.object({ ...commandBase, type: z.literal('Ping') }),
  z.object({ ...commandBase, type: z.literal('Inventory') }),
  z.object({ ...commandBase, type: z.literal('Lock'), message: Text(500).optional() }),
  z.object({ ...commandBase, type: z.literal('Wipe') }),
  z.object({ ...commandBase, type: z.literal('Unenroll') }),
  z.object({
    ...commandBase,
    type: z.literal('DeployFile'),
    fileId: z.string().min(1).max(100),
    /** Relative to the agent's managed folder; never absolute, never with "..". */
    destination: z
      .string()
      .min(1)
      .max(500)
      .refine((path) => !path.startsWith('/') && !/^[A-Za-z]:/.test(path) && !path.split(/[\\/]/).includes('..'), 'must be a relative path inside the managed folder'),
    /** An HTTPS URL signed for this file, this agent and an expiry. */
    url: z.url({ protocol: /^https$/ }),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    size: z.number().int().min(0),
  }),
  z.object({ ...commandBase, type: z.literal('RemoveFile'), path: z.string().min(1).max(500) }),
]);
export type AgentCommand = z.infer<typeof AgentCommand>;

// Agent → Lanyard, under <root>/status/, QoS 1.

/** status/online, retained; the agent's last will is {"online":false} on the same topic, retained. */
export const OnlineStatus = z.object({ online: z.boolean() });

/** status/task/<taskId>. */
export const TaskStatus = z.object({ status: z.enum(['received', 'done', 'failed', 'incompatible']), detail: Text(2000).optional() });

/** status/user: who uses the device, as its user typed it on the agent. */
export const AgentUser = z.object({ name: Text(200), email: z.union([z.email().max(320), z.literal('')]) });

/** status/unenroll: the acknowledgement that the agent removed itself. */
export const UnenrollAck = z.object({ unenrolled: z.literal(true) });

const ByteCount = z.number().int().min(0);
/** status/inventory, at enrolment and on request. */
export const AgentInventory = z.object({
  hostname: Text(255),
  os: z.object({ name: Text(100), version: Text(100) }),
  cpu: z.object({ model: Text(200), cores: z.number().int().min(0) }),
  memoryBytes: ByteCount,
  disks: z.array(z.object({ mount: Text(500), sizeBytes: ByteCount, freeBytes: ByteCount })).max(100),
  interfaces: z.array(z.object({ name: Text(100), mac: Text(50), addresses: z.array(Text(100)).max(50) })).max(100),
  uptimeSeconds: z.number().min(0),
  loggedInUser: Text(200).optional(),
  agentVersion: Text(50),
});
export type AgentInventory = z.infer<typeof AgentInventory>;

/** A message an agent sent, read and checked. */
export type AgentMessage =
  | { kind: 'online'; online: boolean }
  | { kind: 'task'; taskId: string; status: z.infer<typeof TaskStatus> }
  | { kind: 'inventory'; inventory: AgentInventory }
  | { kind: 'user'; user: z.infer<typeof AgentUser> }
  | { kind: 'unenroll' };

export type ReadAgentMessage = { ok: true; message: AgentMessage } | { ok: false; problem: string };

/** The topic Lanyard publishes a task on. */
export const commandTopic = (topicRoot: string, taskId: string): string => `${topicRoot}/command/${taskId}`;

/** The topic of the agent's online status (and of its last will). */
export const onlineTopic = (topicRoot: string): string => `${topicRoot}/status/online`;

/**
 * Reads a message published under an agent's root. Never throws: anything
 * that is not exactly one of the messages above comes back with the problem,
 * for the log, and must change nothing.
 */
export function readAgentMessage(topicRoot: string, topic: string, payload: Uint8Array): ReadAgentMessage {
  const prefix = `${topicRoot}/status/`;
  if (!topic.startsWith(prefix)) return { ok: false, problem: `the topic is not under ${prefix}` };
  if (payload.byteLength > maxAgentMessageBytes) return { ok: false, problem: `the message is ${payload.byteLength} bytes; at most ${maxAgentMessageBytes} are read` };
  const path = topic.slice(prefix.length).split('/');
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(payload));
  } catch (error) {
    return { ok: false, problem: `the message is not JSON (${(error as Error).message})` };
  }
  const check = <S extends z.ZodType>(schema: S, build: (value: z.infer<S>) => AgentMessage): ReadAgentMessage => {
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return { ok: false, problem: `${path.join('/')}: ${issue?.path.join('.') || 'the message'}: ${issue?.message ?? 'invalid'}` };
    }
    return { ok: true, message: build(parsed.data) };
  };
  if (path.length === 1 && path[0] === 'online') return check(OnlineStatus, (value) => ({ kind: 'online', online: value.online }));
  if (path.length === 1 && path[0] === 'inventory') return check(AgentInventory, (inventory) => ({ kind: 'inventory', inventory }));
  if (path.length === 1 && path[0] === 'user') return check(AgentUser, (user) => ({ kind: 'user', user }));
  if (path.length === 1 && path[0] === 'unenroll') return check(UnenrollAck, () => ({ kind: 'unenroll' }));
  if (path.length === 2 && path[0] === 'task') {
    const taskId = TaskId.safeParse(path[1]);
    if (!taskId.success) return { ok: false, problem: `task id "${path[1]}": ${taskId.error.issues[0]?.message ?? 'invalid'}` };
    return check(TaskStatus, (status) => ({ kind: 'task', taskId: taskId.data, status }));
  }
  return { ok: false, problem: `no message is defined for status/${path.join('/')}` };
}
