import { request } from 'node:https';
import mqtt, { type MqttClient } from 'mqtt';
import type { AgentEnrollResponse } from '../../contract/agent-protocol';

export type Answer = (task: { taskId: string; type: string }) => { status: 'done' | 'failed'; detail?: string } | null;

/** An agent as the protocol page describes it (a bare mqtt.js client) that answers tasks as `answer` says and records every task id it was sent. */
export class TestAgent {
  readonly received: string[] = [];
  private client: MqttClient | null = null;
  answer: Answer = () => ({ status: 'done' });

  constructor(
    readonly login: AgentEnrollResponse,
    private readonly ca: string,
  ) {}

  get id(): string {
    return this.login.agentId;
  }

  async connect(): Promise<void> {
    const { mqtt: m } = this.login;
    const client = await mqtt.connectAsync(m.url, { clientId: m.clientId, username: m.username, password: m.password, clean: false, protocolVersion: 4, reconnectPeriod: 0, ca: this.ca, will: { topic: `${m.topicRoot}/status/online`, payload: Buffer.from('{"online":false}'), qos: 1, retain: true } });
    this.client = client;
    client.on('message', (topic, payload) => {
      const task = JSON.parse(payload.toString()) as { taskId: string; type: string };
      this.received.push(task.taskId);
      const outcome = this.answer(task);
      if (outcome) void client.publishAsync(`${m.topicRoot}/status/task/${task.taskId}`, JSON.stringify(outcome), { qos: 1 });
    });
    await client.subscribeAsync(`${m.topicRoot}/command/#`, { qos: 1 });
    await client.publishAsync(`${m.topicRoot}/status/online`, '{"online":true}', { qos: 1, retain: true });
  }

  async disconnect(): Promise<void> {
    await this.client?.publishAsync(`${this.login.mqtt.topicRoot}/status/online`, '{"online":false}', { qos: 1, retain: true });
    await this.client?.endAsync();
    this.client = null;
  }
}


/** Enrols a TestAgent with an invitation's agent link, as the reference agent's `enroll` does (POST /agent/enroll over the office's TLS). */
export async function enrolTestAgent(server: { mdmPort: number; caPem: string }, invitation: { agentUrl: string }, serial: string): Promise<TestAgent> {
  const token = /\/enroll\/([^#]+)#/.exec(invitation.agentUrl)![1]!;
  const body = JSON.stringify({ invitation: token, serial, hostname: `pc-${serial}`, os: { name: 'Linux', version: 'Debian 12' } });
  const text = await new Promise<string>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.mdmPort, path: '/agent/enroll', method: 'POST', headers: { 'content-type': 'application/json' }, ca: server.caPem }, (response) => {
      let answer = '';
      response.setEncoding('utf8').on('data', (chunk: string) => (answer += chunk));
      response.on('end', () => (response.statusCode === 201 ? resolve(answer) : reject(new Error(`enrolment: ${response.statusCode} ${answer}`))));
    });
    req.on('error', reject);
    req.end(body);
  });
  return new TestAgent(JSON.parse(text) as AgentEnrollResponse, server.caPem);
}
