import type { MqttPrincipal } from './topic-access';

/** Decides logins for the embedded broker; the layer that knows agents implements it. */
export interface MqttAccess {
  /** The principal a username and password belong to, or null to refuse the login. */
  authenticate(username: string, password: Buffer): Promise<MqttPrincipal | null>;
  /** The fleet an agent is in now (its fleet's command topics are open to it); null when unknown. */
  fleetOf?(agentId: string): string | null;
}
