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
  private readonly subscriptions: { filter: string; onMessage: (topic: string, payload: Buffer) => void }[] = [];
  private readonly connectedListeners: (() => void)[] = [];

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
    client.on('message', (topic, payload) => {
      for (const subscription of this.subscriptions) if (matches(subscription.filter, topic)) this.deliver(subscription.onMessage, topic, payload);
    });
    // One log line per outage, not one per retry (mqtt.js retries every second).
    let outage = false;
    client.on('connect', (connack) => {
      // Each task is a small packet that waits for an answer: Nagle's algorithm would hold it for the peer's delayed ACK.
      (client.stream as { setNoDelay?: (noDelay: boolean) => void }).setNoDelay?.(true);
      // A broker that kept the session keeps its subscriptions; one that lost it (or a first connect) gets them again.
      if (!connack.sessionPresent) for (const { filter } of this.subscriptions) this.subscribe(client, filter);
      if (outage) this.logger.info(`agent channel: connected to ${this.options.url} again`);
      outage = false;
      this.state = { name: this.state.name, state: 'running', url: this.options.url };
      for (const listener of this.connectedListeners) this.deliver(() => listener(), '(connect)', Buffer.alloc(0));
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

  /**
   * Receives the messages on `filter` (QoS 1). Call before `start`. The
   * session is persistent, so the subscription outlives reconnects; it is
   * made again whenever the broker has no session for Lanyard.
   */
  on(filter: string, onMessage: (topic: string, payload: Buffer) => void): void {
    this.subscriptions.push({ filter, onMessage });
  }

  /** Called after every (re)connection, once the subscriptions are made. */
  onConnected(listener: () => void): void {
    this.connectedListeners.push(listener);
  }

  /** Publishes at QoS 1 and resolves on the broker's PUBACK; refuses at once while disconnected (the caller sends it again on reconnect). */
  async publish(topic: string, payload: string | Buffer, options: { retain?: boolean } = {}): Promise<void> {
    const client = this.client;
    if (!client?.connected) throw new Error(`not connected to the MQTT broker at ${this.options.url}`);
    await client.publishAsync(topic, payload, { qos: 1, retain: options.retain ?? false });
  }

  /** The underlying client, for a protocol that speaks on its own topics (Mosquitto's dynamic security). */
  get mqttClient(): MqttClient | null {
    return this.client;
  }

  private subscribe(client: MqttClient, filter: string): void {
    client.subscribe(filter, { qos: 1 }, (error) => {
      if (error) this.logger.error(`agent channel: could not subscribe to ${filter}: ${error.message}`);
    });
  }

  /** A handler that throws is logged; it must not take the connection down. */
  private deliver(onMessage: (topic: string, payload: Buffer) => void, topic: string, payload: Buffer): void {
    try {
      onMessage(topic, payload);
    } catch (error) {
      this.logger.error(`agent channel: handling a message on ${topic} failed: ${(error as Error).message}`);
    }
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

/** Whether an MQTT topic filter (with + and #) matches a topic. */
export function matches(filter: string, topic: string): boolean {
  const want = filter.split('/');
  const have = topic.split('/');
  for (let i = 0; i < want.length; i += 1) {
    if (want[i] === '#') return true;
    if (i >= have.length || (want[i] !== '+' && want[i] !== have[i])) return false;
  }
  return want.length === have.length;
}
