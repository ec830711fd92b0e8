import type { ActivityLog } from '../activity/activity-log';
import type { EventBus } from '../events/event-bus';
import type { Logger } from '../logger';
import { ApnsHttp2Provider } from '../push/apns-http2-provider';
import { PushHealthCircuit } from '../push/push-health';
import type { PushOutcome, PushProvider } from '../push/push-provider';
import { RetryingPushSender, type RetryOptions } from '../push/retrying-push-sender';
import type { PushCertificateStore } from '../push-certificate/push-certificate-store';
import type { DeviceRegistry } from '../devices/device-registry';
import type { TaskQueue } from '../devices/task-queue';
import { deviceSummary } from '../devices/device-views';

export interface PusherOptions {
  apnsUrl: string;
  /** Extra CA trusted for the APNs server (tests); production relies on the system store and NODE_EXTRA_CA_CERTS. */
  ca?: string;
  retry?: RetryOptions;
  /** Devices with commands waiting are pushed again after this long. */
  repushAfterMs?: number;
  /** Devices silent this long are nudged (once per such period). */
  nudgeAfterMs?: number;
  now?: () => Date;
}

/**
 * Wakes devices through APNs with the push certificate: on every queued
 * command, again for commands still waiting, and as a nudge for devices that
 * went quiet. Dead tokens are not pushed until the next TokenUpdate; a
 * rejected certificate stops all pushing and alerts the admin.
 */
export class MdmPusher {
  private circuit: PushHealthCircuit | null = null;
  private readonly inFlight = new Set<string>();
  /** Devices woken again while their push was on the wire: they get one more push after it. */
  private readonly again = new Set<string>();
  private readonly now: () => Date;

  constructor(
    private readonly deps: { devices: DeviceRegistry; queue: TaskQueue; push: PushCertificateStore; activity: ActivityLog; events: EventBus; logger: Logger },
    private readonly options: PusherOptions,
  ) {
    this.now = options.now ?? (() => new Date());
  }

  /** (Re)builds the APNs client from the current push certificate. */
  async useCurrentCertificate(): Promise<void> {
    const credentials = await this.deps.push.credentials();
    if (!credentials) return;
    const provider: PushProvider = new RetryingPushSender(new ApnsHttp2Provider({ baseUrl: this.options.apnsUrl, certificatePem: credentials.certificatePem, privateKeyPem: credentials.privateKeyPem, ...(this.options.ca ? { ca: this.options.ca } : {}) }), this.options.retry);
    if (this.circuit) {
      this.circuit.reset(provider);
      return;
    }
    this.circuit = new PushHealthCircuit(provider, {
      onBlocked: (state) => {
        this.deps.push.markBlocked(`APNs rejected the push certificate: ${state.reason ?? 'unknown reason'}`);
        void this.deps.activity.record({ actor: 'system', action: 'Push certificate rejected', outcome: 'error', message: `APNs rejected the push certificate (${state.reason}); pushing stopped until a valid certificate is imported` });
      },
    });
  }

  /** Fire and forget: wakes a device now. */
  wake(deviceId: string): void {
    this.push(deviceId).catch((error: Error) => this.deps.logger.error(`push to ${deviceId}: ${error.message}`));
  }

  async push(deviceId: string): Promise<PushOutcome | null> {
    const device = this.deps.devices.byId(deviceId);
    if (!device || !device.push || device.push.state === 'dead' || !this.circuit) return null;
    if (device.enrollmentStatus !== 'enrolled' && device.enrollmentStatus !== 'removed') return null;
    if (this.inFlight.has(deviceId)) {
      this.again.add(deviceId);
      return null;
    }
    this.inFlight.add(deviceId);
    let outcome: PushOutcome;
    try {
      const { token, pushMagic, topic } = device.push;
      outcome = await this.circuit.push({ deviceId, token, pushMagic, topic: this.deps.push.topic() ?? topic });
      await this.record(device.udid, outcome);
    } finally {
      this.inFlight.delete(deviceId);
    }
    if (this.again.delete(deviceId)) return this.push(deviceId);
    return outcome;
  }

  /** Re-pushes devices with waiting commands and nudges silent ones. */
  async sweep(): Promise<number> {
    const now = this.now().getTime();
    const repushAfter = this.options.repushAfterMs ?? 15 * 60_000;
    const nudgeAfter = this.options.nudgeAfterMs ?? 86_400_000;
    const due = Array.from(this.deps.devices.list()).filter((device) => {
      if (device.enrollmentStatus !== 'enrolled' || !device.push || device.push.state === 'dead') return false;
      const lastPush = device.push.lastPushAt ? Date.parse(device.push.lastPushAt) : 0;
      const waiting = this.deps.queue.open(device.id).length > 0 && now - lastPush >= repushAfter && now - Date.parse(device.lastSeenAt) >= repushAfter;
      const silent = now - Date.parse(device.lastSeenAt) >= nudgeAfter && now - lastPush >= nudgeAfter;
      return waiting || silent;
    });
    await Promise.all(due.map((device) => this.push(device.id)));
    return due.length;
  }

  async close(): Promise<void> {
    await this.circuit?.close();
  }

  private async record(udid: string, outcome: PushOutcome): Promise<void> {
    if (outcome.kind === 'failed') {
      this.deps.logger.warn(`push to ${udid} failed: ${outcome.reason}`);
      return;
    }
    if (outcome.kind === 'certificate-rejected') return;
    if (outcome.kind === 'delivered') {
      // When a push went out only paces re-pushes: it rides with the next write.
      const device = this.deps.devices.changeSoon(udid, (device) => {
        if (device.push) device.push.lastPushAt = this.now().toISOString();
        return device;
      });
      this.deps.events.emit('devices.changed', deviceSummary(device, this.deps.queue));
      return;
    }
    const device = await this.deps.devices.change(udid, (device, tx) => {
      if (!device.push) return device;
      device.push.state = 'dead';
      device.push.deadReason = outcome.reason;
      this.deps.activity.appendTo(tx, { actor: 'system', action: 'Push token dead', outcome: 'warning', message: `APNs refused ${device.name}'s push token (${outcome.reason}); it will be used again after the device's next TokenUpdate`, subject: { type: 'device', id: device.id, label: device.name } });
      return device;
    });
    this.deps.events.emit('devices.changed', deviceSummary(device, this.deps.queue));
  }
}
