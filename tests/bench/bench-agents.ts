import { readFile } from 'node:fs/promises';
import { Agent, request } from 'node:https';
import mqtt, { type MqttClient } from 'mqtt';
import type { AgentEnrollResponse } from '../../contract/agent-protocol';
import { timedPool } from './latency';

/** What a bench agent needs to connect: the login from enrolment, or a made-up one for the bare broker. */
export type BenchLogin = Pick<AgentEnrollResponse['mqtt'], 'url' | 'clientId' | 'username' | 'password' | 'topicRoot'>;

/**
 * An agent as the protocol page describes it, and nothing more: a bare
 * mqtt.js client with a persistent session and a last will, that says it is
 * online and answers every task `done` at once. Thousands of them share the
 * bench's process, so the figures are the server's, not an agent's.
 */
export class BenchAgent {
  private constructor(
    readonly login: BenchLogin,
    private readonly ca: string,
    private readonly keepaliveSeconds: number,
    public client: MqttClient,
  ) {}

  static async connect(login: BenchLogin, ca: string, keepaliveSeconds: number): Promise<BenchAgent> {
    const agent = new BenchAgent(login, ca, keepaliveSeconds, await BenchAgent.open(login, ca, keepaliveSeconds));
    await agent.client.subscribeAsync(`${login.topicRoot}/command/#`, { qos: 1 });
    await agent.sayOnline();
    return agent;
  }

  private static async open(login: BenchLogin, ca: string, keepalive: number): Promise<MqttClient> {
    const client = await mqtt.connectAsync(login.url, {
      clientId: login.clientId,
      username: login.username,
      password: login.password,
      clean: false,
      protocolVersion: 4,
      keepalive,
      reconnectPeriod: 0,
      connectTimeout: 60_000,
      ca,
      will: { topic: `${login.topicRoot}/status/online`, payload: Buffer.from('{"online":false}'), qos: 1, retain: true },
    });
    const prefix = `${login.topicRoot}/command/`;
    client.on('message', (topic) => {
      if (!topic.startsWith(prefix)) return;
      void client.publishAsync(`${login.topicRoot}/status/task/${topic.slice(prefix.length)}`, '{"status":"done"}', { qos: 1 }).catch(() => undefined);
    });
    return client;
  }

  /** The retained online message; resolves when the broker has it (PUBACK). */
  async sayOnline(): Promise<void> {
    await this.client.publishAsync(`${this.login.topicRoot}/status/online`, '{"online":true}', { qos: 1, retain: true });
  }

  /** The socket dies without a DISCONNECT, as when a PC loses power: the broker sends the will. */
  dropConnection(): void {
    this.client.stream.destroy();
    this.client.end(true);
  }

  /** Connects again on the same session (the subscription is kept by the broker). */
  async reconnect(): Promise<void> {
    this.client = await BenchAgent.open(this.login, this.ca, this.keepaliveSeconds);
  }

  async close(): Promise<void> {
    await this.client.endAsync(true).catch(() => undefined);
  }
}

/** Connects many agents, `concurrency` handshakes at a time. */
export async function connectAll(logins: BenchLogin[], ca: string, keepaliveSeconds: number, concurrency = 40): Promise<BenchAgent[]> {
  const agents: BenchAgent[] = new Array(logins.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < logins.length) {
        const i = next++;
        agents[i] = await BenchAgent.connect(logins[i]!, ca, keepaliveSeconds);
      }
    }),
  );
  return agents;
}

/** The resident memory of a process, in bytes, from /proc (Linux). */
export async function residentBytes(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kib = /VmRSS:\s+(\d+) kB/.exec(status);
  if (!kib) throw new Error(`no VmRSS for process ${pid}`);
  return Number(kib[1]) * 1024;
}

/** Resolves when `done()` holds, checking whenever `tick` is called; rejects after `timeoutMs`. */
export function until(done: () => boolean, subscribe: (tick: () => void) => () => void, what: string, timeoutMs: number): Promise<void> {
  if (done()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`${what} did not happen within ${timeoutMs} ms`));
    }, timeoutMs);
    const off = subscribe(() => {
      if (!done()) return;
      clearTimeout(timer);
      off();
      resolve();
    });
  });
}

/** Enrols `count` agents with the invitation, 16 at a time over kept-alive HTTPS; returns the logins and the rate. */
export async function enrolAgents(agentUrl: string, ca: string, count: number): Promise<{ logins: AgentEnrollResponse[]; perSecond: number }> {
  const url = new URL(agentUrl);
  const invitation = /\/enroll\/([^/#?]+)/.exec(url.pathname)![1]!;
  const agent = new Agent({ keepAlive: true, maxSockets: 16, ca });
  const logins: AgentEnrollResponse[] = new Array(count);
  const post = (i: number) =>
    new Promise<void>((resolve, reject) => {
      const body = JSON.stringify({ invitation, serial: `BENCH-${String(i).padStart(6, '0')}`, hostname: `bench-pc-${i}`, os: { name: 'Linux', version: 'Bench 1' }, user: { name: `User ${i}`, email: `user${i}@example.com` } });
      const req = request({ host: url.hostname, port: url.port, path: '/agent/enroll', method: 'POST', agent, headers: { 'content-type': 'application/json' } }, (response) => {
        let text = '';
        response.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
        response.on('end', () => {
          if (response.statusCode !== 201) return reject(new Error(`enrolment ${i} got ${response.statusCode}: ${text}`));
          logins[i] = JSON.parse(text) as AgentEnrollResponse;
          resolve();
        });
      });
      req.on('error', reject);
      req.end(body);
    });
  const { wallMs } = await timedPool(
    Array.from({ length: count }, (_, i) => i),
    16,
    post,
  );
  agent.destroy();
  return { logins, perSecond: (count / wallMs) * 1000 };
}
