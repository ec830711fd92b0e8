import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { MqttAccess } from '../mqtt/mqtt-access';
import type { MqttPrincipal } from '../mqtt/topic-access';

/** The username of Lanyard's own client on the embedded broker. */
export const coreUsername = 'lanyard-core';

/**
 * Who may log in to the embedded broker. Lanyard's own client has a random
 * password made at each start and never stored. Agents' logins come with
 * agent enrolment (not built yet): until then every other login is refused.
 */
export class AgentLogins implements MqttAccess {
  readonly corePassword = randomBytes(32).toString('base64url');

  async authenticate(username: string, password: Buffer): Promise<MqttPrincipal | null> {
    if (username === coreUsername && sameSecret(password, Buffer.from(this.corePassword))) return { kind: 'lanyard' };
    return null;
  }
}

function sameSecret(given: Buffer, expected: Buffer): boolean {
  return given.length === expected.length && timingSafeEqual(given, expected);
}
