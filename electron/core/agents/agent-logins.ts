import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { MqttAccess } from '../mqtt/mqtt-access';
import type { MqttPrincipal } from '../mqtt/topic-access';
import type { AgentLoginStore } from './agent-login-store';

/** The username of Lanyard's own client on the embedded broker. */
export const coreUsername = 'lanyard-core';

/**
 * Who may log in to the embedded broker: Lanyard's own client, with a random
 * password made at each start and never stored, and each agent with the
 * login it was issued (`AgentLoginStore`). Everyone else is refused.
 */
export class AgentLogins implements MqttAccess {
  readonly corePassword = randomBytes(32).toString('base64url');

  constructor(
    private readonly agents?: Pick<AgentLoginStore, 'verify'>,
    private readonly fleets?: (agentId: string) => string | null,
  ) {}

  fleetOf(agentId: string): string | null {
    return this.fleets?.(agentId) ?? null;
  }

  async authenticate(username: string, password: Buffer): Promise<MqttPrincipal | null> {
    if (username === coreUsername) return sameSecret(password, Buffer.from(this.corePassword)) ? { kind: 'lanyard' } : null;
    return this.agents?.verify(username, password) ?? null;
  }
}

function sameSecret(given: Buffer, expected: Buffer): boolean {
  return given.length === expected.length && timingSafeEqual(given, expected);
}
