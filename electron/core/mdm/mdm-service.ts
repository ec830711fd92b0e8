import { randomUUID } from 'node:crypto';
import type { ActivityLog, NewActivity } from '../activity/activity-log';
import type { EventBus } from '../events/event-bus';
import { subjectOf, type InvitationService } from '../invitations/invitation-service';
import { buildPlist } from '../plist/plist-codec';
import type { SecretBox } from '../secrets/secret-box';
import type { LanyardStore, LanyardTransaction } from '../store/lanyard-store';
import type { StoredCommand, StoredDevice } from '../store/schema';
import { commandView, deviceSummary } from '../devices/device-views';
import type { TaskQueue, FinalStatus } from '../devices/task-queue';
import type { DeviceRegistry } from '../devices/device-registry';
import { applyResult, resultOf } from './inventory';
import { emptyReply, type CheckinAndCommandService, type MdmReply, type MdmRequest } from './mdm-request';
import { jsonRecords } from '../plist/plist-json';
import { DeviceRequestError, type CheckinMessage, type CommandReport } from './protocol-messages';
import { declarativeManagementReply } from './declarative-management';

export interface MdmServiceDeps {
  store: LanyardStore;
  devices: DeviceRegistry;
  queue: TaskQueue;
  invitations: InvitationService;
  activity: ActivityLog;
  events: EventBus;
  secrets: SecretBox;
  /** Wakes a device through APNs (fire and forget). */
  wake(deviceId: string): void;
  /** Called after a device's first TokenUpdate (queues the initial inventory). */
  onEnrolled(device: StoredDevice): Promise<void>;
  now?: () => Date;
}

const statusOf: Record<Exclude<CommandReport['Status'], 'Idle' | 'NotNow'>, FinalStatus> = {
  Acknowledged: 'acknowledged',
  Error: 'error',
  CommandFormatError: 'format-error',
};

/**
 * The MDM protocol core: check-in messages and the command channel, with
 * NanoMDM's queue semantics. Each answer a device sends is on disk before the
 * HTTP reply that accepts it.
 */
export class MdmService implements CheckinAndCommandService {
  /** Commands a device answered NotNow during its current connection. */
  private readonly skipped = new Map<string, Set<string>>();
  private readonly now: () => Date;

  constructor(private readonly deps: MdmServiceDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  async checkin(request: MdmRequest, message: CheckinMessage): Promise<MdmReply> {
    if (message.UserID !== undefined) return this.userChannel(message);
    switch (message.MessageType) {
      case 'Authenticate':
        return this.authenticate(request, message);
      case 'TokenUpdate':
        return this.tokenUpdate(request, message);
      case 'CheckOut':
        return this.checkOut(request);
      case 'UserAuthenticate':
        return { status: 410 };
      case 'SetBootstrapToken': {
        const token = message.BootstrapToken && message.BootstrapToken.length ? await this.deps.secrets.seal(Buffer.from(message.BootstrapToken)) : null;
        await this.changeDevice(request.udid, (device, tx) => {
          device.sealedBootstrapToken = token;
          this.log(tx, device, 'ok', 'Bootstrap token', token ? 'Bootstrap token escrowed' : 'Bootstrap token removed');
        });
        return emptyReply;
      }
      case 'GetBootstrapToken': {
        const sealed = this.deps.devices.byUdid(request.udid)?.sealedBootstrapToken;
        await this.changeDevice(request.udid, () => undefined);
        if (!sealed) return emptyReply;
        return { status: 200, contentType: 'application/xml', body: buildPlist({ BootstrapToken: await this.deps.secrets.open(sealed) }) };
      }
      case 'DeclarativeManagement':
        return declarativeManagementReply(request.raw);
      case 'GetToken':
        throw new DeviceRequestError('GetToken is not supported by this server');
    }
  }

  async commandReport(request: MdmRequest, report: CommandReport): Promise<MdmReply> {
    if (report.UserID !== undefined) return emptyReply;
    const device = this.deps.devices.byUdid(request.udid)!;
    if (device.enrollmentStatus !== 'enrolled') return emptyReply;
    let skip = this.skipped.get(device.udid);
    if (report.Status === 'Idle' || !skip) {
      skip = new Set();
      this.skipped.set(device.udid, skip);
    }
    const currentSkip = skip;
    if (report.Status !== 'Idle') {
      const known = this.deps.queue.get(report.CommandUUID!);
      if (!known || known.deviceId !== device.id) throw new DeviceRequestError(`result for unknown command ${report.CommandUUID!.slice(0, 80)}`);
    }
    const apply = (tx: LanyardTransaction) => {
      device.lastSeenAt = this.now().toISOString();
      let changed: StoredCommand | null = null;
      if (report.Status !== 'Idle') {
        const uuid = report.CommandUUID!;
        const final = report.Status === 'NotNow' ? 'notnow' : statusOf[report.Status];
        const errorChain = report.ErrorChain ? jsonRecords(request.raw.ErrorChain) : null;
        const recorded = this.deps.queue.reportIn(tx, device.id, uuid, final, final === 'acknowledged' ? resultOf(request.raw) : null, errorChain);
        if (report.Status === 'NotNow') currentSkip.add(uuid);
        if (recorded.kind === 'recorded') {
          changed = recorded.command;
          if (final === 'acknowledged') applyResult(device, recorded.command, request.raw, this.now());
          if (final === 'error' || final === 'format-error') this.log(tx, device, 'error', 'Command failed', `${recorded.command.summary} failed: ${describeErrorChain(errorChain)}`);
          if (final !== 'notnow') this.deps.queue.pruneIn(tx, device.id);
        }
      }
      const next = this.deps.queue.nextIn(tx, device.id, currentSkip);
      // Put last: a result may have renamed the device, and its indexes follow the record as put.
      tx.put('devices', device);
      return { changed, next } as const;
    };
    // An answer is on disk before the reply that accepts it. An Idle changes only when the device was
    // seen and which command went out; losing that in a crash just sends the command again.
    const outcome = report.Status === 'Idle' ? this.deps.store.touch(apply) : await this.deps.store.update(apply);
    this.deps.events.emit('devices.changed', deviceSummary(device, this.deps.queue));
    if (outcome.changed) this.deps.events.emit('commands.changed', commandView(outcome.changed));
    if (!outcome.next) {
      this.skipped.delete(device.udid);
      return emptyReply;
    }
    this.deps.events.emit('commands.changed', commandView(outcome.next));
    return { status: 200, contentType: 'application/xml', body: outcome.next.plist };
  }

  /** Puts a command in a device's queue and wakes the device. */
  async enqueue(device: StoredDevice, requestType: string, command: Record<string, unknown>, summary: string, origin: StoredCommand['origin']): Promise<StoredCommand> {
    const stored = this.buildTask(device, requestType, command, summary, origin);
    await this.deps.queue.enqueue(stored);
    this.dispatch(stored);
    return stored;
  }

  /** A command for the device as the queue keeps it, not stored yet. */
  buildTask(device: StoredDevice, requestType: string, command: Record<string, unknown>, summary: string, origin: StoredCommand['origin']): StoredCommand {
    const uuid = randomUUID().toUpperCase();
    const queuedAt = this.now();
    const stored: StoredCommand = {
      uuid,
      deviceId: device.id,
      requestType,
      plist: buildPlist({ CommandUUID: uuid, Command: command as never }),
      message: null,
      summary,
      status: 'queued',
      queuedAt: queuedAt.toISOString(),
      sentAt: null,
      completedAt: null,
      expiresAt: new Date(queuedAt.getTime() + 30 * 86_400_000).toISOString(),
      notNowCount: 0,
      result: null,
      errorChain: null,
      origin,
    };
    return stored;
  }

  /** Once a queued command is durable: the UI hears of it and the device is pushed. */
  dispatch(stored: StoredCommand): void {
    this.deps.events.emit('commands.changed', commandView(stored));
    this.deps.wake(stored.deviceId);
  }

  private async authenticate(request: MdmRequest, message: Extract<CheckinMessage, { MessageType: 'Authenticate' }>): Promise<MdmReply> {
    const existing = this.deps.devices.byUdid(request.udid);
    const continuing = existing?.enrollmentStatus === 'enrolled' && existing.invitationId === request.invitationId;
    const invitation = request.invitationId ? this.deps.invitations.byId(request.invitationId) : null;
    if (!continuing) {
      if (!invitation) throw new DeviceRequestError(request.invitationId ? `unknown invitation ${request.invitationId}` : 'the enrollment URL names no invitation');
      const status = this.deps.invitations.status(invitation);
      if (status !== 'pending') {
        await this.deps.invitations.log(invitation, 'error', 'Enrollment refused', `A device (${message.DeviceName ?? request.udid}) tried to enroll, refused: this invitation is ${status}`);
        throw new DeviceRequestError(`invitation ${invitation.id} is ${status}`);
      }
    }
    const device = await this.deps.store.update((tx) => {
      const stored = this.deps.devices.authenticateIn(tx, {
        udid: request.udid,
        invitationId: request.invitationId,
        certificateSha256: request.identity.sha256,
        platform: platformOf(message.ProductName ?? message.Model ?? ''),
        name: message.DeviceName ?? '',
        serialNumber: message.SerialNumber ?? '',
        model: message.Model ?? '',
        modelName: message.ModelName ?? '',
        productName: message.ProductName ?? '',
        osVersion: message.OSVersion ?? '',
        buildVersion: message.BuildVersion ?? '',
      });
      const cleared = this.deps.queue.clearIn(tx, stored.id, 'cancelled: the device authenticated again');
      this.log(tx, stored, 'info', 'Device authenticated', `${stored.name} (${stored.productName || stored.model}, ${stored.osVersion}) authenticated${cleared ? `; ${cleared} queued command(s) cleared` : ''}`);
      return stored;
    });
    this.skipped.delete(request.udid);
    this.deps.events.emit('devices.changed', deviceSummary(device, this.deps.queue));
    return emptyReply;
  }

  private async tokenUpdate(request: MdmRequest, message: Extract<CheckinMessage, { MessageType: 'TokenUpdate' }>): Promise<MdmReply> {
    const current = this.deps.devices.byUdid(request.udid)!;
    if (current.enrollmentStatus === 'unenrolled') throw new DeviceRequestError('TokenUpdate from a device that checked out; it must authenticate again');
    if (current.enrollmentStatus === 'authenticated' && current.enrolledAt === null) {
      // Two devices may authenticate with a single-use invitation; only the first to finish enrolls.
      const invitation = current.invitationId ? this.deps.invitations.byId(current.invitationId) : null;
      const status = invitation ? this.deps.invitations.status(invitation) : 'revoked';
      if (invitation && status !== 'pending') {
        await this.deps.invitations.log(invitation, 'error', 'Enrollment refused', `${current.name} could not finish enrolling: this invitation is ${status}`);
      }
      if (status !== 'pending') throw new DeviceRequestError(`cannot finish enrolling: invitation ${current.invitationId ?? '(none)'} is ${status}`);
    }
    const unlock = message.UnlockToken && message.UnlockToken.length ? await this.deps.secrets.seal(Buffer.from(message.UnlockToken)) : null;
    const { device, first } = await this.changeDevice(request.udid, (device, tx) => {
      const first = device.enrollmentStatus === 'authenticated';
      device.push = {
        token: Buffer.from(message.Token).toString('hex'),
        pushMagic: message.PushMagic,
        topic: message.Topic ?? device.push?.topic ?? '',
        state: 'healthy',
        deadReason: null,
        lastPushAt: device.push?.lastPushAt ?? null,
      };
      if (unlock) device.sealedUnlockToken = unlock;
      device.tokenUpdates += 1;
      if (first) {
        const reenrolled = device.enrolledAt !== null;
        device.enrollmentStatus = 'enrolled';
        device.enrolledAt ??= this.now().toISOString();
        const invitation = device.invitationId ? this.deps.invitations.byId(device.invitationId) : null;
        if (invitation && !reenrolled) {
          this.deps.invitations.countEnrollment(invitation.id, tx);
          this.deps.activity.appendTo(tx, { actor: 'device', action: 'Device enrolled', outcome: 'ok', message: `${device.name} enrolled`, subject: subjectOf(invitation) });
        }
        this.log(tx, device, 'ok', 'Device enrolled', `${device.name} enrolled${invitation ? ` with invitation "${subjectOf(invitation).label}"` : ''}`);
      }
      return { device, first };
    });
    this.deps.events.emit('devices.changed', deviceSummary(device, this.deps.queue));
    if (first) {
      const invitation = device.invitationId ? this.deps.invitations.byId(device.invitationId) : null;
      if (invitation) this.deps.events.emit('invitations.changed', await this.deps.invitations.get(invitation.id));
      await this.deps.onEnrolled(device);
    }
    return emptyReply;
  }

  private async checkOut(request: MdmRequest): Promise<MdmReply> {
    const { device } = await this.changeDevice(request.udid, (device, tx) => {
      device.enrollmentStatus = 'unenrolled';
      device.checkedOutAt = this.now().toISOString();
      const cleared = this.deps.queue.clearIn(tx, device.id, 'cancelled: the device left management');
      this.log(tx, device, 'warning', 'Device checked out', `${device.name} removed its management profile${cleared ? `; ${cleared} queued command(s) cancelled` : ''}`);
      return { device };
    });
    this.deps.events.emit('devices.changed', deviceSummary(device, this.deps.queue));
    return emptyReply;
  }

  private userChannel(message: CheckinMessage): MdmReply {
    // Lanyard manages devices, not macOS user channels: accept their tokens, decline user authentication.
    return message.MessageType === 'UserAuthenticate' ? { status: 410 } : emptyReply;
  }

  private changeDevice<R>(udid: string, change: (device: StoredDevice, tx: LanyardTransaction) => R): Promise<R> {
    return this.deps.devices.change(udid, (device, tx) => {
      device.lastSeenAt = this.now().toISOString();
      return change(device, tx);
    });
  }

  private log(tx: LanyardTransaction, device: StoredDevice, outcome: NewActivity['outcome'], action: string, message: string): void {
    this.deps.activity.appendTo(tx, { actor: 'device', action, outcome, message, subject: { type: 'device', id: device.id, label: device.name } });
  }
}

export function platformOf(product: string): StoredDevice['platform'] {
  if (/^iPhone|^iPod/i.test(product)) return 'ios';
  if (/^iPad/i.test(product)) return 'ipados';
  if (/^Mac|^iMac|^MacBook/i.test(product)) return 'macos';
  if (/^AppleTV/i.test(product)) return 'tvos';
  return 'unknown';
}

function describeErrorChain(chain: Record<string, unknown>[] | null): string {
  const first = chain?.[0];
  if (!first) return 'no reason given';
  const text = first.USEnglishDescription ?? first.LocalizedDescription ?? 'no description';
  return `${String(text)}${first.ErrorCode !== undefined ? ` (${String(first.ErrorDomain ?? '')} ${String(first.ErrorCode)})` : ''}`;
}
