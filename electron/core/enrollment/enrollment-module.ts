import type { ServerStatus, Settings } from '../../../contract/models';
import type { ActivityLog } from '../activity/activity-log';
import type { DeviceRouter } from '../device-server/device-router';
import { DeviceServer } from '../device-server/device-server';
import { hostForUrl } from '../device-server/respond';
import type { EventBus } from '../events/event-bus';
import { InvitationService, type InvitationUrls } from '../invitations/invitation-service';
import type { Logger } from '../logger';
import { OfficePki } from '../office-pki/office-pki';
import { PushCertificateStore } from '../push-certificate/push-certificate-store';
import type { SecretBox } from '../secrets/secret-box';
import type { SettingsService } from '../settings/settings-service';
import type { LanyardStore } from '../store/lanyard-store';
import { EnrollmentEndpoints } from './enrollment-endpoints';
import { createScepService, registerScepRoute } from './scep-wiring';
import type { ScepService } from '../pki/scep/scep-service';
import { RsaKeyPool } from '../pki/rsa-key-pool';
import { caSha256Hex } from '../pki/certificates';

export interface EnrollmentModuleOptions {
  store: LanyardStore;
  secrets: SecretBox;
  activity: ActivityLog;
  events: EventBus;
  settings: SettingsService;
  logger: Logger;
  /** The device-facing routes: enrollment registers its pages, profiles and SCEP; other modules theirs. */
  deviceRoutes: DeviceRouter;
  /** Address the device-facing listeners bind to (all interfaces by default). */
  deviceBind: string;
  /** Told after settings were applied (listeners may have restarted). */
  statusChanged?: () => void;
}

/**
 * How devices join: the office PKI, invitations, the push certificate, the
 * device-facing HTTPS/HTTP listeners with the landing page, profiles and SCEP.
 */
export class EnrollmentModule {
  readonly pki: OfficePki;
  readonly invitations: InvitationService;
  readonly push: PushCertificateStore;
  readonly server: DeviceServer;
  private readonly identityKeys = new RsaKeyPool();
  private scep: ScepService | null = null;
  private applied: Promise<void> = Promise.resolve();
  /** The address enrolled devices were given, to notice when it changes under them. */
  private appliedBase = '';

  constructor(private readonly options: EnrollmentModuleOptions) {
    const { store, secrets, activity, events } = options;
    this.pki = new OfficePki(store, secrets);
    this.push = new PushCertificateStore(store, secrets, activity, events);
    this.invitations = new InvitationService(store, secrets, activity, () => this.urls(), () => this.push.blockedReason());
    const endpoints = new EnrollmentEndpoints({
      store,
      pki: this.pki,
      keys: this.identityKeys,
      invitations: this.invitations,
      activity,
      settings: () => options.settings.get(),
      serverBase: () => this.serverBase(),
      pushTopic: () => {
        const blocked = this.push.blockedReason();
        const topic = this.push.topic();
        return blocked || !topic ? { blocked: blocked ?? 'no push topic' } : { topic };
      },
    });
    endpoints.register(options.deviceRoutes);
    registerScepRoute(options.deviceRoutes, () => {
      if (!this.scep) throw new Error('SCEP is not ready');
      return this.scep;
    });
    this.server = new DeviceServer(options.deviceRoutes.handle, options.logger);
  }

  async start(): Promise<void> {
    const settings = this.options.settings.get();
    if (settings.enrollment.identity === 'pkcs12') this.identityKeys.warm();
    this.appliedBase = this.serverBase();
    await this.rebuildScep();
    await this.server.start(this.listenOptions(settings, await this.pki.tlsCredentials()));
    this.options.events.on('settings.changed', (next) => {
      this.applied = this.applied.then(() => this.apply(next)).catch((error: Error) => this.options.logger.error(`applying settings: ${error.message}`));
    });
  }

  private async rebuildScep(): Promise<void> {
    const settings = this.options.settings.get();
    await this.pki.ensure(settings.organization.name, settings.network.publicHost);
    this.scep = createScepService({
      ca: await this.pki.ca(),
      settings: () => this.options.settings.get(),
      pki: this.pki,
      invitations: this.invitations,
      store: this.options.store,
      activity: this.options.activity,
      logger: this.options.logger,
    });
  }

  async stop(): Promise<void> {
    await this.applied;
    await this.server.stop();
  }

  status(): ServerStatus[] {
    return this.server.status();
  }

  /** https://host:port devices use for profiles, SCEP and MDM. */
  serverBase(): string {
    const { publicHost, mdmPort } = this.options.settings.get().network;
    return `https://${hostForUrl(publicHost)}:${mdmPort}`;
  }

  private urls(): InvitationUrls {
    const { publicHost, enrollmentHttpPort } = this.options.settings.get().network;
    const pageBase = enrollmentHttpPort > 0 ? `http://${hostForUrl(publicHost)}:${enrollmentHttpPort}` : this.serverBase();
    return {
      landing: (token) => `${pageBase}/enroll/${token}`,
      trustProfile: (token) => `${pageBase}/enroll/${token}/trust.mobileconfig`,
      enrollmentProfile: (token) => `${this.serverBase()}/enroll/${token}/enroll.mobileconfig`,
      // The fragment never reaches a server: the agent checks the server's chain against it before it sends anything.
      agent: (token) => `${this.serverBase()}/enroll/${token}#sha256=${caSha256Hex(this.pki.caCertificatePem())}`,
    };
  }

  private async apply(settings: Settings): Promise<void> {
    const { store } = this.options;
    const renamed = await this.pki.renameIfUnused(settings.organization.name, store.collection('invitations').size === 0 && store.collection('devices').size === 0);
    if (renamed) await this.rebuildScep();
    const changedTls = await this.pki.ensure(settings.organization.name, settings.network.publicHost);
    await this.server.reconfigure(this.listenOptions(settings, await this.pki.tlsCredentials()));
    this.options.statusChanged?.();
    await this.warnIfDevicesLoseTheServer();
    if (changedTls || renamed) {
      const message = renamed
        ? `Office CA and certificates made again for "${settings.organization.name}" (nothing had been issued yet)`
        : `Device-facing TLS certificate reissued for ${settings.network.publicHost}`;
      await this.options.activity.record({ actor: 'system', action: renamed ? 'Office CA renamed' : 'TLS certificate reissued', outcome: 'info', message });
      this.options.events.emit('pki.changed', this.pki.status(settings.network.publicHost));
    }
  }

  /** Enrolled devices keep the ServerURL of their profile: moving the server strands them. */
  private async warnIfDevicesLoseTheServer(): Promise<void> {
    const base = this.serverBase();
    const previous = this.appliedBase;
    this.appliedBase = base;
    if (base === previous) return;
    const enrolled = this.options.store.collection('devices').countWhere('enrollmentStatus', 'enrolled');
    if (enrolled === 0) return;
    await this.options.activity.record({
      actor: 'system',
      action: 'Server address changed',
      outcome: 'warning',
      message: `The device-facing address changed from ${previous} to ${base}. ${enrolled} enrolled device(s) still use the old address and cannot check in until it is restored or they enroll again.`,
    });
  }

  private listenOptions(settings: Settings, tls: Awaited<ReturnType<OfficePki['tlsCredentials']>>) {
    return { bind: this.options.deviceBind, mdmPort: settings.network.mdmPort, httpPort: settings.network.enrollmentHttpPort, tls };
  }
}
