import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../electron/core/logger';
import { EmbeddedBroker } from '../../../electron/core/mqtt/embedded-broker';
import type { MqttAccess } from '../../../electron/core/mqtt/mqtt-access';
import { agentTopicRoot, type MqttPrincipal } from '../../../electron/core/mqtt/topic-access';
import { createOfficeCa, issueTlsServerCertificate } from '../../../electron/core/pki/certificates';

const ca = createOfficeCa({ organization: 'Broker Office' });
const tls = issueTlsServerCertificate(ca, { hosts: ['127.0.0.1'] });
const rootA = agentTopicRoot('agent-a');
const rootB = agentTopicRoot('agent-b');

/** Three logins: Lanyard's own client and two agents. */
const logins = new Map<string, { password: string; principal: MqttPrincipal }>([
  ['lanyard', { password: 'core-secret', principal: { kind: 'lanyard' } }],
  ['agent-a', { password: 'a-secret', principal: { kind: 'agent', agentId: 'agent-a', topicRoot: rootA } }],
  ['agent-b', { password: 'b-secret', principal: { kind: 'agent', agentId: 'agent-b', topicRoot: rootB } }],
]);
/** Which fleet each agent is in; a test moves them. */
const fleetOfAgent = new Map<string, string>([
  ['agent-a', 'desk'],
  ['agent-b', 'back-office'],
]);
const access: MqttAccess = {
  authenticate: async (username, password) => {
    const login = logins.get(username);
    return login && login.password === password.toString() ? login.principal : null;
  },
  fleetOf: (agentId) => fleetOfAgent.get(agentId) ?? null,
};

describe.each([4, 5] as const)('the embedded MQTT broker (aedes over TLS) with real mqtt clients, MQTT protocol version %i (3.1.1 or 5)', (protocolVersion) => {
  /** CONNACK for a wrong login, SUBACK for a refused filter, PUBACK for a refused publish: 3.1.1's codes, or MQTT 5's reason codes. */
  const refusedLogin = protocolVersion === 5 ? 0x86 : 4;
  const refusedFilter = protocolVersion === 5 ? 0x87 : 0x80;
  /** A publish the broker refuses: under 3.1.1 acknowledged and dropped; under MQTT 5 answered 0x87. */
  const refusedPublish = async (publishing: Promise<unknown>) => {
    if (protocolVersion === 5) await expect(publishing).rejects.toMatchObject({ code: 0x87 });
    else await publishing;
  };
  const broker = new EmbeddedBroker(access, silentLogger);
  const clients: MqttClient[] = [];
  let url = '';
  beforeAll(async () => {
    await broker.start({ port: 0, bind: '127.0.0.1', tls });
    url = `mqtts://127.0.0.1:${broker.port()}`;
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.endAsync(true)));
  });
  afterAll(() => broker.stop());

  async function connect(username: string, password: string, options: IClientOptions = {}): Promise<MqttClient> {
    const client = await mqtt.connectAsync(url, { username, password, ca: ca.certificatePem, protocolVersion, reconnectPeriod: 0, clientId: `${username}-${clients.length}-${Date.now()}`, ...options });
    clients.push(client);
    return client;
  }

  /** Messages a client receives, in order. */
  function inbox(client: MqttClient): { topic: string; payload: string; retain: boolean }[] {
    const received: { topic: string; payload: string; retain: boolean }[] = [];
    client.on('message', (topic, payload, packet) => received.push({ topic, payload: payload.toString(), retain: packet.retain }));
    return received;
  }

  async function until(condition: () => boolean, what: string): Promise<void> {
    const deadline = Date.now() + 5_000;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  it('reports itself running with its mqtts URL', () => {
    expect(broker.status()).toEqual({ name: 'agent MQTT broker', state: 'running', url: `mqtts://127.0.0.1:${broker.port()}` });
  });

  it('refuses a wrong password and an unknown user with "bad user name or password"', async () => {
    await expect(mqtt.connectAsync(url, { username: 'agent-a', password: 'wrong', ca: ca.certificatePem, protocolVersion, reconnectPeriod: 0 })).rejects.toMatchObject({ code: refusedLogin });
    await expect(mqtt.connectAsync(url, { username: 'nobody', password: 'x', ca: ca.certificatePem, protocolVersion, reconnectPeriod: 0 })).rejects.toMatchObject({ code: refusedLogin });
  });

  it('is TLS with the office certificate: a client that does not trust the office CA cannot connect', async () => {
    const stranger = createOfficeCa({ organization: 'Stranger' });
    await expect(mqtt.connectAsync(url, { username: 'agent-a', password: 'a-secret', ca: stranger.certificatePem, protocolVersion, reconnectPeriod: 0 })).rejects.toThrow(/certificate/i);
  });

  it("delivers an agent's status to Lanyard, and drops its publish to another agent's topics while keeping the connection", async () => {
    const core = await connect('lanyard', 'core-secret');
    const received = inbox(core);
    await core.subscribeAsync(`${agentTopicRoot('+')}/status/#`, { qos: 1 });
    const agent = await connect('agent-a', 'a-secret');
    await refusedPublish(agent.publishAsync(`${rootB}/status/online`, '{"online":true}', { qos: 1 }));
    await refusedPublish(agent.publishAsync(`lanyard/elsewhere`, 'nope', { qos: 1 }));
    await agent.publishAsync(`${rootA}/status/online`, '{"online":true}', { qos: 1 });
    await until(() => received.length > 0, "agent A's status");
    // Messages from one connection arrive in order: had the refused ones passed, they would have come first.
    expect(received).toEqual([{ topic: `${rootA}/status/online`, payload: '{"online":true}', retain: false }]);
    expect(agent.connected).toBe(true);
  });

  it('refuses a subscription outside the agent\'s command topics with a SUBACK failure, and delivers its own commands', async () => {
    const agent = await connect('agent-a', 'a-secret');
    const received = inbox(agent);
    // mqtt.js rejects a subscribe with a refused filter; the SUBACK it carries has the return codes.
    const refused = await agent.subscribeAsync([`${rootB}/command/#`, 'lanyard/#', '#', `${rootA}/status/#`], { qos: 1 }).catch((error: { packet?: { granted: number[] } }) => error.packet?.granted);
    expect(refused).toEqual([refusedFilter, refusedFilter, refusedFilter, refusedFilter]);
    const granted = await agent.subscribeAsync(`${rootA}/command/#`, { qos: 1 });
    expect(granted.map((grant) => grant.qos)).toEqual([1]);
    const core = await connect('lanyard', 'core-secret');
    await core.publishAsync(`${rootB}/command/t-1`, '{"taskId":"t-1","type":"Ping"}', { qos: 1 });
    await core.publishAsync(`${rootA}/command/t-2`, '{"taskId":"t-2","type":"Ping"}', { qos: 1 });
    await until(() => received.length > 0, 'the command');
    expect(received).toEqual([{ topic: `${rootA}/command/t-2`, payload: '{"taskId":"t-2","type":"Ping"}', retain: false }]);
    expect(agent.connected).toBe(true);
  });

  it('keeps no retained message from a refused publish', async () => {
    const agent = await connect('agent-a', 'a-secret');
    await refusedPublish(agent.publishAsync(`${rootB}/status/online`, '{"online":false}', { qos: 1, retain: true }));
    await agent.publishAsync(`${rootA}/status/online`, '{"online":true}', { qos: 1, retain: true });
    const core = await connect('lanyard', 'core-secret');
    const received = inbox(core);
    await core.subscribeAsync(`${agentTopicRoot('+')}/status/online`, { qos: 1 });
    // Retained messages come right after the SUBACK, before anything published later.
    await core.publishAsync(`${rootA}/status/online`, 'marker', { qos: 1 });
    await until(() => received.some((message) => message.payload === 'marker'), 'the marker');
    expect(received.filter((message) => message.retain)).toEqual([{ topic: `${rootA}/status/online`, payload: '{"online":true}', retain: true }]);
  });

  it("publishes an agent's last will when its connection drops", async () => {
    const core = await connect('lanyard', 'core-secret');
    const received = inbox(core);
    await core.subscribeAsync(`${rootA}/status/online`, { qos: 1 });
    const agent = await connect('agent-a', 'a-secret', { will: { topic: `${rootA}/status/online`, payload: Buffer.from('{"online":false}'), qos: 1, retain: true } });
    await agent.publishAsync(`${rootA}/status/online`, '{"online":true}', { qos: 1, retain: true });
    await until(() => received.some((message) => message.payload === '{"online":true}'), 'online');
    agent.stream.destroy();
    await until(() => received.some((message) => message.payload === '{"online":false}'), 'the will');
  });

  it('keeps a persistent session: QoS 1 commands sent while the agent was away arrive when it reconnects with the same client id', async () => {
    const session: IClientOptions = { clientId: `agent-a-persistent-${protocolVersion}`, clean: false, ...(protocolVersion === 5 ? { properties: { sessionExpiryInterval: 3_600 } } : {}) };
    const first = await connect('agent-a', 'a-secret', session);
    await first.subscribeAsync(`${rootA}/command/#`, { qos: 1 });
    await first.endAsync();
    const core = await connect('lanyard', 'core-secret');
    await core.publishAsync(`${rootA}/command/t-away`, '{"taskId":"t-away","type":"Ping"}', { qos: 1 });
    // Listening before the session resumes: the broker sends what it kept right after the CONNACK.
    const again = mqtt.connect(url, { username: 'agent-a', password: 'a-secret', ca: ca.certificatePem, protocolVersion, reconnectPeriod: 0, ...session });
    clients.push(again);
    const received = inbox(again);
    await until(() => received.length > 0, 'the command sent while away');
    expect(received).toEqual([{ topic: `${rootA}/command/t-away`, payload: '{"taskId":"t-away","type":"Ping"}', retain: false }]);
  });

  it('stops: its port is closed and it says so', async () => {
    const other = new EmbeddedBroker(access, silentLogger);
    await other.start({ port: 0, bind: '127.0.0.1', tls });
    const port = other.port();
    const client = await mqtt.connectAsync(`mqtts://127.0.0.1:${port}`, { username: 'agent-a', password: 'a-secret', ca: ca.certificatePem, protocolVersion, reconnectPeriod: 0 });
    const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));
    await other.stop();
    await closed;
    expect(other.status().state).toBe('stopped');
    await expect(mqtt.connectAsync(`mqtts://127.0.0.1:${port}`, { username: 'agent-a', password: 'a-secret', ca: ca.certificatePem, protocolVersion, reconnectPeriod: 0, connectTimeout: 2_000 })).rejects.toThrow();
    await client.endAsync(true);
  });

  it("opens a fleet's command topics to its agents only, and stops delivering them when an agent leaves the fleet", async () => {
    const core = await connect('lanyard', 'core-secret');
    const a = await connect('agent-a', 'a-secret');
    const b = await connect('agent-b', 'b-secret');
    const [granted] = await a.subscribeAsync('lanyard/fleets/desk/command/#', { qos: 1 });
    expect(granted!.qos).toBe(1);
    const refused = await b.subscribeAsync('lanyard/fleets/desk/command/#', { qos: 1 }).catch((error: { packet?: { granted: number[] } }) => error.packet?.granted);
    expect(refused).toEqual([refusedFilter]);
    const aInbox = inbox(a);
    const bInbox = inbox(b);
    await core.publishAsync('lanyard/fleets/desk/command/t-1', 'to the desk', { qos: 1 });
    await until(() => aInbox.length === 1, 'agent-a to get the fleet message');
    expect(bInbox).toEqual([]);
    // agent-a moves to the back office: its old subscription delivers nothing more.
    fleetOfAgent.set('agent-a', 'back-office');
    await core.publishAsync('lanyard/fleets/desk/command/t-2', 'to the desk again', { qos: 1 });
    await core.publishAsync(`${rootA}/command/t-3`, 'to agent-a itself', { qos: 1 });
    await a.subscribeAsync(`${rootA}/command/#`, { qos: 1 });
    await core.publishAsync(`${rootA}/command/t-4`, 'to agent-a itself', { qos: 1 });
    await until(() => aInbox.some((m) => m.topic.endsWith('t-4')), 'agent-a to get its own command');
    expect(aInbox.map((m) => m.topic)).toEqual(['lanyard/fleets/desk/command/t-1', `${rootA}/command/t-4`]);
    fleetOfAgent.set('agent-a', 'desk');
  });
});
