import { randomUUID } from 'node:crypto';
import type { MqttClient } from 'mqtt';
import { fleetCommandRoot, topicPrefix } from './topic-access';

const controlTopic = '$CONTROL/dynamic-security/v1';
const responseTopic = `${controlTopic}/response`;

/** A dynamic-security command refused by Mosquitto. */
export class DynamicSecurityError extends Error {
  constructor(command: string, reason: string) {
    super(`Mosquitto refused ${command}: ${reason}`);
    this.name = 'DynamicSecurityError';
  }
}

type Command = { command: string } & Record<string, unknown>;

/** The role an agent's Mosquitto client gets: the same topic rules as the embedded broker's. */
export const agentRoleName = (username: string): string => `lanyard-agent-${username}`;

/**
 * Manages agents' logins and ACLs on an external Mosquitto 2 through its
 * dynamic-security plugin (`$CONTROL/dynamic-security/v1`), over Lanyard's
 * own connection, which must log in as a dynamic-security admin. Each agent
 * gets a client with its password and a role of its own that allows exactly
 * what the embedded broker allows: publish under `<root>/status/`, subscribe
 * to `<root>/command/#`.
 */
export class MosquittoDynamicSecurity {
  private readonly waiting = new Map<string, { resolve(response: Record<string, unknown>): void; reject(error: Error): void; timer: NodeJS.Timeout }>();
  private subscribed: Promise<void> | null = null;

  constructor(
    private readonly client: MqttClient,
    private readonly timeoutMs = 10_000,
  ) {
    client.on('message', (topic, payload) => {
      if (topic === responseTopic) this.answered(payload);
    });
  }

  /**
   * Lets Lanyard's own (admin) client use every Lanyard topic. Mosquitto
   * disconnects a client whose roles change, so when the role is new to it
   * this resolves once the connection is back (mqtt.js reconnects by itself).
   */
  async allowLanyard(adminUsername: string): Promise<void> {
    const rolename = 'lanyard-core';
    await this.runIgnoring('already exists', { command: 'createRole', rolename, acls: [] });
    await this.run({ command: 'modifyRole', rolename, acls: coreAcls() });
    const admin = (await this.run({ command: 'getClient', username: adminUsername })).data as { client?: { roles?: { rolename: string }[] } } | undefined;
    if (admin?.client?.roles?.some((role) => role.rolename === rolename)) return;
    const back = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('Mosquitto did not let Lanyard back in after giving it its role')), this.timeoutMs);
      this.client.once('connect', () => {
        clearTimeout(timer);
        resolve();
      });
    });
    // Not awaited: the answer may never come, as Mosquitto drops the connection to apply the role.
    void this.client.publishAsync(controlTopic, JSON.stringify({ commands: [{ command: 'addClientRole', username: adminUsername, rolename }] }), { qos: 1 }).catch(() => undefined);
    await back;
    this.subscribed = null;
  }

  /** Creates (or replaces) an agent's client and its role, and gives it its fleet's role (the fleet's command topics). */
  async allowAgent(login: { username: string; password: string; topicRoot: string }, fleetId: string | null = null): Promise<void> {
    await this.removeAgent(login.username);
    const rolename = agentRoleName(login.username);
    await this.run({ command: 'createRole', rolename, acls: agentAcls(login.topicRoot) });
    const roles = [{ rolename }];
    if (fleetId) roles.push({ rolename: await this.fleetRole(fleetId) });
    await this.run({ command: 'createClient', username: login.username, password: login.password, roles });
  }

  /** The agent changed fleet: it loses the old fleet's role and gets the new one's (Mosquitto drops its connection to apply it; the agent reconnects). */
  async moveAgent(username: string, from: string | null, to: string | null): Promise<void> {
    if (from) await this.runIgnoring('not found', { command: 'removeClientRole', username, rolename: fleetRoleName(from) });
    if (to) await this.run({ command: 'addClientRole', username, rolename: await this.fleetRole(to) });
  }

  /** One role per fleet, made the first time an agent joins it. */
  private async fleetRole(fleetId: string): Promise<string> {
    const rolename = fleetRoleName(fleetId);
    await this.runIgnoring('already exists', { command: 'createRole', rolename, acls: fleetAcls(fleetId) });
    return rolename;
  }

  /** Deletes an agent's client (its next connect is refused, and Mosquitto drops its connection) and its role. */
  async removeAgent(username: string): Promise<void> {
    await this.runIgnoring('not found', { command: 'deleteClient', username });
    await this.runIgnoring('not found', { command: 'deleteRole', rolename: agentRoleName(username) });
  }

  /** Sends one command and resolves with Mosquitto's answer; rejects with its error. */
  async run(command: Command): Promise<Record<string, unknown>> {
    await this.listen();
    const correlationData = randomUUID();
    const answer = new Promise<Record<string, unknown>>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(correlationData);
        reject(new Error(`Mosquitto did not answer ${command.command} within ${this.timeoutMs / 1000} s (is the dynamic-security plugin loaded, and is Lanyard's login its admin?)`));
      }, this.timeoutMs);
      this.waiting.set(correlationData, { resolve, reject, timer });
    });
    await this.client.publishAsync(controlTopic, JSON.stringify({ commands: [{ ...command, correlationData }] }), { qos: 1 });
    const response = await answer;
    if (typeof response.error === 'string' && response.error) throw new DynamicSecurityError(command.command, response.error);
    return response;
  }

  private async runIgnoring(harmless: string, command: Command): Promise<void> {
    try {
      await this.run(command);
    } catch (error) {
      if (!(error instanceof DynamicSecurityError) || !error.message.toLowerCase().includes(harmless)) throw error;
    }
  }

  private listen(): Promise<void> {
    this.subscribed ??= this.client.subscribeAsync(responseTopic, { qos: 1 }).then(() => undefined);
    return this.subscribed;
  }

  private answered(payload: Buffer): void {
    let responses: unknown;
    try {
      responses = (JSON.parse(payload.toString('utf8')) as { responses?: unknown }).responses;
    } catch {
      return;
    }
    if (!Array.isArray(responses)) return;
    for (const response of responses as Record<string, unknown>[]) {
      const waiter = typeof response.correlationData === 'string' ? this.waiting.get(response.correlationData) : undefined;
      if (!waiter) continue;
      clearTimeout(waiter.timer);
      this.waiting.delete(response.correlationData as string);
      waiter.resolve(response);
    }
  }
}

function agentAcls(topicRoot: string) {
  return [
    { acltype: 'publishClientSend', topic: `${topicRoot}/status/#`, allow: true },
    { acltype: 'subscribePattern', topic: `${topicRoot}/command/#`, allow: true },
    { acltype: 'publishClientReceive', topic: `${topicRoot}/command/#`, allow: true },
  ];
}

function fleetAcls(fleetId: string) {
  const commands = `${fleetCommandRoot(fleetId)}#`;
  return [
    { acltype: 'subscribePattern', topic: commands, allow: true },
    { acltype: 'publishClientReceive', topic: commands, allow: true },
  ];
}

const fleetRoleName = (fleetId: string): string => `lanyard-fleet-${fleetId}`;

function coreAcls() {
  const all = `${topicPrefix}#`;
  return [
    { acltype: 'publishClientSend', topic: all, allow: true },
    { acltype: 'publishClientReceive', topic: all, allow: true },
    { acltype: 'subscribePattern', topic: all, allow: true },
  ];
}
