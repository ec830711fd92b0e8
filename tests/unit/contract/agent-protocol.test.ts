import { describe, expect, it } from 'vitest';
import { AgentCommand, commandTopic, maxAgentMessageBytes, onlineTopic, readAgentMessage } from '../../../contract/agent-protocol';

const root = 'lanyard/agents/a1';
const read = (topic: string, value: unknown) => readAgentMessage(root, `${root}/status/${topic}`, Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)));

const inventory = {
  hostname: 'front-desk-pc',
  os: { name: 'Debian GNU/Linux', version: '12' },
  cpu: { model: 'AMD EPYC', cores: 2 },
  memoryBytes: 8 * 2 ** 30,
  disks: [{ mount: '/', sizeBytes: 100e9, freeBytes: 40e9 }],
  interfaces: [{ name: 'eth0', mac: '02:00:00:00:00:01', addresses: ['192.168.1.20'] }],
  uptimeSeconds: 3600.5,
  agentVersion: '0.1.0',
};

describe('the agent protocol', () => {
  it('reads every status message an agent sends', () => {
    expect(read('online', { online: true })).toEqual({ ok: true, message: { kind: 'online', online: true } });
    expect(read('online', { online: false })).toEqual({ ok: true, message: { kind: 'online', online: false } });
    expect(read('task/T-1', { status: 'done', detail: 'written' })).toEqual({ ok: true, message: { kind: 'task', taskId: 'T-1', status: { status: 'done', detail: 'written' } } });
    expect(read('inventory', inventory)).toEqual({ ok: true, message: { kind: 'inventory', inventory } });
    expect(read('user', { name: 'Anna', email: 'anna@office.test' })).toEqual({ ok: true, message: { kind: 'user', user: { name: 'Anna', email: 'anna@office.test' } } });
    expect(read('unenroll', { unenrolled: true })).toEqual({ ok: true, message: { kind: 'unenroll' } });
  });

  it('ignores fields it does not know, so a newer agent does not break an older Lanyard', () => {
    expect(read('online', { online: true, since: 'boot' })).toEqual({ ok: true, message: { kind: 'online', online: true } });
  });

  it.each([
    ['online', { online: 'false' }, /online: Invalid input: expected boolean/],
    ['online', '{"online":false', /not JSON/],
    ['online', '', /not JSON/],
    ['unenroll', { unenrolled: 'unenrolled' }, /unenrolled/],
    ['task/T-1', { status: 'finished' }, /status/],
    ['task/../x', { status: 'done' }, /no message is defined|task id/],
    ['task/a b', { status: 'done' }, /task id "a b"/],
    ['user', { name: 'Anna', email: 'not an address' }, /email/],
    ['inventory', { ...inventory, memoryBytes: -1 }, /memoryBytes/],
    ['geolocation', { latitude: 1 }, /no message is defined for status\/geolocation/],
  ])('refuses status/%s %j with the reason', (topic, value, problem) => {
    const result = read(topic, value);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problem).toMatch(problem);
  });

  it("refuses a topic outside the agent's status topics, bytes that are not UTF-8, and a message over the size limit", () => {
    expect(readAgentMessage(root, 'lanyard/agents/a2/status/online', Buffer.from('{"online":true}'))).toMatchObject({ ok: false, problem: expect.stringMatching(/not under lanyard\/agents\/a1\/status\//) });
    expect(readAgentMessage(root, `${root}/status/online`, Buffer.from([0x7b, 0xff, 0x7d]))).toMatchObject({ ok: false, problem: expect.stringMatching(/not JSON/) });
    expect(readAgentMessage(root, `${root}/status/online`, Buffer.alloc(maxAgentMessageBytes + 1, 0x20))).toMatchObject({ ok: false, problem: expect.stringMatching(/at most/) });
  });

  it('checks commands, including a file destination that must stay inside the managed folder', () => {
    const deploy = { taskId: 'T-2', type: 'DeployFile', fileId: 'f1', destination: 'handbook/handbook.pdf', url: 'https://mdm.office.test:8443/files/f1?sig=x', sha256: 'a'.repeat(64), size: 10 };
    expect(AgentCommand.safeParse(deploy).success).toBe(true);
    for (const destination of ['/etc/passwd', '../outside', 'a/../../b', 'C:\\Windows\\x', 'a\\..\\..\\b']) expect(AgentCommand.safeParse({ ...deploy, destination }).success, destination).toBe(false);
    expect(AgentCommand.safeParse({ ...deploy, url: 'http://mdm.office.test/files/f1' }).success).toBe(false);
    expect(AgentCommand.safeParse({ taskId: 'T-3', type: 'Reboot' }).success).toBe(false);
    expect(commandTopic(root, 'T-2')).toBe(`${root}/command/T-2`);
    expect(onlineTopic(root)).toBe(`${root}/status/online`);
  });
});
