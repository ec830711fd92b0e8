import { unwatchFile, watchFile } from 'node:fs';
import { rm } from 'node:fs/promises';
import mqtt, { type MqttClient } from 'mqtt';
import { AgentCommand, onlineTopic, type AgentInventory } from '../../contract/agent-protocol';
import { collectInventory } from './inventory';
import { deployFile, removeFile } from './managed-files';
import { lockScreen } from './os-actions';
import type { AgentState, Enrollment, TaskRecord } from './state';

export interface RunOptions {
  version: string;
  /** Log Lock and Wipe instead of doing them. */
  dryRun: boolean;
  log(line: string): void;
  /** Longest wait between reconnection attempts. */
  maxBackoffMs?: number;
}

type Outcome = { status: 'done' | 'failed' | 'incompatible'; detail: string };

/**
 * The running agent: one persistent MQTT session (clean: false, a stable
 * client id, QoS 1) with a retained `{"online":true}` and the matching last
 * will `{"online":false}`; it reconnects with backoff, answers each task
 * once (a task id seen before gets its recorded answer again) and stops
 * after it has unenrolled.
 */
export class AgentRunner {
  private client: MqttClient | null = null;
  private tasks: Record<string, TaskRecord> = {};
  private work: Promise<void> = Promise.resolve();
  private readonly running = new Set<string>();
  private finished: (reason: 'stopped' | 'unenrolled') => void = () => undefined;
  private backoffMs = 1_000;

  constructor(
    private readonly state: AgentState,
    private readonly enrollment: Enrollment,
    private readonly options: RunOptions,
  ) {}

  private get root(): string {
    return this.enrollment.mqtt.topicRoot;
  }

  /** Runs until stopped or unenrolled. */
  async run(): Promise<'stopped' | 'unenrolled'> {
    this.tasks = await this.state.tasks();
    const done = new Promise<'stopped' | 'unenrolled'>((resolve) => (this.finished = resolve));
    const { mqtt: login } = this.enrollment;
    const client = mqtt.connect(login.url, {
      clientId: login.clientId,
      username: login.username,
      password: login.password,
      clean: false,
      protocolVersion: 4,
      keepalive: login.keepaliveSeconds,
      reconnectPeriod: 1_000,
      connectTimeout: 15_000,
      // The broker's CA as Lanyard named it; null: a publicly trusted certificate (the system's store).
      ...(login.caCertificatePem ? { ca: login.caCertificatePem } : {}),
      rejectUnauthorized: true,
      will: { topic: onlineTopic(this.root), payload: Buffer.from(JSON.stringify({ online: false })), qos: 1, retain: true },
    });
    this.client = client;
    client.on('connect', () => {
      this.backoffMs = 1_000;
      client.options.reconnectPeriod = this.backoffMs;
      this.options.log(`connected to ${login.url}`);
      void this.state.saveRunStatus({ pid: process.pid, connected: true, since: new Date().toISOString(), lastError: null });
      void this.announce(client);
    });
    client.on('reconnect', () => {
      // Backoff: 1 s, 2 s, 4 s … up to the maximum, back to 1 s once connected.
      this.backoffMs = Math.min(this.backoffMs * 2, this.options.maxBackoffMs ?? 60_000);
      client.options.reconnectPeriod = this.backoffMs;
    });
    client.on('error', (error) => {
      this.options.log(`connection problem: ${error.message}`);
      void this.state.saveRunStatus({ pid: process.pid, connected: false, since: new Date().toISOString(), lastError: error.message });
    });
    client.on('close', () => void this.state.saveRunStatus({ pid: process.pid, connected: false, since: new Date().toISOString(), lastError: null }).catch(() => undefined));
    client.on('message', (topic, payload) => {
      this.work = this.work.then(() => this.onTask(topic, payload)).catch((error: Error) => this.options.log(`task on ${topic}: ${error.message}`));
    });
    watchFile(this.state.userPath, { interval: 1_000 }, () => void this.publishUser());
    const reason = await done;
    unwatchFile(this.state.userPath);
    return reason;
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = null;
    // A clean stop still tells Lanyard the agent is gone: the last will is only sent when the connection breaks.
    if (client?.connected) await client.publishAsync(onlineTopic(this.root), JSON.stringify({ online: false }), { qos: 1, retain: true }).catch(() => undefined);
    await client?.endAsync().catch(() => undefined);
    this.finished('stopped');
  }

  private async announce(client: MqttClient): Promise<void> {
    await client.subscribeAsync(`${this.root}/command/#`, { qos: 1 });
    await this.publish(`${this.root}/status/online`, { online: true }, true);
    await this.publishInventory();
    await this.publishUser();
  }

  private async publish(topic: string, message: unknown, retain = false): Promise<void> {
    const client = this.client;
    if (!client) return;
    await client.publishAsync(topic, JSON.stringify(message), { qos: 1, retain });
  }

  private async publishInventory(): Promise<AgentInventory> {
    const inventory = await collectInventory(this.options.version);
    await this.publish(`${this.root}/status/inventory`, inventory);
    return inventory;
  }

  private async publishUser(): Promise<void> {
    const user = await this.state.user().catch(() => null);
    if (user && this.client?.connected) await this.publish(`${this.root}/status/user`, user);
  }

  private async report(taskId: string, outcome: TaskRecord): Promise<void> {
    this.tasks[taskId] = outcome;
    await this.state.saveTasks(this.tasks);
    await this.publish(`${this.root}/status/task/${taskId}`, { status: outcome.status, ...(outcome.detail ? { detail: outcome.detail } : {}) });
  }

  private async onTask(topic: string, payload: Buffer): Promise<void> {
    let json: unknown;
    try {
      json = JSON.parse(payload.toString('utf8'));
    } catch {
      this.options.log(`ignored a task on ${topic} that is not JSON`);
      return;
    }
    const taskIdFromTopic = topic.slice(`${this.root}/command/`.length);
    const parsed = AgentCommand.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const type = (json as { type?: unknown } | null)?.type;
      const unknownType = issue?.path[0] === 'type';
      this.options.log(`task ${taskIdFromTopic}: ${unknownType ? `unknown type ${String(type)}` : `${issue?.path.join('.')}: ${issue?.message}`}`);
      if (/^[A-Za-z0-9._-]{1,100}$/.test(taskIdFromTopic)) {
        await this.report(taskIdFromTopic, { status: unknownType ? 'incompatible' : 'failed', detail: unknownType ? `this agent (${this.options.version}) does not know the task type ${String(type)}` : `invalid task: ${issue?.path.join('.')}: ${issue?.message}`, at: new Date().toISOString() });
      }
      return;
    }
    const task = parsed.data;
    const seen = this.tasks[task.taskId];
    if (seen && seen.status !== 'received') {
      // Sent again (after a restart or reconnect): answer again, do not run again.
      await this.publish(`${this.root}/status/task/${task.taskId}`, { status: seen.status, ...(seen.detail ? { detail: seen.detail } : {}) });
      return;
    }
    if (this.running.has(task.taskId)) return;
    this.running.add(task.taskId);
    try {
      await this.report(task.taskId, { status: 'received', at: new Date().toISOString() });
      const outcome = await this.perform(task).catch((error: Error): Outcome => ({ status: 'failed', detail: error.message }));
      await this.report(task.taskId, { ...outcome, at: new Date().toISOString() });
      this.options.log(`${task.type} ${task.taskId}: ${outcome.status}${outcome.detail ? ` (${outcome.detail})` : ''}`);
      if (outcome.status === 'done' && (task.type === 'Unenroll' || task.type === 'Wipe')) await this.unenroll();
    } finally {
      this.running.delete(task.taskId);
    }
  }

  private async perform(task: AgentCommand): Promise<Outcome> {
    const managed = this.state.managedDir;
    switch (task.type) {
      case 'Ping':
        return { status: 'done', detail: `pong from ${this.options.version}` };
      case 'Inventory': {
        const inventory = await this.publishInventory();
        return { status: 'done', detail: `inventory sent (${inventory.disks.length} disks, ${inventory.interfaces.length} interfaces)` };
      }
      case 'Lock': {
        const locked = await lockScreen(this.options.dryRun, this.options.log);
        return { status: locked.ok ? 'done' : 'failed', detail: locked.detail };
      }
      case 'Wipe': {
        // Only the managed folder, never anything outside it.
        if (this.options.dryRun) {
          this.options.log(`dry run: would remove the managed folder ${managed}`);
          return { status: 'done', detail: `dry run: would remove ${managed}` };
        }
        await rm(managed, { recursive: true, force: true });
        return { status: 'done', detail: 'managed folder removed' };
      }
      case 'Unenroll':
        return { status: 'done', detail: 'unenrolling' };
      case 'DeployFile':
        return { status: 'done', detail: await deployFile(managed, task, this.enrollment.caCertificatePem) };
      case 'RemoveFile':
        return { status: 'done', detail: await removeFile(managed, task.path) };
    }
  }

  /** Flyve's rule, the agent's half: say so, then forget the credentials and stop. */
  private async unenroll(): Promise<void> {
    await this.publish(onlineTopic(this.root), { online: false }, true);
    await this.publish(`${this.root}/status/unenroll`, { unenrolled: true });
    await this.state.forgetEnrollment();
    const client = this.client;
    this.client = null;
    await client?.endAsync().catch(() => undefined);
    this.options.log('unenrolled: the credentials are deleted');
    this.finished('unenrolled');
  }
}
