import { KeyedSerializer } from '../system/keyed-serializer';
import { randomUUID } from 'node:crypto';
import { ApiError, describeValidationError } from '../../../contract/errors';
import { commandTopic, type AgentCommand, type AgentInventory, type AgentMessage } from '../../../contract/agent-protocol';
import { agentCommandParamShapes, isAgentCommand, type AgentCommandName } from '../../../contract/command-models';
import { z } from 'zod';
import type { ActivityLog } from '../activity/activity-log';
import type { DeviceRouter } from '../device-server/device-router';
import { commandView, deviceSummary, type ChannelDetail } from '../devices/device-views';
import type { TaskQueue } from '../devices/task-queue';
import type { TaskChannel } from '../devices/task-channel';
import type { EventBus } from '../events/event-bus';
import type { FileLibrary } from '../files/file-library';
import type { InvitationService } from '../invitations/invitation-service';
import type { Logger } from '../logger';
import type { LanyardStore, LanyardTransaction } from '../store/lanyard-store';
import type { StoredCommand, StoredDevice } from '../store/schema';
import { AgentEnrollment, platformOfOs } from './agent-enrollment';
import { AgentFileDownloads } from './agent-file-downloads';
import { AgentLoginStore } from './agent-login-store';
import { AgentMessageReader } from './agent-message-reader';
import type { AgentTransport, BrokerAccounts } from './agent-transport';

export interface AgentModuleOptions {
  store: LanyardStore;
  queue: TaskQueue;
  invitations: InvitationService;
  files: FileLibrary;
  activity: ActivityLog;
  events: EventBus;
  logger: Logger;
  /** The agent channel registers its enrolment and download endpoints here. */
  deviceRoutes: DeviceRouter;
  /** Keeps an external broker's logins in step; the embedded broker needs nothing. */
  accounts: BrokerAccounts;
  /** The broker agents connect to, or why none runs. */
  broker(): { url: string; caPem: string | null } | { off: string };
  caCertificatePem(): string;
  /** https://host:port of the device-facing server (downloads are signed links under it). */
  serverBase(): string;
  /** The MQTT keepalive agents are given (30 s by default). */
  keepaliveSeconds?: number;
  /** Signs and checks the download links. */
  links: { sign(text: string): Promise<string>; valid(text: string, signature: string): Promise<boolean> };
  now?: () => Date;
}

/** How long a download link in a DeployFile task stays valid; a task sent again gets a new one. */
export const downloadLinkHours = 24;

/** Tasks an agent has not answered are dropped after this long. */
const taskLifetimeMs = 30 * 86_400_000;

/**
 * The agent channel: enrolment with an invitation, the agents' messages
 * (online, inventory, user, task statuses, the unenrol ack) and their tasks
 * on the shared task queue, published on `<root>/command/<taskId>` and sent
 * again after a restart or reconnect until the agent answers. Agents are
 * devices like Apple ones (`channel: 'agent'`).
 */
export class AgentModule {
  readonly logins: AgentLoginStore;
  readonly reader: AgentMessageReader;
  private transport: AgentTransport | null = null;
  /** Each agent's messages are applied one after the other, in the order the broker delivered them. */
  private readonly applying = new KeyedSerializer();

  constructor(private readonly options: AgentModuleOptions) {
    this.logins = new AgentLoginStore(options.store);
    this.reader = new AgentMessageReader(options.store, options.logger, (agentId, message) => this.applyInOrder(agentId, message));
    new AgentEnrollment({ ...options, logins: this.logins }).register(options.deviceRoutes);
    new AgentFileDownloads({ files: options.files, logins: this.logins, links: options.links, logger: options.logger, now: options.now }).register(options.deviceRoutes);
  }

  private now(): Date {
    return (this.options.now ?? (() => new Date()))();
  }

  /**
   * The embedded broker starts with nobody connected: every agent is offline
   * until it connects again (an external broker's retained status says
   * otherwise as soon as Lanyard subscribes).
   */
  async markAllOffline(): Promise<void> {
    const { store } = this.options;
    const online = [...store.collection('agentLogins').values()].map((login) => store.collection('devices').get(login.agentId)).filter((device) => device?.agent?.online);
    if (online.length === 0) return;
    const at = this.now().toISOString();
    await store.update((tx) => {
      for (const device of online) tx.put('devices', { ...device!, agent: { ...device!.agent!, online: false, onlineChangedAt: at } });
    });
    for (const device of online) this.emitDevice(device!.id);
  }

  /** Uses this connection to reach agents; everything still open is sent whenever it connects. */
  attach(transport: AgentTransport): void {
    this.transport = transport;
    transport.onConnected(() => void this.sendAllOpen());
  }

  /** Queues a task for an agent; it is sent now if the broker is reachable, else when it is. */
  async enqueue(deviceId: string, type: AgentCommandName, rawParams: Record<string, unknown>): Promise<StoredCommand> {
    const device = this.requireAgent(deviceId);
    const task = this.prepareTask(device, type, rawParams, 'admin');
    await this.options.store.update((tx) => this.storeTaskIn(tx, device, task));
    this.dispatchTask(task);
    return task;
  }

  /** Agents' side of the one task queue, for deployments. */
  readonly tasks: TaskChannel = {
    prepare: async (device, requestType, params, origin) => {
      if (device.channel !== 'agent') throw new ApiError('conflict', `${requestType} is an agent command; ${device.name} is an Apple device managed over MDM`);
      if (!isAgentCommand(requestType)) throw new ApiError('conflict', `${requestType} is not an agent command`);
      return this.prepareTask(device, requestType, params, origin);
    },
    storeIn: (tx, device, task) => this.storeTaskIn(tx, device, task),
    dispatch: (task) => this.dispatchTask(task),
  };

  private prepareTask(device: StoredDevice, type: AgentCommandName, rawParams: Record<string, unknown>, origin: StoredCommand['origin']): StoredCommand {
    if (device.enrollmentStatus !== 'enrolled') throw new ApiError('conflict', `${device.name} is ${device.enrollmentStatus}; it takes no more tasks`);
    const parsed = z.object(agentCommandParamShapes[type]).strict().safeParse(rawParams);
    if (!parsed.success) throw describeValidationError(parsed.error);
    const params = parsed.data as Record<string, unknown>;
    const taskId = randomUUID();
    const { message, summary } = this.taskMessage(taskId, type, params);
    const at = this.now();
    const task: StoredCommand = {
      uuid: taskId,
      deviceId: device.id,
      requestType: type,
      plist: '',
      message,
      summary,
      status: 'queued',
      queuedAt: at.toISOString(),
      sentAt: null,
      completedAt: null,
      expiresAt: new Date(at.getTime() + taskLifetimeMs).toISOString(),
      notNowCount: 0,
      result: null,
      errorChain: null,
      origin,
    };
    return task;
  }

  private storeTaskIn(tx: LanyardTransaction, device: StoredDevice, task: StoredCommand): void {
    tx.put('commands', task);
    // Wipe ends with the agent removing itself, so both wait for its acknowledgement.
    if (task.requestType === 'Unenroll' || task.requestType === 'Wipe') this.markUnenrollingIn(tx, device, new Date(task.queuedAt));
    this.options.queue.pruneIn(tx, device.id);
  }

  private dispatchTask(task: StoredCommand): void {
    this.options.events.emit('commands.changed', commandView(task));
    this.emitDevice(task.deviceId);
    void this.deliver(task);
  }

  /**
   * Removes an agent. Without `force` it is asked to unenrol and stays
   * `unenrolling` until it acknowledges; with `force` (a lost PC) its login
   * is revoked and it is removed at once.
   */
  async remove(deviceId: string, force: boolean): Promise<StoredDevice> {
    const device = this.requireAgent(deviceId);
    if (force || device.enrollmentStatus === 'removed') return this.finishRemoval(device, 'forced');
    if (device.enrollmentStatus !== 'unenrolling') await this.enqueue(device.id, 'Unenroll', {});
    return this.requireAgent(deviceId);
  }

  /** Agents moved to another fleet: the broker opens the new fleet's command topics to them and closes the old one's. */
  async fleetsChanged(moves: readonly { device: StoredDevice; from: string; to: string }[]): Promise<void> {
    for (const { device, from, to } of moves) {
      if (device.channel !== 'agent') continue;
      const login = this.logins.byAgent(device.id);
      if (!login) continue;
      await this.options.accounts.moveToFleet(login.username, from, to).catch((error: Error) => this.options.logger.warn(`agent ${device.id}: the broker did not take its move to fleet ${to}: ${error.message}`));
    }
  }

  requireAgent(deviceId: string): StoredDevice {
    const device = this.options.store.collection('devices').get(deviceId);
    if (!device) throw new ApiError('not_found', `no device with id ${deviceId}`, 'id');
    if (device.channel !== 'agent' || !device.agent) throw new ApiError('conflict', `${device.name} is an Apple device; agent commands do not apply`);
    return device;
  }

  /** What an agent's page shows beyond its summary. */
  channelDetail(device: StoredDevice): ChannelDetail {
    const inventory = device.agent?.inventory as Partial<AgentInventory> | null | undefined;
    const root = inventory?.disks?.find((disk) => disk.mount === '/' || /^[A-Z]:\\?$/i.test(disk.mount)) ?? inventory?.disks?.[0];
    const macAddresses: Record<string, string> = {};
    for (const face of inventory?.interfaces ?? []) if (face.mac && face.mac !== '00:00:00:00:00:00') macAddresses[face.name] = face.mac;
    const unavailableCommands: Record<string, string> = {};
    if (device.enrollmentStatus !== 'enrolled') for (const name of Object.keys(agentCommandParamShapes)) unavailableCommands[name] = `the agent is ${device.enrollmentStatus}`;
    const gb = (bytes: number | undefined) => (bytes === undefined ? null : Math.round((bytes / 1e9) * 10) / 10);
    return { unavailableCommands, capacityGb: gb(root?.sizeBytes), availableGb: gb(root?.freeBytes), batteryLevel: null, macAddresses };
  }

  private applyInOrder(agentId: string, message: AgentMessage): void {
    this.applying.run(agentId, () => this.apply(agentId, message)).catch((error: Error) => this.options.logger.error(`agent ${agentId}: ${error.message}`));
  }

  /** Acts on one checked message from a known agent. */
  async apply(agentId: string, message: AgentMessage): Promise<void> {
    const { store, queue, events, logger } = this.options;
    const device = store.collection('devices').get(agentId);
    if (!device?.agent || device.enrollmentStatus === 'removed') {
      logger.warn(`agent message ignored: agent ${agentId} is not an enrolled device`);
      return;
    }
    const at = this.now().toISOString();
    switch (message.kind) {
      case 'online': {
        if (device.agent.online === message.online) return;
        await this.changeDevice(agentId, (d) => {
          d.agent!.online = message.online;
          d.agent!.onlineChangedAt = at;
          d.lastSeenAt = at;
        });
        if (message.online) await this.sendOpen(agentId);
        return;
      }
      case 'user':
        await this.changeDevice(agentId, (d) => {
          d.agent!.user = message.user;
          d.lastSeenAt = at;
        });
        return;
      case 'inventory': {
        const inventory = message.inventory;
        await this.changeDevice(agentId, (d) => {
          const agent = d.agent!;
          if (d.name === agent.hostname) d.name = inventory.hostname;
          agent.hostname = inventory.hostname;
          agent.osName = inventory.os.name;
          agent.agentVersion = inventory.agentVersion;
          agent.inventory = inventory as unknown as Record<string, never>;
          d.platform = platformOfOs(inventory.os.name);
          d.modelName = inventory.os.name;
          d.osVersion = inventory.os.version;
          d.inventoryAt = at;
          d.lastSeenAt = at;
        });
        return;
      }
      case 'task': {
        const outcome = await store.update((tx) => {
          const reported = queue.reportAgentIn(tx, agentId, message.taskId, message.status.status, message.status.detail);
          const live = store.collection('devices').get(agentId);
          if (live && reported.kind === 'recorded') tx.put('devices', { ...live, lastSeenAt: at });
          return reported;
        });
        if (outcome.kind === 'unknown') logger.warn(`agent ${agentId} reported on task ${message.taskId}, which is not one of its tasks; ignored`);
        if (outcome.kind !== 'recorded') return;
        events.emit('commands.changed', commandView(outcome.command));
        this.emitDevice(agentId);
        return;
      }
      case 'unenroll': {
        if (device.enrollmentStatus !== 'unenrolling') {
          logger.warn(`agent ${device.name} (${agentId}) acknowledged an unenrolment nobody asked for; ignored`);
          await this.options.activity.record({ actor: 'device', action: 'Unexpected unenrolment', outcome: 'error', message: `${device.name} said it unenrolled, but it was not asked to; it stays enrolled`, subject: subjectOf(device) });
          return;
        }
        await this.finishRemoval(device, 'acknowledged');
        return;
      }
    }
  }

  /** Sends every open task of every agent: after Lanyard or the broker restarted. */
  async sendAllOpen(): Promise<void> {
    for (const login of [...this.options.store.collection('agentLogins').values()]) await this.sendOpen(login.agentId);
  }

  /** Sends an agent's open tasks again, oldest first; the agent ignores a task id it has seen. */
  async sendOpen(agentId: string): Promise<void> {
    for (const task of this.options.queue.open(agentId)) await this.deliver(task);
  }

  private async deliver(task: StoredCommand): Promise<void> {
    const transport = this.transport;
    const login = this.logins.byAgent(task.deviceId);
    if (!transport?.connected || !login || !task.message) return;
    if (new Date(task.expiresAt) <= this.now()) {
      await this.options.store.update((tx) => this.options.queue.reportAgentIn(tx, task.deviceId, task.uuid, 'failed', 'expired: the agent did not answer in 30 days'));
      return;
    }
    try {
      const message = await this.wireMessage(task);
      await transport.publish(commandTopic(login.topicRoot, task.uuid), JSON.stringify(message));
    } catch (error) {
      this.options.logger.warn(`agent task ${task.uuid} (${task.requestType}) not sent yet: ${(error as Error).message}; it is sent again when the connection is back`);
      return;
    }
    const sent = await this.options.store.update((tx) => this.options.queue.markSentIn(tx, task.uuid));
    if (sent) this.options.events.emit('commands.changed', commandView(sent));
  }

  /** The task as published; a DeployFile gets a fresh signed link each time it is sent. */
  private async wireMessage(task: StoredCommand): Promise<AgentCommand> {
    const message = task.message as unknown as AgentCommand;
    if (message.type !== 'DeployFile') return message;
    const expires = Math.floor(this.now().getTime() / 1000) + downloadLinkHours * 3600;
    const signed = `${message.fileId}|${task.deviceId}|${expires}`;
    const query = new URLSearchParams({ agent: task.deviceId, expires: String(expires), sig: await this.options.links.sign(signed) });
    return { ...message, url: `${this.options.serverBase()}/agent/files/${message.fileId}?${query.toString()}` };
  }

  private taskMessage(taskId: string, type: AgentCommandName, params: Record<string, unknown>): { message: Record<string, never>; summary: string } {
    const base = { taskId, type };
    switch (type) {
      case 'DeployFile': {
        const file = this.options.files.require(String(params.fileId));
        // The link is added when it is sent (wireMessage).
        return { message: { ...base, fileId: file.id, destination: params.destination, sha256: file.sha256, size: file.size } as never, summary: `Deploy ${file.name} to ${String(params.destination)}` };
      }
      case 'RemoveFile':
        return { message: { ...base, path: params.path } as never, summary: `Remove ${String(params.path)}` };
      case 'Lock':
        return { message: (params.message ? { ...base, message: params.message } : base) as never, summary: 'Lock the screen' };
      default:
        return { message: base as never, summary: taskSummaries[type] };
    }
  }

  private markUnenrollingIn(tx: LanyardTransaction, device: StoredDevice, at: Date): void {
    const live = this.options.store.collection('devices').get(device.id) ?? device;
    tx.put('devices', { ...live, enrollmentStatus: 'unenrolling', agent: { ...live.agent!, unenrollRequestedAt: at.toISOString() } });
  }

  private async finishRemoval(device: StoredDevice, how: 'acknowledged' | 'forced'): Promise<StoredDevice> {
    const { store, queue, events, accounts, logger } = this.options;
    const login = this.logins.byAgent(device.id);
    if (login) await accounts.remove(login.username).catch((error: Error) => logger.warn(`agent ${device.id}: could not remove its broker login: ${error.message}`));
    const at = this.now().toISOString();
    const removed = await store.update((tx) => {
      const live = store.collection('devices').get(device.id) ?? device;
      const next: StoredDevice = { ...live, enrollmentStatus: 'removed', removedAt: at, agent: live.agent ? { ...live.agent, online: false } : null };
      tx.put('devices', next);
      this.logins.revokeIn(tx, device.id);
      queue.clearIn(tx, device.id, 'cancelled: the agent was removed');
      this.options.activity.appendTo(tx, {
        actor: how === 'acknowledged' ? 'device' : 'admin',
        action: 'Agent removed',
        outcome: 'ok',
        message: how === 'acknowledged' ? `${device.name} unenrolled and was removed; its login is revoked` : `${device.name} was removed without its acknowledgement; its login is revoked`,
        subject: subjectOf(device),
      });
      return next;
    });
    events.emit('devices.removed', { id: device.id });
    return removed;
  }

  private async changeDevice(agentId: string, change: (device: StoredDevice) => void): Promise<void> {
    const { store } = this.options;
    await store.update((tx) => {
      const live = store.collection('devices').get(agentId);
      if (!live?.agent) return;
      const next = { ...live, agent: { ...live.agent } };
      change(next);
      tx.put('devices', next);
    });
    this.emitDevice(agentId);
  }

  private emitDevice(deviceId: string): void {
    const device = this.options.store.collection('devices').get(deviceId);
    if (device && device.enrollmentStatus !== 'removed') this.options.events.emit('devices.changed', deviceSummary(device, this.options.queue));
  }
}

const taskSummaries: Record<AgentCommandName, string> = {
  Ping: 'Ping',
  Inventory: 'Inventory',
  Lock: 'Lock the screen',
  Wipe: 'Wipe the managed folder and unenrol',
  Unenroll: 'Unenrol',
  DeployFile: 'Deploy a file',
  RemoveFile: 'Remove a file',
};

function subjectOf(device: StoredDevice): { type: string; id: string; label: string } {
  return { type: 'device', id: device.id, label: device.name };
}

