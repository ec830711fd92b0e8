import { join } from 'node:path';
import { defaultEnrollmentSettings } from '../../contract/enrollment-models';
import type { SystemStatus, Settings } from '../../contract/models';
import { ActivityLog, activityLimit } from './activity/activity-log';
import { ApiDispatcher, type HandlerTable } from './api/dispatcher';
import { activityHandlers } from './api/handlers/activity-handlers';
import { enrollmentHandlers } from './api/handlers/enrollment-handlers';
import { EnrollmentModule } from './enrollment/enrollment-module';
import { deviceHandlers } from './api/handlers/device-handlers';
import { MdmModule } from './mdm/mdm-module';
import type { PusherOptions } from './mdm/mdm-pusher';
import { DEFAULT_APNS_URL } from './push/apns-http2-provider';
import { settingsHandlers } from './api/handlers/settings-handlers';
import { systemHandlers } from './api/handlers/system-handlers';
import { DeviceRouter } from './device-server/device-router';
import { EventBus } from './events/event-bus';
import { AdminServer } from './http/admin-server';
import { consoleLogger, type Logger } from './logger';
import type { SecretBox } from './secrets/secret-box';
import { KeyFileSecretBox } from './secrets/key-file-secret-box';
import { SettingsService, type PinnedNetwork } from './settings/settings-service';
import type { LanyardStore } from './store/lanyard-store';
import { openLanyardStore, type StorageChoice } from './store/open-lanyard-store';
import { rootCertificates } from 'node:tls';
import { AgentLogins, coreUsername } from './agents/agent-logins';
import { agentStatusFilter } from './agents/agent-message-reader';
import { AgentModule } from './agents/agent-module';
import { storeOnlyAccounts, type BrokerAccounts } from './agents/agent-transport';
import { fileHandlers } from './api/handlers/file-handlers';
import { fleetHandlers } from './api/handlers/fleet-handlers';
import { FleetService } from './fleets/fleet-service';
import { DeploymentService } from './deployments/deployment-service';
import { deploymentHandlers } from './api/handlers/deployment-handlers';
import { profileHandlers } from './api/handlers/profile-handlers';
import { blueprintHandlers } from './api/handlers/blueprint-handlers';
import { ProfileService } from './profiles/profile-service';
import { BlueprintService } from './blueprints/blueprint-service';
import type { ItemLookups } from './deployments/deployment-items';
import { hostForUrl } from './device-server/respond';
import { FileLibrary } from './files/file-library';
import { BrokerConnection } from './mqtt/broker-connection';
import { EmbeddedBroker } from './mqtt/embedded-broker';
import { MosquittoDynamicSecurity } from './mqtt/mosquitto-dynamic-security';
import { finishedCommandDays, historyPerDevice } from './devices/task-queue';

export interface CoreOptions {
  mode: 'desktop' | 'headless';
  version: string;
  dataDir: string;
  /** Settings a fresh data directory starts with; the wizard changes them later. */
  defaults: Settings['network'] & { organizationName: string };
  /** Network settings fixed for this run by flags or environment. */
  pinned?: PinnedNetwork;
  /** Serve the admin HTTP API (always in headless mode). */
  admin?: { port: number; bind: string; token: string; rendererDir?: string };
  apnsUrl?: string;
  /** Push retry and sweep timing (tests shorten them). */
  push?: Omit<PusherOptions, 'apnsUrl'>;
  /** Address the device-facing listeners bind to; all interfaces by default. */
  deviceBind?: string;
  /**
   * The agent channel: the embedded broker (MQTT over TLS) on `port` (0 or
   * absent: off), or an external Mosquitto 2 whose dynamic-security plugin
   * Lanyard manages with an admin login.
   */
  mqtt?: { port: number; keepaliveSeconds?: number; external?: ExternalBroker };
  /** Where the records live: the data directory by default; `memory` (tests) or a PostgreSQL database. */
  storage?: { kind: 'memory' } | { kind: 'postgres'; url: string };
  secretBox?: SecretBox;
  logger?: Logger;
}

/** An external broker: its URL as agents reach it, Lanyard's admin login, and the CA its certificate chains to (the system's and the office's when absent). */
export interface ExternalBroker {
  url: string;
  username: string;
  password: string;
  caPem?: string;
}

/** A long-running part of the core with a status the UI shows. */
interface ManagedServer {
  start(): Promise<void>;
  stop(): Promise<void>;
  status(): SystemStatus['servers'][number] | SystemStatus['servers'];
}

/**
 * The composition root: creates every service from one configuration,
 * starts them, and stops them in order (stop accepting requests, then
 * flush and close the store) so no acknowledged change is lost.
 */
export class LanyardCore {
  readonly events = new EventBus();
  /** The device-facing routes; each module registers its own. */
  readonly deviceRoutes = new DeviceRouter();
  readonly activity: ActivityLog;
  readonly settings: SettingsService;
  readonly api: ApiDispatcher;
  readonly admin: AdminServer | null;
  readonly enrollment: EnrollmentModule;
  readonly mdm: MdmModule;
  readonly agents: AgentModule;
  readonly files: FileLibrary;
  readonly fleets: FleetService;
  readonly deployments: DeploymentService;
  readonly profiles: ProfileService;
  readonly blueprints: BlueprintService;
  /** What agents are told to connect to, once the broker is up. */
  private agentBroker: (() => { url: string; caPem: string | null }) | null = null;
  private accounts: BrokerAccounts = storeOnlyAccounts;
  private readonly servers: ManagedServer[] = [];
  private stopping: Promise<void> | null = null;

  private constructor(
    readonly options: CoreOptions,
    readonly store: LanyardStore,
    readonly secrets: SecretBox,
    readonly logger: Logger,
  ) {
    this.activity = new ActivityLog(store, this.events);
    this.settings = new SettingsService(store, this.events, options.pinned ?? {});
    this.enrollment = new EnrollmentModule({ store, secrets, activity: this.activity, events: this.events, settings: this.settings, deviceRoutes: this.deviceRoutes, logger, deviceBind: options.deviceBind ?? '0.0.0.0', statusChanged: () => this.events.emit('system.status', this.status()) });
    this.mdm = new MdmModule({ store, secrets, activity: this.activity, events: this.events, enrollment: this.enrollment, deviceRoutes: this.deviceRoutes, logger, push: { apnsUrl: options.apnsUrl ?? DEFAULT_APNS_URL, ...options.push } });
    this.files = new FileLibrary(store, options.dataDir);
    this.fleets = new FleetService(store, this.events, this.mdm.queue);
    this.agents = new AgentModule({
      store,
      queue: this.mdm.queue,
      invitations: this.enrollment.invitations,
      files: this.files,
      activity: this.activity,
      events: this.events,
      logger,
      deviceRoutes: this.deviceRoutes,
      accounts: { add: (login, fleetId) => this.accounts.add(login, fleetId), remove: (username) => this.accounts.remove(username), moveToFleet: (username, from, to) => this.accounts.moveToFleet(username, from, to) },
      broker: () => (this.agentBroker ? this.agentBroker() : { off: 'the agent MQTT broker is not running on this Lanyard (see --mqtt-port)' }),
      caCertificatePem: () => this.enrollment.pki.caCertificatePem(),
      serverBase: () => this.enrollment.serverBase(),
      keepaliveSeconds: options.mqtt?.keepaliveSeconds,
      links: { sign: (text) => this.enrollment.pki.linkSignature(text), valid: (text, signature) => this.enrollment.pki.linkSignatureValid(text, signature) },
    });
    this.profiles = new ProfileService({ store, events: this.events, queue: this.mdm.queue, secrets, sign: (plist) => this.enrollment.pki.signProfile(plist) });
    this.fleets.onDevicesMoved((moves) => void this.agents.fleetsChanged(moves));
    const channels = { mdm: this.mdm.tasks, agent: this.agents.tasks };
    const lookups: ItemLookups = {
      fileName: (id) => store.collection('files').get(id)?.name ?? null,
      profile: (id) => this.profiles.summary(id),
      profileToInstall: (id) => this.profiles.currentPlist(id),
      noteProfileTask: (deviceId, profile, task) => this.profiles.installs.noteTask(deviceId, profile.profileId, profile.version, task),
    };
    this.deployments = new DeploymentService({ store, queue: this.mdm.queue, events: this.events, logger, channels, lookups });
    this.blueprints = new BlueprintService({ store, queue: this.mdm.queue, events: this.events, logger, channels, lookups, onDevicesMoved: (listener) => this.fleets.onDevicesMoved(listener) });
    this.api = new ApiDispatcher(this.handlers(), this.activity, logger);
    this.admin = options.admin
      ? new AdminServer({ ...options.admin, version: options.version }, this.api, this.events, logger)
      : null;
    this.servers.push({ start: () => this.enrollment.start(), stop: () => this.enrollment.stop(), status: () => this.enrollment.status() });
    this.servers.push({ start: () => this.mdm.start(), stop: () => this.mdm.stop(), status: () => [] });
    this.servers.push({ start: async () => this.profiles.start(), stop: async () => this.profiles.stop(), status: () => [] });
    this.servers.push({ start: () => this.deployments.start(), stop: () => this.deployments.stop(), status: () => [] });
    this.servers.push({ start: () => this.blueprints.start(), stop: () => this.blueprints.stop(), status: () => [] });
    if (options.mqtt?.external) this.servers.push(this.externalAgentChannel(options.mqtt.external));
    else if (options.mqtt && options.mqtt.port > 0) this.servers.push(this.agentChannel(options.mqtt.port, options.deviceBind ?? '0.0.0.0'));
    if (this.admin) this.servers.push(this.admin);
  }

  static async create(options: CoreOptions): Promise<LanyardCore> {
    const logger = options.logger ?? consoleLogger;
    const fresh = () => ({
        organization: { name: options.defaults.organizationName },
        helpdesk: { name: '', phone: '', email: '', website: '' },
        network: {
          publicHost: options.defaults.publicHost,
          mdmPort: options.defaults.mdmPort,
          enrollmentHttpPort: options.defaults.enrollmentHttpPort,
        },
        enrollment: { ...defaultEnrollmentSettings },
        setupCompletedAt: null,
      });
    const store = await openLanyardStore(storageChoice(options), fresh, logger);
    const secrets = options.secretBox ?? (await KeyFileSecretBox.open(join(options.dataDir, 'secret.key')));
    return new LanyardCore(options, store, secrets, logger);
  }

  async start(): Promise<void> {
    for (const server of this.servers) {
      await server.start();
    }
    await this.activity.record({ actor: 'system', action: 'Lanyard started', outcome: 'info', message: `Lanyard ${this.options.version} started (${this.options.mode})` });
    this.events.emit('system.status', this.status());
  }

  /** Idempotent: a second SIGTERM waits for the first shutdown. */
  stop(): Promise<void> {
    this.stopping ??= this.shutdown();
    return this.stopping;
  }

  status(): SystemStatus {
    return {
      version: this.options.version,
      mode: this.options.mode,
      dataDir: this.options.dataDir,
      setupComplete: this.settings.isSetupComplete(),
      servers: this.servers.flatMap((server) => server.status()),
      pinned: this.settings.pinnedKeys(),
      storage: {
        backend: this.options.storage?.kind ?? 'journal',
        location: this.store.description,
        records: { devices: this.store.collection('devices').size, commands: this.store.collection('commands').size, activity: this.store.collection('activity').size },
        retention: { activityEntries: activityLimit, finishedCommandsPerDevice: historyPerDevice, finishedCommandDays },
      },
    };
  }

  /**
   * The embedded broker agents connect to, and Lanyard's own connection to it
   * through the mqtt client, as it would connect to an external broker.
   */
  private agentChannel(port: number, bind: string): ManagedServer {
    const logins = new AgentLogins(this.agents.logins, (agentId) => this.store.collection('devices').get(agentId)?.fleetId ?? null);
    const broker = new EmbeddedBroker(logins, this.logger);
    let connection: BrokerConnection | null = null;
    const offPkiChanged = this.events.on('pki.changed', () => {
      void this.enrollment.pki.tlsCredentials().then(
        (tls) => broker.updateTls(tls),
        (error: Error) => this.logger.error(`agent MQTT broker: ${error.message}`),
      );
    });
    return {
      start: async () => {
        await this.agents.markAllOffline();
        await broker.start({ port, bind, tls: await this.enrollment.pki.tlsCredentials() });
        if (broker.status().state !== 'running') return;
        connection = new BrokerConnection({ url: `mqtts://127.0.0.1:${broker.port()}`, username: coreUsername, password: logins.corePassword, caPem: this.enrollment.pki.caCertificatePem(), chainOnly: true, clientId: 'lanyard-core' }, this.logger);
        this.listenToAgents(connection);
        await connection.start();
        this.agentBroker = () => ({ url: `mqtts://${hostForUrl(this.settings.get().network.publicHost)}:${broker.port()}`, caPem: this.enrollment.pki.caCertificatePem() });
      },
      stop: async () => {
        offPkiChanged();
        await connection?.stop();
        await broker.stop();
      },
      status: () => [broker.status(), ...(connection ? [connection.status()] : [])],
    };
  }

  /**
   * An external Mosquitto 2: Lanyard connects with the admin login, gives
   * itself its role, and creates each agent's client and role through the
   * dynamic-security plugin as agents enrol and leave.
   */
  private externalAgentChannel(external: ExternalBroker): ManagedServer {
    const ca = external.caPem ?? [...rootCertificates, this.enrollment.pki.caCertificatePem()].join('\n');
    const connection = new BrokerConnection({ url: external.url, username: external.username, password: external.password, caPem: ca, clientId: `lanyard-core-${this.store.singleton('installationId')}` }, this.logger);
    return {
      start: async () => {
        this.listenToAgents(connection);
        await connection.start();
        const client = connection.mqttClient;
        if (!client || !connection.connected) return;
        const security = new MosquittoDynamicSecurity(client);
        await security.allowLanyard(external.username);
        this.accounts = { add: (login, fleetId) => security.allowAgent(login, fleetId), remove: (username) => security.removeAgent(username), moveToFleet: (username, from, to) => security.moveAgent(username, from, to) };
        this.agentBroker = () => ({ url: external.url, caPem: external.caPem ?? null });
      },
      stop: () => connection.stop(),
      status: () => [{ ...connection.status(), name: 'agent MQTT broker (external)' }],
    };
  }

  /** Hands the agents' status topics to the agent module and lets it publish tasks over this connection. */
  private listenToAgents(connection: BrokerConnection): void {
    connection.on(agentStatusFilter, (topic, payload) => this.agents.reader.read(topic, payload));
    this.agents.attach({
      get connected() {
        return connection.connected;
      },
      publish: (topic, payload) => connection.publish(topic, payload),
      onConnected: (listener) => connection.onConnected(listener),
    });
  }

  private handlers(): HandlerTable {
    return {
      ...systemHandlers(() => this.status()),
      ...settingsHandlers(this.settings),
      ...activityHandlers(this.activity),
      ...enrollmentHandlers(this.enrollment, this.settings, this.events),
      ...deviceHandlers(this.mdm, this.agents, { has: (id) => this.store.collection('fleets').get(id) !== undefined }, this.profiles.installs),
      ...fileHandlers(this.files, this.events),
      ...blueprintHandlers(this.blueprints, this.fleets),
      ...fleetHandlers(this.fleets),
      ...deploymentHandlers(this.deployments),
      ...profileHandlers(this.profiles, this.deployments),
    };
  }

  private async shutdown(): Promise<void> {
    for (const server of [...this.servers].reverse()) {
      await server.stop().catch((error: Error) => this.logger.error(`stopping a server: ${error.message}`));
    }
    await this.activity
      .record({ actor: 'system', action: 'Lanyard stopped', outcome: 'info', message: 'Lanyard stopped' })
      .catch(() => undefined);
    await this.store.close();
  }
}

function storageChoice(options: CoreOptions): StorageChoice {
  if (options.storage?.kind === 'memory') return { kind: 'memory' };
  if (options.storage?.kind === 'postgres') return { kind: 'postgres', url: options.storage.url, dataDir: options.dataDir };
  return { kind: 'folder', dataDir: options.dataDir };
}
