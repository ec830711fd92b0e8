import { createServer } from 'node:net';
import mqtt from 'mqtt';
import { describe, expect, it, vi } from 'vitest';
import { AgentLoginStore } from '../../../electron/core/agents/agent-login-store';
import { AgentLogins, coreUsername } from '../../../electron/core/agents/agent-logins';
import { silentLogger } from '../../../electron/core/logger';
import { BrokerConnection } from '../../../electron/core/mqtt/broker-connection';
import { EmbeddedBroker } from '../../../electron/core/mqtt/embedded-broker';
import { createOfficeCa, issueTlsServerCertificate } from '../../../electron/core/pki/certificates';
import { sampleStore } from '../../support/core-fixtures';
import { freePort } from '../../support/serve-process';

const ca = createOfficeCa({ organization: 'Connection Office' });
// The certificate names the public host only, as the office's does: Lanyard reaches its broker on loopback anyway.
const tls = issueTlsServerCertificate(ca, { hosts: ['mdm.office.test'] });

describe("Lanyard's own connection to the broker", () => {
  it('logs in with the password made at start, and only with it', async () => {
    const logins = new AgentLogins();
    expect(await logins.authenticate(coreUsername, Buffer.from(logins.corePassword))).toEqual({ kind: 'lanyard' });
    expect(await logins.authenticate(coreUsername, Buffer.from(`${logins.corePassword}x`))).toBeNull();
    expect(await logins.authenticate(coreUsername, Buffer.from(''))).toBeNull();
    expect(await logins.authenticate('agent', Buffer.from(logins.corePassword))).toBeNull();
    expect(new AgentLogins().corePassword).not.toBe(logins.corePassword);
  });

  it('connects over TLS checked against the office CA, says it is running, and stops', async () => {
    const logins = new AgentLogins();
    const broker = new EmbeddedBroker(logins, silentLogger);
    await broker.start({ port: 0, bind: '127.0.0.1', tls });
    const url = `mqtts://127.0.0.1:${broker.port()}`;
    const connection = new BrokerConnection({ url, username: coreUsername, password: logins.corePassword, caPem: ca.certificatePem, chainOnly: true, clientId: 'lanyard-core' }, silentLogger);
    await connection.start();
    expect(connection.connected).toBe(true);
    expect(connection.status()).toEqual({ name: 'agent channel', state: 'running', url });
    await connection.stop();
    expect(connection.status().state).toBe('stopped');
    // With the wrong CA the chain check fails, host name or not.
    const stranger = new BrokerConnection({ url, username: coreUsername, password: logins.corePassword, caPem: createOfficeCa({ organization: 'Stranger' }).certificatePem, chainOnly: true, clientId: 'stranger' }, silentLogger);
    await stranger.start();
    expect(stranger.connected).toBe(false);
    expect(stranger.status()).toMatchObject({ state: 'failed', error: expect.stringMatching(/certificate/) });
    await stranger.stop();
    await broker.stop();
  });

  it('lets an agent in with the login it was issued, to its own topics only, and not after the login is revoked', async () => {
    const store = await sampleStore();
    const agentLogins = new AgentLoginStore(store);
    const broker = new EmbeddedBroker(new AgentLogins(agentLogins), silentLogger);
    await broker.start({ port: 0, bind: '127.0.0.1', tls });
    const url = `mqtts://127.0.0.1:${broker.port()}`;
    const issued = await store.update((tx) => agentLogins.issueIn(tx, { agentId: 'pc-1', serial: 'PC-SERIAL-1' }));
    const options = { username: issued.username, password: issued.password, ca: ca.certificatePem, checkServerIdentity: () => undefined, protocolVersion: 4 as const, reconnectPeriod: 0 };
    const agent = await mqtt.connectAsync(url, options);
    const granted = await agent.subscribeAsync(`${issued.topicRoot}/command/#`, { qos: 1 });
    expect(granted.map((grant) => grant.qos)).toEqual([1]);
    await agent.endAsync();
    await store.update((tx) => agentLogins.revokeIn(tx, 'pc-1'));
    await expect(mqtt.connectAsync(url, options)).rejects.toMatchObject({ code: 4 });
    await broker.stop();
    await store.close();
  });

  it('says why when the broker cannot be reached, logs that once while it retries, and connects when it comes', async () => {
    const port = await freePort();
    const url = `mqtts://127.0.0.1:${port}`;
    const lines: string[] = [];
    const logger = { ...silentLogger, warn: (line: string) => lines.push(`warn ${line}`), info: (line: string) => lines.push(`info ${line}`) };
    const logins = new AgentLogins();
    const connection = new BrokerConnection({ url, username: coreUsername, password: logins.corePassword, caPem: ca.certificatePem, chainOnly: true, clientId: 'lanyard-core' }, logger);
    await connection.start();
    expect(connection.status()).toMatchObject({ name: 'agent channel', state: 'failed', error: expect.stringMatching(/cannot reach the MQTT broker at mqtts:\/\/127\.0\.0\.1:\d+: .*ECONNREFUSED/) });
    // Something on the port that hangs up at once, to count the retries; then the broker takes the port.
    let attempts = 0;
    const hangUp = createServer((socket) => {
      attempts += 1;
      socket.destroy();
    });
    await new Promise<void>((resolve) => hangUp.listen(port, '127.0.0.1', resolve));
    await vi.waitFor(() => expect(attempts).toBeGreaterThanOrEqual(2), { timeout: 10_000 });
    await new Promise<void>((resolve) => hangUp.close(() => resolve()));
    const broker = new EmbeddedBroker(logins, silentLogger);
    await broker.start({ port, bind: '127.0.0.1', tls });
    await vi.waitFor(() => expect(connection.status().state).toBe('running'), { timeout: 10_000 });
    expect(lines).toEqual([expect.stringMatching(/^warn agent channel: cannot reach the MQTT broker at .*retrying every second$/), `info agent channel: connected to ${url} again`]);
    await connection.stop();
    await broker.stop();
  });
});
