import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { agentTopicRoot, type MqttPrincipal } from '../mqtt/topic-access';
import type { LanyardStore, LanyardTransaction } from '../store/lanyard-store';

export interface IssuedAgentLogin {
  username: string;
  /** Shown once, to the agent that enrols; never stored. */
  password: string;
  topicRoot: string;
}

const sha256 = (secret: string) => createHash('sha256').update(secret).digest();

/**
 * Agents' MQTT logins: one per agent, a random username and password each.
 * Issuing a login for a serial number that already has one replaces it, so
 * the old credentials stop working; revoking one refuses the agent's next
 * connection.
 */
export class AgentLoginStore {
  constructor(private readonly store: LanyardStore) {}

  issueIn(tx: LanyardTransaction, agent: { agentId: string; serial: string }, now = new Date()): IssuedAgentLogin {
    const logins = this.store.collection('agentLogins');
    for (const previous of [logins.by('serial', agent.serial), logins.by('agentId', agent.agentId)]) if (previous) tx.delete('agentLogins', previous.username);
    const username = `agent-${randomBytes(9).toString('base64url')}`;
    const password = randomBytes(32).toString('base64url');
    const topicRoot = agentTopicRoot(agent.agentId);
    tx.put('agentLogins', { username, agentId: agent.agentId, serial: agent.serial, topicRoot, passwordSha256: sha256(password).toString('hex'), createdAt: now.toISOString() });
    return { username, password, topicRoot };
  }

  /** Removes the agent's login; false when it had none. */
  revokeIn(tx: LanyardTransaction, agentId: string): boolean {
    const login = this.store.collection('agentLogins').by('agentId', agentId);
    return login ? tx.delete('agentLogins', login.username) : false;
  }

  /** The agent a username and password belong to, or null. */
  verify(username: string, password: Buffer): MqttPrincipal | null {
    const login = this.store.collection('agentLogins').get(username);
    if (!login) return null;
    const given = createHash('sha256').update(password).digest();
    if (!timingSafeEqual(given, Buffer.from(login.passwordSha256, 'hex'))) return null;
    return { kind: 'agent', agentId: login.agentId, topicRoot: login.topicRoot };
  }
}
