import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { agentTopicRoot, type MqttPrincipal } from '../mqtt/topic-access';
import type { LanyardStore, LanyardTransaction } from '../store/lanyard-store';
import type { StoredAgentLogin } from '../store/schema';

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
    const login = this.prepare(agent, now);
    this.putIn(tx, login.record);
    return login.issued;
  }

  /** A new login, not stored yet (an external broker is told of it first). */
  prepare(agent: { agentId: string; serial: string }, now = new Date()): { record: StoredAgentLogin; issued: IssuedAgentLogin } {
    const username = `agent-${randomBytes(9).toString('base64url')}`;
    const password = randomBytes(32).toString('base64url');
    const topicRoot = agentTopicRoot(agent.agentId);
    return {
      record: { username, agentId: agent.agentId, serial: agent.serial, topicRoot, passwordSha256: sha256(password).toString('hex'), createdAt: now.toISOString() },
      issued: { username, password, topicRoot },
    };
  }

  /** Stores a prepared login in place of the serial's or the agent's previous one. */
  putIn(tx: LanyardTransaction, record: StoredAgentLogin): void {
    for (const previous of this.previous(record)) tx.delete('agentLogins', previous.username);
    tx.put('agentLogins', record);
  }

  /** The logins a new one for this agent or serial replaces. */
  previous(agent: { agentId: string; serial: string }): StoredAgentLogin[] {
    const logins = this.store.collection('agentLogins');
    const found = [logins.by('serial', agent.serial), logins.by('agentId', agent.agentId)].filter((login): login is StoredAgentLogin => login !== undefined);
    return [...new Map(found.map((login) => [login.username, login])).values()];
  }

  bySerial(serial: string): StoredAgentLogin | null {
    return this.store.collection('agentLogins').by('serial', serial) ?? null;
  }

  byAgent(agentId: string): StoredAgentLogin | null {
    return this.store.collection('agentLogins').by('agentId', agentId) ?? null;
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
