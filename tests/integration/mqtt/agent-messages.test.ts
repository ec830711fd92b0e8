import mqtt from 'mqtt';
import { describe, expect, it, vi } from 'vitest';
import type { AgentMessage } from '../../../contract/agent-protocol';
import { AgentLoginStore } from '../../../electron/core/agents/agent-login-store';
import { AgentLogins, coreUsername } from '../../../electron/core/agents/agent-logins';
import { AgentMessageReader, agentStatusFilter } from '../../../electron/core/agents/agent-message-reader';
import { silentLogger } from '../../../electron/core/logger';
import { BrokerConnection, matches } from '../../../electron/core/mqtt/broker-connection';
import { EmbeddedBroker } from '../../../electron/core/mqtt/embedded-broker';
import { createOfficeCa, issueTlsServerCertificate } from '../../../electron/core/pki/certificates';
import { sampleStore } from '../../support/core-fixtures';

const ca = createOfficeCa({ organization: 'Messages Office' });
const tls = issueTlsServerCertificate(ca, { hosts: ['127.0.0.1'] });

describe("agents' messages reaching Lanyard", () => {
  it('matches MQTT topic filters', () => {
    expect(matches('lanyard/agents/+/status/#', 'lanyard/agents/a1/status/online')).toBe(true);
    expect(matches('lanyard/agents/+/status/#', 'lanyard/agents/a1/status/task/t-1')).toBe(true);
    expect(matches('lanyard/agents/+/status/#', 'lanyard/agents/a1/command/t-1')).toBe(false);
    expect(matches('a/+', 'a/b/c')).toBe(false);
    expect(matches('a/b', 'a/b')).toBe(true);
  });

  it('hands on valid messages from an enrolled agent, and logs the rest with the agent and topic', async () => {
    const store = await sampleStore();
    const agentLogins = new AgentLoginStore(store);
    const logins = new AgentLogins(agentLogins);
    const broker = new EmbeddedBroker(logins, silentLogger);
    await broker.start({ port: 0, bind: '127.0.0.1', tls });
    const url = `mqtts://127.0.0.1:${broker.port()}`;
    const warnings: string[] = [];
    const errors: string[] = [];
    const logger = { ...silentLogger, warn: (line: string) => warnings.push(line), error: (line: string) => errors.push(line) };
    const received: [string, AgentMessage][] = [];
    const reader = new AgentMessageReader(store, logger, (agentId, message) => received.push([agentId, message]));
    const connection = new BrokerConnection({ url, username: coreUsername, password: logins.corePassword, caPem: ca.certificatePem, clientId: 'lanyard-core' }, logger);
    connection.on(agentStatusFilter, () => {
      throw new Error('a handler that fails');
    });
    connection.on(agentStatusFilter, (topic, payload) => reader.read(topic, payload));
    await connection.start();
    const issued = await store.update((tx) => agentLogins.issueIn(tx, { agentId: 'pc-1', serial: 'PC-1' }));
    const agent = await mqtt.connectAsync(url, { username: issued.username, password: issued.password, ca: ca.certificatePem, protocolVersion: 4, reconnectPeriod: 0 });
    await agent.publishAsync(`${issued.topicRoot}/status/online`, '{"online":"false"}', { qos: 1 });
    await agent.publishAsync(`${issued.topicRoot}/status/online`, 'not json', { qos: 1 });
    await agent.publishAsync(`${issued.topicRoot}/status/task/t-1`, '{"status":"done"}', { qos: 1 });
    await vi.waitFor(() => expect(received).toHaveLength(1), { timeout: 5_000 });
    expect(received).toEqual([['pc-1', { kind: 'task', taskId: 't-1', status: { status: 'done' } }]]);
    expect(warnings).toEqual([
      expect.stringMatching(/^agent message ignored: agent pc-1, topic lanyard\/agents\/pc-1\/status\/online: online: online: Invalid input: expected boolean/),
      expect.stringMatching(/^agent message ignored: agent pc-1, topic lanyard\/agents\/pc-1\/status\/online: the message is not JSON/),
    ]);
    // The handler that throws is logged for each message, and neither the other handler nor the connection suffers.
    expect(errors).toEqual([expect.stringMatching(/handling a message on .*status\/online failed: a handler that fails/), expect.stringMatching(/status\/online failed/), expect.stringMatching(/status\/task\/t-1 failed/)]);
    expect(connection.connected).toBe(true);
    await agent.endAsync();
    await connection.stop();
    await broker.stop();
    await store.close();
  });
});
