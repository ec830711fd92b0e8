import type { AddressInfo } from 'node:net';
import { createServer, type Server, type TLSSocket } from 'node:tls';
import { Aedes, type AuthenticateError, type Client } from 'aedes';
import { indexedMemoryPersistence } from './retained-topic-index';
import type { ServerStatus } from '../../../contract/models';
import type { Logger } from '../logger';
import type { MqttAccess } from './mqtt-access';
import { fleetOfTopic, mayPublish, maySubscribe, type MqttPrincipal } from './topic-access';

export interface BrokerTls {
  certificatePem: string;
  privateKeyPem: string;
  /** The certificate followed by its intermediates, when it has any (sent instead of certificatePem). */
  chainPem?: string;
}

export interface BrokerListenOptions {
  port: number;
  bind: string;
  tls: BrokerTls;
}

/** Where a refused publish goes: a `$` topic, which no wildcard matches and nobody may subscribe to. */
const refusedTopic = '$lanyard/refused';

/** MQTT 3.1.1 CONNACK return code 4: bad user name or password (aedes sends MQTT 5 clients its equivalent, 0x86). */
const badCredentials = 4;

const principals = new WeakMap<Client, MqttPrincipal>();

/**
 * The broker agents connect to when no external one is configured: aedes
 * (MQTT 3.1.1 and 5) behind a TLS listener with the office's server
 * certificate. Every login is checked by `MqttAccess`; every publish and
 * subscribe by the topic rules, with the connection kept: under 3.1.1 a
 * refused publish is acknowledged and dropped (as Mosquitto does) and a
 * refused subscription gets SUBACK 0x80; under MQTT 5 both are answered
 * 0x87 (not authorized), which 3.1.1 has no code for. Lanyard's own client
 * connects to it like any other.
 */
export class EmbeddedBroker {
  private broker: Aedes | null = null;
  private server: Server | null = null;
  private state: ServerStatus = { name: 'agent MQTT broker', state: 'stopped' };
  private readonly sockets = new Set<TLSSocket>();

  constructor(
    private readonly access: MqttAccess,
    private readonly logger: Logger,
  ) {}

  async start(options: BrokerListenOptions): Promise<void> {
    this.state = { name: this.state.name, state: 'starting' };
    const broker = await Aedes.createBroker({
      persistence: indexedMemoryPersistence(),
      authenticate: (client, username, password, done) => {
        this.access.authenticate(username ?? '', password ?? Buffer.alloc(0)).then(
          (principal) => {
            if (!principal) {
              this.logger.warn(`MQTT login refused for "${username ?? ''}" (client ${client.id})`);
              const error = new Error('bad user name or password') as AuthenticateError;
              error.returnCode = badCredentials;
              done(error, false);
              return;
            }
            principals.set(client, principal);
            done(null, true);
          },
          (error: Error) => {
            this.logger.error(`MQTT login check failed: ${error.message}`);
            const refusal = new Error('server unavailable') as AuthenticateError;
            refusal.returnCode = 3;
            done(refusal, false);
          },
        );
      },
      authorizePublish: (client, packet, callback) => {
        // client is null only for a will published after its client is gone; it was checked when it connected.
        if (!client) return callback(null);
        const principal = principals.get(client);
        if (!principal || !mayPublish(principal, packet.topic)) {
          this.logger.warn(`MQTT publish refused: ${describe(principal, client)} may not publish to "${packet.topic}"`);
          // MQTT 5: a PUBACK 0x87 with the connection kept (aedes closes a 3.1.1 connection on an error, so there it is dropped quietly).
          if (client.version === 5) return callback(new Error('not authorized'));
          packet.topic = refusedTopic;
          packet.retain = false;
        }
        callback(null);
      },
      authorizeSubscribe: (client, subscription, callback) => {
        const principal = principals.get(client);
        if (!principal || !maySubscribe(principal, subscription.topic, this.fleetOf(principal))) {
          this.logger.warn(`MQTT subscribe refused: ${describe(principal, client)} may not subscribe to "${subscription.topic}"`);
          return callback(null, null);
        }
        callback(null, subscription);
      },
      authorizeForward: (client, packet) => {
        // A subscription to a fleet's commands made while in it delivers nothing once the agent has left the fleet.
        const fleet = fleetOfTopic(packet.topic);
        if (fleet === null) return packet;
        const principal = client ? principals.get(client) : undefined;
        return principal?.kind === 'agent' && this.fleetOf(principal) !== fleet ? null : packet;
      },
    });
    broker.on('clientError', (client, error) => this.logger.warn(`MQTT client ${client.id}: ${error.message}`));
    const server = createServer(tlsOptions(options.tls), (socket) => {
      this.sockets.add(socket);
      socket.setNoDelay(true);
      socket.once('close', () => this.sockets.delete(socket));
      broker.handle(socket);
    });
    server.on('tlsClientError', (error) => this.logger.warn(`MQTT TLS: ${error.message}`));
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen({ port: options.port, host: options.bind, backlog: 2048 }, () => {
          server.off('error', reject);
          resolve();
        });
      });
    } catch (error) {
      const message = `agent MQTT broker could not listen on ${options.bind}:${options.port}: ${(error as Error).message}`;
      this.state = { name: this.state.name, state: 'failed', error: message };
      this.logger.error(message);
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      return;
    }
    server.on('error', (error) => this.logger.error(`agent MQTT broker: ${error.message}`));
    this.broker = broker;
    this.server = server;
    this.state = { name: this.state.name, state: 'running', url: `mqtts://${options.bind}:${this.port()}` };
  }

  private fleetOf(principal: MqttPrincipal): string | null {
    return principal.kind === 'agent' ? (this.access.fleetOf?.(principal.agentId) ?? null) : null;
  }

  /** Serves a new certificate to new connections (the office's TLS certificate was reissued or replaced). */
  updateTls(tls: BrokerTls): void {
    this.server?.setSecureContext(tlsOptions(tls));
  }

  port(): number {
    return (this.server?.address() as AddressInfo | null)?.port ?? 0;
  }

  status(): ServerStatus {
    return this.state;
  }

  async stop(): Promise<void> {
    const { server, broker } = this;
    this.server = null;
    this.broker = null;
    if (server) {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of this.sockets) socket.destroy();
      await closed;
    }
    if (broker) await new Promise<void>((resolve) => broker.close(() => resolve()));
    this.state = { name: this.state.name, state: 'stopped' };
  }
}

function tlsOptions(tls: BrokerTls) {
  return { cert: tls.chainPem || tls.certificatePem, key: tls.privateKeyPem, minVersion: 'TLSv1.2' as const };
}

function describe(principal: MqttPrincipal | undefined, client: Client): string {
  if (!principal) return `client ${client.id}`;
  return principal.kind === 'agent' ? `agent ${principal.agentId} (client ${client.id})` : `Lanyard (client ${client.id})`;
}
