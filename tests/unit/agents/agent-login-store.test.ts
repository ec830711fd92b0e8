import { describe, expect, it } from 'vitest';
import { AgentLoginStore } from '../../../electron/core/agents/agent-login-store';
import { silentLogger } from '../../../electron/core/logger';
import { agentTopicRoot } from '../../../electron/core/mqtt/topic-access';
import { openLanyardStore } from '../../../electron/core/store/open-lanyard-store';
import { sampleSettings, storedText, tempDir } from '../../support/core-fixtures';

const open = (dataDir: string) => openLanyardStore({ kind: 'folder', dataDir }, sampleSettings, silentLogger);

describe("agents' MQTT logins", () => {
  it('issues a login that verifies, keeps only a hash of its password, and survives a restart', async () => {
    const dir = await tempDir();
    const store = await open(dir.path);
    const logins = new AgentLoginStore(store);
    const issued = await store.update((tx) => logins.issueIn(tx, { agentId: 'a1', serial: 'SER-1' }));
    expect(issued.topicRoot).toBe(agentTopicRoot('a1'));
    expect(issued.password.length).toBeGreaterThanOrEqual(43);
    expect(logins.verify(issued.username, Buffer.from(issued.password))).toEqual({ kind: 'agent', agentId: 'a1', topicRoot: agentTopicRoot('a1') });
    expect(logins.verify(issued.username, Buffer.from(`${issued.password}x`))).toBeNull();
    expect(logins.verify('agent-unknown', Buffer.from(issued.password))).toBeNull();
    await store.close();
    expect(await storedText(dir.path)).not.toContain(issued.password);
    const again = await open(dir.path);
    expect(new AgentLoginStore(again).verify(issued.username, Buffer.from(issued.password))).toMatchObject({ agentId: 'a1' });
    await again.close();
    await dir.remove();
  });

  it('replaces the login of a serial that enrols again, and refuses a revoked one', async () => {
    const dir = await tempDir();
    const store = await open(dir.path);
    const logins = new AgentLoginStore(store);
    const first = await store.update((tx) => logins.issueIn(tx, { agentId: 'a1', serial: 'SER-1' }));
    const other = await store.update((tx) => logins.issueIn(tx, { agentId: 'a2', serial: 'SER-2' }));
    const second = await store.update((tx) => logins.issueIn(tx, { agentId: 'a1', serial: 'SER-1' }));
    expect(logins.verify(first.username, Buffer.from(first.password))).toBeNull();
    expect(logins.verify(second.username, Buffer.from(second.password))).toMatchObject({ agentId: 'a1' });
    expect(logins.verify(other.username, Buffer.from(other.password))).toMatchObject({ agentId: 'a2' });
    expect(store.collection('agentLogins').size).toBe(2);
    expect(await store.update((tx) => logins.revokeIn(tx, 'a1'))).toBe(true);
    expect(logins.verify(second.username, Buffer.from(second.password))).toBeNull();
    expect(await store.update((tx) => logins.revokeIn(tx, 'a1'))).toBe(false);
    await store.close();
    await dir.remove();
  });
});
