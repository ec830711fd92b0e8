import { X509Certificate } from 'node:crypto';
import type { z } from 'zod';
import { ApiError } from '../../../contract/errors';
import type { PushCertificateInput, PushCsrInput, PushStatus } from '../../../contract/enrollment-models';
import type { ActivityLog } from '../activity/activity-log';
import type { EventBus } from '../events/event-bus';
import { createPushCsr, inspectPushCertificate, PushCertificateError, topicChangeWarning } from './certificate-file';
import type { SecretBox } from '../secrets/secret-box';
import type { LanyardStore } from '../store/lanyard-store';

const thirtyDays = 30 * 86_400_000;

/**
 * The Apple MDM push certificate: imported as PEM (with its key, or with the
 * key of a CSR made here) or as .p12; checked before anything is stored; its
 * topic is what every enrollment profile carries.
 */
export class PushCertificateStore {
  private blocked: string | null = null;
  private readonly importListeners = new Set<() => void>();

  constructor(
    private readonly store: LanyardStore,
    private readonly secrets: SecretBox,
    private readonly activity: ActivityLog,
    private readonly events: EventBus,
    private readonly now: () => Date = () => new Date(),
  ) {}

  topic(): string | null {
    return this.store.singleton('push')?.topic ?? null;
  }

  /** Why no enrollment profile can be offered, or null. */
  blockedReason(): string | null {
    const push = this.store.singleton('push');
    if (!push) return 'no Apple push certificate has been imported yet (Settings › Push certificate)';
    if (new Date(push.notAfter) <= this.now()) return `the Apple push certificate expired on ${push.notAfter.slice(0, 10)}; renew it with the same Apple ID`;
    return null;
  }

  /** Enrolled Apple devices whose push token was given for another topic: a renewal with a new topic cut them off. */
  private devicesOnOtherTopic(topic: string): number {
    let count = 0;
    for (const device of this.store.collection('devices').where('enrollmentStatus', 'enrolled')) if (device.push && device.push.topic !== topic) count += 1;
    return count;
  }

  status(): PushStatus {
    const push = this.store.singleton('push');
    const pushCsr = this.store.singleton('pushCsr');
    const notAfter = push ? new Date(push.notAfter).getTime() : null;
    const now = this.now().getTime();
    return {
      configured: push !== null,
      topic: push?.topic ?? null,
      subject: push ? new X509Certificate(push.certificatePem).subject.replace(/\n/g, ', ') : null,
      notAfter: push?.notAfter ?? null,
      expiresSoon: notAfter !== null && notAfter > now && notAfter - now < thirtyDays,
      expired: notAfter !== null && notAfter <= now,
      csrPending: pushCsr !== null,
      blocked: this.blocked,
      devicesOnOtherTopic: push ? this.devicesOnOtherTopic(push.topic) : 0,
    };
  }

  /** Called after a new certificate is stored (the push sender reconnects with it). */
  onImported(listener: () => void): () => void {
    this.importListeners.add(listener);
    return () => this.importListeners.delete(listener);
  }

  /** Set by the push sender when APNs rejects the certificate; cleared by a new import. */
  markBlocked(reason: string | null): void {
    this.blocked = reason;
    this.events.emit('push.changed', this.status());
  }

  async credentials(): Promise<{ certificatePem: string; privateKeyPem: string; topic: string } | null> {
    const push = this.store.singleton('push');
    if (!push) return null;
    return { certificatePem: push.certificatePem, privateKeyPem: (await this.secrets.open(push.sealedKey)).toString('utf8'), topic: push.topic };
  }

  async import(input: z.output<typeof PushCertificateInput>): Promise<{ topic: string; notAfter: string; warning?: string }> {
    const pending = this.store.singleton('pushCsr');
    let source: Parameters<typeof inspectPushCertificate>[0];
    if ('p12Base64' in input) {
      source = { p12Base64: input.p12Base64, password: input.password };
    } else if (input.privateKeyPem) {
      source = { certificatePem: input.certificatePem, privateKeyPem: input.privateKeyPem };
    } else if (pending) {
      source = { certificatePem: input.certificatePem, privateKeyPem: (await this.secrets.open(pending.sealedKey)).toString('utf8') };
    } else {
      throw new ApiError('bad_request', 'privateKeyPem is required: no certificate request was made here whose key could be used', 'privateKeyPem');
    }
    let inspected: ReturnType<typeof inspectPushCertificate>;
    try {
      inspected = inspectPushCertificate(source, this.now());
    } catch (error) {
      if (error instanceof PushCertificateError) throw new ApiError('bad_request', error.message);
      throw error;
    }
    const previous = this.topic();
    const warning = previous ? topicChangeWarning(previous, inspected.topic) ?? undefined : undefined;
    const sealedKey = await this.secrets.seal(Buffer.from(inspected.privateKeyPem));
    const usedPendingKey = pending !== null && !('p12Base64' in input) && !input.privateKeyPem;
    await this.store.update((tx) => {
      tx.set('push', { certificatePem: inspected.certificatePem, sealedKey, topic: inspected.topic, notAfter: new Date(inspected.notAfter).toISOString(), importedAt: this.now().toISOString() });
      if (usedPendingKey) tx.set('pushCsr', null);
      if (warning) this.activity.appendTo(tx, { actor: 'system', action: 'Push topic changed', outcome: 'warning', message: warning });
    });
    this.blocked = null;
    this.events.emit('push.changed', this.status());
    for (const listener of this.importListeners) listener();
    return { topic: inspected.topic, notAfter: new Date(inspected.notAfter).toISOString(), ...(warning ? { warning } : {}) };
  }

  async createCsr(input: z.output<typeof PushCsrInput>): Promise<{ csrPem: string }> {
    const { privateKeyPem, csrPem } = createPushCsr({ commonName: input.commonName, email: input.email, ...(input.country ? { country: input.country } : {}) });
    const sealedKey = await this.secrets.seal(Buffer.from(privateKeyPem));
    await this.store.update((tx) => tx.set('pushCsr', { csrPem, sealedKey, createdAt: this.now().toISOString() }));
    this.events.emit('push.changed', this.status());
    return { csrPem };
  }
}
