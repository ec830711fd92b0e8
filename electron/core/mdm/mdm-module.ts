import { ApiError } from '../../../contract/errors';
import { agentCommandNames, commandParams, type CommandName } from '../../../contract/command-models';
import type { ActivityLog } from '../activity/activity-log';
import type { DeviceRouter } from '../device-server/device-router';
import type { EnrollmentModule } from '../enrollment/enrollment-module';
import type { EventBus } from '../events/event-bus';
import type { Logger } from '../logger';
import type { SecretBox } from '../secrets/secret-box';
import type { LanyardStore } from '../store/lanyard-store';
import type { StoredCommand, StoredDevice } from '../store/schema';
import type { TaskChannel } from '../devices/task-channel';
import { describeValidationError } from '../../../contract/errors';
import { CertAuthService } from './cert-auth-service';
import { commandCatalog } from './commands/catalog';
import type { CommandBuildContext, CommandDefinition } from './commands/command-definition';
import { TaskQueue, finishedCommandDays } from '../devices/task-queue';
import { DeviceIdentityVerifier } from './device-identity';
import { DeviceRegistry } from '../devices/device-registry';
import { commandView, deviceSummary } from '../devices/device-views';
import { inventoryCommands } from './inventory';
import { mdmHttpHandler } from './mdm-http-handler';
import { MdmPusher, type PusherOptions } from './mdm-pusher';
import { MdmService } from './mdm-service';
import { RejectionLog } from './rejection-log';

export interface MdmModuleOptions {
  store: LanyardStore;
  secrets: SecretBox;
  activity: ActivityLog;
  events: EventBus;
  enrollment: EnrollmentModule;
  /** MDM registers its check-in and command endpoints here. */
  deviceRoutes: DeviceRouter;
  logger: Logger;
  push: PusherOptions;
  /** How often inventory is refreshed; daily by default. */
  inventoryEveryMs?: number;
  /** How often the re-push and inventory sweeps run. */
  sweepEveryMs?: number;
}

/**
 * Apple MDM: the check-in and command endpoints (plugged into the
 * device-facing server), the durable command queue, APNs pushes, and the
 * schedule that keeps inventory fresh.
 */
export class MdmModule {
  readonly devices: DeviceRegistry;
  readonly queue: TaskQueue;
  readonly service: MdmService;
  readonly pusher: MdmPusher;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly options: MdmModuleOptions) {
    const { store, activity, events, enrollment, logger, secrets } = options;
    this.devices = new DeviceRegistry(store);
    this.queue = new TaskQueue(store);
    this.pusher = new MdmPusher({ devices: this.devices, queue: this.queue, push: enrollment.push, activity, events, logger }, options.push);
    this.service = new MdmService({
      store,
      devices: this.devices,
      queue: this.queue,
      invitations: enrollment.invitations,
      activity,
      events,
      secrets,
      wake: (id) => this.pusher.wake(id),
      onEnrolled: (device) => this.queueInventory(device),
    });
    const chain = new CertAuthService(this.service, this.devices, activity);
    const handler = mdmHttpHandler({ service: chain, identity: new DeviceIdentityVerifier(() => enrollment.pki.caCertificatePem()), rejections: new RejectionLog(activity, logger) });
    // Over HTTPS only; any method (the handler answers 405 to anything but PUT).
    options.deviceRoutes.register({ path: '/mdm/checkin', secureOnly: true, handle: ({ request, response, url }) => handler(request, response, 'checkin', url) });
    options.deviceRoutes.register({ path: '/mdm/server', secureOnly: true, handle: ({ request, response, url }) => handler(request, response, 'server', url) });
    enrollment.push.onImported(() => void this.pusher.useCurrentCertificate());
  }

  async start(): Promise<void> {
    await this.pusher.useCurrentCertificate();
    this.timer = setInterval(() => void this.sweep(), this.options.sweepEveryMs ?? 5 * 60_000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.pusher.close();
  }

  /** Queues an admin's command after checking it fits the device; answers a clear reason when not. */
  async enqueue(deviceId: string, requestType: CommandName, rawParams: Record<string, unknown>): Promise<StoredCommand> {
    const device = this.requireDevice(deviceId);
    const task = await this.prepareTask(device, requestType, rawParams, 'admin');
    await this.options.store.update((tx) => this.queue.enqueueIn(tx, task));
    this.service.dispatch(task);
    return task;
  }

  /** Apple devices' side of the one task queue, for deployments. */
  readonly tasks: TaskChannel = {
    prepare: (device, requestType, params, origin) => {
      if (device.channel !== 'mdm') throw new ApiError('conflict', `${requestType} is an Apple MDM command; ${device.name} runs the Lanyard agent`);
      if (!Object.hasOwn(commandCatalog, requestType)) throw new ApiError('conflict', `${requestType} is not an Apple MDM command`);
      return this.prepareTask(device, requestType as CommandName, params, origin);
    },
    storeIn: (tx, _device, task) => this.queue.enqueueIn(tx, task),
    dispatch: (task) => this.service.dispatch(task),
  };

  private async prepareTask(device: StoredDevice, requestType: CommandName, rawParams: Record<string, unknown>, origin: StoredCommand['origin']): Promise<StoredCommand> {
    if (device.enrollmentStatus !== 'enrolled') throw new ApiError('conflict', `${device.name} is not enrolled (${device.enrollmentStatus}); it cannot take commands`);
    const definition = commandCatalog[requestType] as CommandDefinition;
    const parsed = commandParams(requestType).safeParse(rawParams);
    if (!parsed.success) throw describeValidationError(parsed.error);
    const refusal = definition.refusal(device, parsed.data);
    if (refusal) throw new ApiError('conflict', `${requestType} refused for ${device.name}: ${refusal}`);
    let built;
    try {
      built = await definition.build(parsed.data, device, this.buildContext());
    } catch (error) {
      throw new ApiError('bad_request', (error as Error).message);
    }
    return this.service.buildTask(device, String(built.command.RequestType ?? requestType), built.command, built.summary, origin);
  }

  async cancel(uuid: string): Promise<StoredCommand> {
    const outcome = await this.options.store.update((tx) => this.queue.cancelIn(tx, uuid));
    if (outcome === 'unknown') throw new ApiError('not_found', `no command ${uuid}`, 'uuid');
    if (outcome === 'final') throw new ApiError('conflict', `command ${uuid} is already finished (${this.queue.get(uuid)?.status}) and cannot be cancelled`);
    this.options.events.emit('commands.changed', commandView(outcome));
    const device = this.devices.byId(outcome.deviceId);
    if (device) this.options.events.emit('devices.changed', deviceSummary(device, this.queue));
    return outcome;
  }

  /**
   * Removes a device on purpose: its next request is answered 401, which
   * unenrolls it. It leaves devices.list (devices.removed); devices.get
   * still answers for it, with enrollmentStatus 'removed'.
   */
  async remove(deviceId: string): Promise<StoredDevice> {
    const device = this.requireDevice(deviceId);
    await this.devices.change(device.udid, (d, tx) => {
      d.enrollmentStatus = 'removed';
      d.removedAt = new Date().toISOString();
      this.queue.clearIn(tx, d.id, 'cancelled: the device was removed');
    });
    this.options.events.emit('devices.removed', { id: device.id });
    this.pusher.wake(device.id);
    return device;
  }

  requireDevice(deviceId: string): StoredDevice {
    const device = this.devices.byId(deviceId);
    if (!device) throw new ApiError('not_found', `no device with id ${deviceId}`, 'id');
    if (device.channel !== 'mdm') throw new ApiError('conflict', `${device.name} runs the Lanyard agent; Apple MDM commands do not apply (agents take ${agentCommandNames.join(', ')})`);
    return device;
  }

  /** DeviceInformation, SecurityInfo, ProfileList and InstalledApplicationList, queued by Lanyard itself. */
  async queueInventory(device: StoredDevice): Promise<void> {
    for (const requestType of inventoryCommands) {
      const built = await (commandCatalog[requestType] as CommandDefinition).build({}, device, this.buildContext());
      await this.service.enqueue(device, requestType, built.command, built.summary, 'system');
    }
  }

  /** Re-pushes waiting devices and refreshes inventory that is older than the schedule allows. */
  async sweep(now = new Date()): Promise<void> {
    const every = this.options.inventoryEveryMs ?? 86_400_000;
    for (const device of this.devices.list()) {
      if (device.channel !== 'mdm' || device.enrollmentStatus !== 'enrolled') continue;
      const stale = !device.inventoryAt || now.getTime() - Date.parse(device.inventoryAt) >= every;
      const waiting = this.queue.open(device.id).some((c) => c.origin === 'system');
      if (stale && !waiting) await this.queueInventory(device).catch((error: Error) => this.options.logger.error(`inventory for ${device.name}: ${error.message}`));
    }
    const pruned = await this.options.store.update((tx) => this.queue.pruneFinishedIn(tx));
    if (pruned > 0) this.options.logger.info(`dropped ${pruned} command(s) that finished more than ${finishedCommandDays} days ago`);
    await this.pusher.sweep();
  }

  private buildContext(): CommandBuildContext {
    const { enrollment, secrets } = this.options;
    return {
      signProfile: (profile) => enrollment.pki.signProfile(profile),
      unlockToken: async (device) => (device.sealedUnlockToken ? secrets.open(device.sealedUnlockToken) : null),
    };
  }
}
