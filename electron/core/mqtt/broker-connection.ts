import mqtt, { type MqttClient } from 'mqtt';
import type { ServerStatus } from '../../../contract/models';
import type { Logger } from '../logger';

export interface BrokerConnectionOptions {
  /** mqtts://host:port of the broker, embedded or external. */
  url: string;
  username: string;
  password: string;
  /** The CA the broker's certificate must chain to (the office CA for the embedded broker). */
  caPem: string;
  /**
   * Check the certificate's chain but not its host name: for the embedded
   * broker, reached on loopback while its certificate names the public host.
   */
  chainOnly?: boolean;
  clientId: string;
}

/**
 * Lanyard's own MQTT connection: the same code whether the broker is the
 * embedded one or an external Mosquitto. A persistent session (clean: false,
 * a stable client id) with QoS 1, so nothing addressed to Lanyard is lost
 * while it reconnects; mqtt.js reconnects every second until stopped.
 */
export class BrokerConnection {
  private client: MqttClient | null = null;
  private state: ServerStatus = { name: 'agent channel', state: 'stopped' };

  constructor(
    private readonly options: BrokerConnectionOptions,
    private readonly logger: Logger,
  ) {}

  /** Connects; resolves once connected, or once the first attempt failed (it goes on retrying). */
  async start(): Promise<void> {
    this.state = { name: this.state.name, state: 'starting' };
    const client = mqtt.connect(this.options.url, {
      username: this.options.username,
      password: this.options.password,
      clientId: this.options.clientId,
      clean: false,
      protocolVersion: 4,
      keepalive: 30,
      reconnectPeriod: 1_000,
      connectTimeout: 10_000,
      ca: this.options.caPem,
      rejectUnauthorized: true,
      ...(this.options.chainOnly ? { checkServerIdentity: () => undefined } : {}),
    });
    this.client = client;
    // One log line per outage, not one per retry (mqtt.js retries every second).
    let outage = false;
    client.on('connect', () => {
      if (outage) this.logger.info(`agent channel: connected to ${this.options.url} again`);
      outage = false;
      this.state = { name: this.state.name, state: 'running', url: this.options.url };
    });
    client.on('reconnect', () => {
      if (this.state.state !== 'failed') this.state = { name: this.state.name, state: 'starting', url: this.options.url };
    });
    client.on('error', (error) => {
      if (!outage) this.logger.warn(`agent channel: cannot reach the MQTT broker at ${this.options.url} (${error.message}); retrying every second`);
      outage = true;
      this.state = { name: this.state.name, state: 'failed', url: this.options.url, error: `cannot reach the MQTT broker at ${this.options.url}: ${error.message}` };
    });
    await new Promise<void>((resolve) => {
      client.once('connect', () => resolve());
      client.once('error', () => resolve());
    });
  }

  get connected(): boolean {
    return this.client?.connected ?? false;
  }

  status(): ServerStatus {
    return this.state;
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = null;
    if (client) await client.endAsync();
    this.state = { name: this.state.name, state: 'stopped' };
  }
}
