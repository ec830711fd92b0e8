import type { IssuedAgentLogin } from './agent-login-store';

/** How Lanyard reaches its agents: its one MQTT connection, to the embedded broker or an external one. */
export interface AgentTransport {
  readonly connected: boolean;
  /** Publishes at QoS 1; resolves once the broker has it. */
  publish(topic: string, payload: string): Promise<void>;
  /** Called on every (re)connection, to send again what is still open. */
  onConnected(listener: () => void): void;
}

/**
 * Keeps an external broker's accounts in step with the agents' logins
 * (Mosquitto's dynamic-security plugin). The embedded broker checks logins
 * against the store itself and needs nothing (`storeOnlyAccounts`).
 */
export interface BrokerAccounts {
  /** A new agent login, with the fleet the agent joins (its fleet's command topics are open to it). */
  add(login: IssuedAgentLogin, fleetId: string | null): Promise<void>;
  remove(username: string): Promise<void>;
  /** The agent changed fleet. */
  moveToFleet(username: string, from: string | null, to: string | null): Promise<void>;
}

export const storeOnlyAccounts: BrokerAccounts = { add: async () => undefined, remove: async () => undefined, moveToFleet: async () => undefined };
