import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DynamicSecurityError, MosquittoDynamicSecurity } from '../../../electron/core/mqtt/mosquitto-dynamic-security';
import { agentTopicRoot } from '../../../electron/core/mqtt/topic-access';
import { MosquittoServer } from '../../support/mosquitto-server';

/** The external-broker path: agents' logins and ACLs on a real Mosquitto 2 through its dynamic-security plugin. */
describe('Mosquitto dynamic security', () => {
  let mosquitto: MosquittoServer;
  let admin: MqttClient;
  let dynsec: MosquittoDynamicSecurity;
  const clients: MqttClient[] = [];
  beforeAll(async () => {
    mosquitto = await MosquittoServer.start();
    // Reconnecting, as Lanyard's connection does: Mosquitto drops it once, to give it its role.
    admin = await mqtt.connectAsync(mosquitto.url, { ...mosquitto.admin, protocolVersion: 4, reconnectPeriod: 200, clean: false, clientId: 'lanyard-core' });
    dynsec = new MosquittoDynamicSecurity(admin);
    await dynsec.allowLanyard(mosquitto.admin.username);
  }, 30_000);
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.endAsync(true)));
    await admin?.endAsync(true);
    await mosquitto?.stop();
  });

  const connect = async (username: string, password: string, options: IClientOptions = {}) => {
    const client = await mqtt.connectAsync(mosquitto.url, { username, password, protocolVersion: 4, reconnectPeriod: 0, clientId: `${username}-${clients.length}`, ...options });
    clients.push(client);
    return client;
  };

  it("holds an agent to its own topics, as the embedded broker does", async () => {
    const root = agentTopicRoot('pc-1');
    await dynsec.allowAgent({ username: 'agent-pc-1', password: 'pc-1-password', topicRoot: root });
    await expect(mqtt.connectAsync(mosquitto.url, { username: 'agent-pc-1', password: 'wrong', protocolVersion: 4, reconnectPeriod: 0 })).rejects.toMatchObject({ code: expect.any(Number) });
    const agent = await connect('agent-pc-1', 'pc-1-password');
    const fromAgent: string[] = [];
    admin.on('message', (topic) => fromAgent.push(topic));
    await admin.subscribeAsync(`${agentTopicRoot('+')}/status/#`, { qos: 1 });
    await agent.publishAsync(`${agentTopicRoot('pc-2')}/status/online`, '{"online":true}', { qos: 1 });
    await agent.publishAsync(`${root}/status/online`, '{"online":true}', { qos: 1 });
    await vi.waitFor(() => expect(fromAgent.length).toBeGreaterThan(0), { timeout: 5_000 });
    expect(fromAgent).toEqual([`${root}/status/online`]);

    const toAgent: string[] = [];
    agent.on('message', (topic) => toAgent.push(topic));
    const refused = await agent.subscribeAsync(`${agentTopicRoot('pc-2')}/command/#`, { qos: 1 }).catch((error: { packet?: { granted: number[] } }) => error.packet?.granted);
    expect(refused).toEqual([128]);
    await agent.subscribeAsync(`${root}/command/#`, { qos: 1 });
    await admin.publishAsync(`${agentTopicRoot('pc-2')}/command/t-1`, '{"taskId":"t-1","type":"Ping"}', { qos: 1 });
    await admin.publishAsync(`${root}/command/t-2`, '{"taskId":"t-2","type":"Ping"}', { qos: 1 });
    await vi.waitFor(() => expect(toAgent.length).toBeGreaterThan(0), { timeout: 5_000 });
    expect(toAgent).toEqual([`${root}/command/t-2`]);
  });

  it('holds an MQTT 5 agent to the same rules, answering its refused publish and subscription with 0x87', async () => {
    const root = agentTopicRoot('pc-5');
    await dynsec.allowAgent({ username: 'agent-pc-5', password: 'pc-5-password', topicRoot: root });
    // Mosquitto 2 refuses a wrong MQTT 5 login with 0x87 (not authorized); the embedded broker says 0x86 (bad user name or password). Both refuse.
    await expect(mqtt.connectAsync(mosquitto.url, { username: 'agent-pc-5', password: 'wrong', protocolVersion: 5, reconnectPeriod: 0 })).rejects.toMatchObject({ code: 0x87 });
    const agent = await connect('agent-pc-5', 'pc-5-password', { protocolVersion: 5 });
    const fromAgent: string[] = [];
    admin.on('message', (topic) => fromAgent.push(topic));
    await admin.subscribeAsync(`${agentTopicRoot('+')}/status/#`, { qos: 1 });
    await expect(agent.publishAsync(`${agentTopicRoot('pc-2')}/status/online`, '{"online":true}', { qos: 1 })).rejects.toMatchObject({ code: 0x87 });
    await agent.publishAsync(`${root}/status/online`, '{"online":true}', { qos: 1 });
    await vi.waitFor(() => expect(fromAgent).toContain(`${root}/status/online`), { timeout: 5_000 });
    expect(fromAgent.filter((topic) => topic.includes('pc-2'))).toEqual([]);
    const refused = await agent.subscribeAsync(`${agentTopicRoot('pc-2')}/command/#`, { qos: 1 }).catch((error: { packet?: { granted: number[] } }) => error.packet?.granted);
    expect(refused).toEqual([0x87]);
    expect(agent.connected).toBe(true);
  });

  it("opens the agent's fleet's command topics through a fleet role, and moves it to another fleet's", async () => {
    const root = agentTopicRoot('pc-9');
    await dynsec.allowAgent({ username: 'agent-pc-9', password: 'pc-9-password', topicRoot: root }, 'desk');
    let agent = await connect('agent-pc-9', 'pc-9-password');
    const refused = await agent.subscribeAsync('lanyard/fleets/back-office/command/#', { qos: 1 }).catch((error: { packet?: { granted: number[] } }) => error.packet?.granted);
    expect(refused).toEqual([128]);
    const granted = await agent.subscribeAsync('lanyard/fleets/desk/command/#', { qos: 1 });
    expect(granted.map((g) => g.qos)).toEqual([1]);
    const received: string[] = [];
    agent.on('message', (topic) => received.push(topic));
    await admin.publishAsync('lanyard/fleets/desk/command/f-1', '{}', { qos: 1 });
    await vi.waitFor(() => expect(received).toEqual(['lanyard/fleets/desk/command/f-1']), { timeout: 5_000 });

    // Moved: Mosquitto drops the connection to apply the roles; connected again, the agent has the new fleet's topics and not the old one's.
    await dynsec.moveAgent('agent-pc-9', 'desk', 'back-office');
    await vi.waitFor(() => expect(agent.connected).toBe(false), { timeout: 5_000 });
    agent = await connect('agent-pc-9', 'pc-9-password');
    const old = await agent.subscribeAsync('lanyard/fleets/desk/command/#', { qos: 1 }).catch((error: { packet?: { granted: number[] } }) => error.packet?.granted);
    expect(old).toEqual([128]);
    expect((await agent.subscribeAsync('lanyard/fleets/back-office/command/#', { qos: 1 })).map((g) => g.qos)).toEqual([1]);
  });

  it('replaces an agent login that is allowed again, and refuses a removed one', async () => {
    const root = agentTopicRoot('pc-3');
    await dynsec.allowAgent({ username: 'agent-pc-3', password: 'first', topicRoot: root });
    await dynsec.allowAgent({ username: 'agent-pc-3', password: 'second', topicRoot: root });
    await expect(mqtt.connectAsync(mosquitto.url, { username: 'agent-pc-3', password: 'first', protocolVersion: 4, reconnectPeriod: 0 })).rejects.toThrow();
    const agent = await connect('agent-pc-3', 'second');
    const closed = new Promise<void>((resolve) => agent.once('close', () => resolve()));
    await dynsec.removeAgent('agent-pc-3');
    // Mosquitto drops the removed client's connection, and refuses it from then on.
    await closed;
    await expect(mqtt.connectAsync(mosquitto.url, { username: 'agent-pc-3', password: 'second', protocolVersion: 4, reconnectPeriod: 0 })).rejects.toThrow();
    // Removing what is gone is not an error.
    await dynsec.removeAgent('agent-pc-3');
  });

  it("reports Mosquitto's refusal of a command with its reason", async () => {
    await expect(dynsec.run({ command: 'addClientRole', username: 'nobody-here', rolename: 'lanyard-core' })).rejects.toThrow(DynamicSecurityError);
    await expect(dynsec.run({ command: 'addClientRole', username: 'nobody-here', rolename: 'lanyard-core' })).rejects.toThrow(/Mosquitto refused addClientRole: .*not found/i);
  });
});
