import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { afterAll, it } from 'vitest';
import { createOfficeCa, issueTlsServerCertificate } from '../../electron/core/pki/certificates';
import { tempDir } from '../support/core-fixtures';
import { MosquittoServer } from '../support/mosquitto-server';
import { freePort } from '../support/serve-process';
import type { BenchAgent} from './bench-agents';
import { connectAll, enrolAgents, residentBytes, until, type BenchLogin } from './bench-agents';
import { machineLine, writeBenchSection } from './bench-docs';
import { benchPushPki, LanyardUnderTest } from './lanyard-under-test';
import { LeanAdminClient } from './lean-admin-client';
import { summarize, timedPool } from './latency';

/** The embedded broker's aedes, as installed (its package exports no package.json). */
const aedesVersion = (JSON.parse(readFileSync(join(import.meta.dirname, '../../node_modules/aedes/package.json'), 'utf8')) as { version: string }).version;

/**
 * `npm run bench`, the agent channel. Environment: LANYARD_BENCH_AGENTS (the
 * connected counts, default 1000,10000), LANYARD_BENCH_AGENT_SAMPLE (agents
 * dropped and reconnected one by one for the online/offline latency, default
 * 200), LANYARD_BENCH_AGENT_TASKS (round trips, default 2000),
 * LANYARD_BENCH_WRITE=0 to leave docs/benchmarks.md alone.
 */
const counts = (process.env.LANYARD_BENCH_AGENTS ?? '1000,10000').split(',').map(Number).sort((a, b) => a - b);
const sampleSize = Number(process.env.LANYARD_BENCH_AGENT_SAMPLE ?? 200);
const taskCount = Number(process.env.LANYARD_BENCH_AGENT_TASKS ?? 2000);
const warmupTasks = Math.min(300, taskCount);
const taskAgents = 100;
const taskConcurrency = 32;
const keepaliveSeconds = 30;
const largest = counts.at(-1)!;
const n = (value: number) => value.toLocaleString('en-US');
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
});

/** The admin event stream: who is online, and which tasks are done. */
function fleetWatch(admin: LeanAdminClient) {
  const online = new Set<string>();
  const done = new Set<string>();
  const ticks = new Set<() => void>();
  const subscribe = (listener: () => void) => (ticks.add(listener), () => ticks.delete(listener));
  const opened = admin.watch(['devices.changed', 'commands.changed'], (name, data) => {
    if (name === 'devices.changed') {
      if (data.online === true) online.add(data.id as string);
      else online.delete(data.id as string);
    } else if (data.status === 'done') done.add(data.commandUuid as string);
    ticks.forEach((listener) => listener());
  });
  return {
    ready: () => opened,
    /** Resolves when `id`'s online flag is `value` on the stream; returns when it arrived (performance.now()). */
    onlineIs: (id: string, value: boolean) =>
      until(() => online.has(id) === value, subscribe, `${id} going ${value ? 'online' : 'offline'}`, 10_000).then(() => performance.now()),
    allOnline: (ids: string[], timeoutMs: number) => until(() => ids.every((id) => online.has(id)), subscribe, `${n(ids.length)} agents online`, timeoutMs),
    taskDone: (uuid: string) => until(() => done.has(uuid), subscribe, `task ${uuid} done`, 30_000),
  };
}

interface LevelFigures {
  agents: number;
  connectPerSecond: number;
  lanyardBytesPerAgent: number;
  lanyardRss: number;
  offline: { p50: number; p99: number; count: number };
  online: { p50: number; p99: number; count: number };
  lanyardTrips: { perSecond: number; p50: number; p99: number };
  mosquittoBytesPerAgent: number;
  mosquittoTrips: { perSecond: number; p50: number; p99: number };
}

/** Agents spread evenly over the connected ones, so the sample is not only the first to connect. */
function spread<T>(items: T[], count: number): T[] {
  const step = Math.max(1, Math.floor(items.length / count));
  return items.filter((_, i) => i % step === 0).slice(0, count);
}

/** Drops each sampled agent's socket and waits for offline on the event stream, then reconnects it and waits for online. */
async function onlineOfflineLatency(watch: ReturnType<typeof fleetWatch>, sample: { agent: BenchAgent; id: string }[]) {
  const offline: number[] = [];
  const online: number[] = [];
  for (const { agent, id } of sample) {
    const dropped = performance.now();
    agent.dropConnection();
    offline.push((await watch.onlineIs(id, false)) - dropped);
    await agent.reconnect();
    const said = performance.now();
    await agent.sayOnline();
    online.push((await watch.onlineIs(id, true)) - said);
  }
  return { offline: summarize(offline, 1), online: summarize(online, 1) };
}

/** The first tasks untimed (the JIT, caches and kept-alive sockets warm up, as on a server that has run a while), then all of them timed; the same for Lanyard and the relay. */
async function warmThenTime<T>(items: T[], run: (item: T) => Promise<void>) {
  await timedPool(items.slice(0, warmupTasks), taskConcurrency, run);
  return timedPool(items, taskConcurrency, run);
}

/** Tasks through Lanyard: admin API POST → published → agent answers → stored, seen as `done` on the event stream. */
async function lanyardRoundTrips(admin: LeanAdminClient, watch: ReturnType<typeof fleetWatch>, ids: string[]) {
  const { latencies, wallMs } = await warmThenTime(
    Array.from({ length: taskCount }, (_, i) => ids[i % ids.length]!),
    async (id) => {
      const queued = await admin.post(`/api/devices/${id}/commands`, { requestType: 'Ping' });
      if (queued.status !== 202) throw new Error(`Ping for ${id} got ${queued.status}: ${JSON.stringify(queued.body)}`);
      await watch.taskDone(queued.body.commandUuid as string);
    },
  );
  return summarize(latencies, wallMs);
}

/** The same messages through a bare Mosquitto: a relay client publishes the task and waits for the agent's answer. */
async function mosquittoRoundTrips(url: string, ca: string, logins: BenchLogin[]) {
  const relay = await mqtt.connectAsync(url, { clientId: 'bench-relay', clean: true, protocolVersion: 4, reconnectPeriod: 0, ca });
  const waiting = new Map<string, () => void>();
  relay.on('message', (topic) => waiting.get(topic.split('/').at(-1)!)?.());
  await relay.subscribeAsync('lanyard/agents/+/status/task/+', { qos: 1 });
  const { latencies, wallMs } = await warmThenTime(
    Array.from({ length: taskCount }, (_, i) => logins[i % logins.length]!),
    async (login) => {
      const taskId = randomBytes(16).toString('hex');
      const answered = new Promise<void>((resolve) => waiting.set(taskId, resolve));
      await relay.publishAsync(`${login.topicRoot}/command/${taskId}`, JSON.stringify({ taskId, type: 'Ping' }), { qos: 1 });
      await answered;
      waiting.delete(taskId);
    },
  );
  await relay.endAsync();
  return summarize(latencies, wallMs);
}

async function measureLanyard(): Promise<{ levels: Omit<LevelFigures, 'mosquittoBytesPerAgent' | 'mosquittoTrips'>[]; enrolPerSecond: number; idleRss: number }> {
  const folder = await tempDir();
  cleanups.push(folder.remove);
  const { pushPki, caFile } = await benchPushPki(folder.path);
  const lanyard = new LanyardUnderTest({
    dataDir: `${folder.path}/data`,
    mdmPort: await freePort(),
    apnsUrl: 'https://127.0.0.1:9',
    apnsCaFile: caFile,
    extraArgs: ['--mqtt-port', String(await freePort()), '--agent-keepalive', String(keepaliveSeconds)],
  });
  await lanyard.start();
  cleanups.push(() => lanyard.stop());
  const { agentUrl, caPem } = await lanyard.setUp(pushPki);
  const { logins, perSecond: enrolPerSecond } = await enrolAgents(agentUrl, caPem, largest);
  const admin = new LeanAdminClient(lanyard.adminUrl, lanyard.token);
  cleanups.push(async () => admin.close());
  const watch = fleetWatch(admin);
  await watch.ready();
  const idleRss = await residentBytes(lanyard.pid);
  const agents: BenchAgent[] = [];
  cleanups.push(() => Promise.all(agents.map((agent) => agent.close())));
  const levels = [];
  let connectMs = 0;
  for (const count of counts) {
    const started = performance.now();
    agents.push(...(await connectAll(logins.slice(agents.length, count).map((login) => login.mqtt), caPem, keepaliveSeconds)));
    await watch.allOnline(logins.slice(0, count).map((login) => login.agentId), 300_000);
    connectMs += performance.now() - started;
    const rss = await residentBytes(lanyard.pid);
    const pairs = agents.map((agent, i) => ({ agent, id: logins[i]!.agentId }));
    const latency = await onlineOfflineLatency(watch, spread(pairs, sampleSize));
    const trips = await lanyardRoundTrips(admin, watch, logins.slice(0, taskAgents).map((login) => login.agentId));
    levels.push({ agents: count, connectPerSecond: (count / connectMs) * 1000, lanyardBytesPerAgent: (rss - idleRss) / count, lanyardRss: rss, ...latency, lanyardTrips: trips });
  }
  await Promise.all(agents.splice(0).map((agent) => agent.close()));
  return { levels, enrolPerSecond, idleRss };
}

async function measureMosquitto(): Promise<{ bytesPerAgent: number; trips: LevelFigures['mosquittoTrips'] }[]> {
  const ca = createOfficeCa({ organization: 'Bench broker' });
  const tls = issueTlsServerCertificate(ca, { hosts: ['127.0.0.1'] });
  const broker = await MosquittoServer.start({ anonymous: true, tls: { ...tls, caPem: ca.certificatePem } });
  cleanups.push(() => broker.stop());
  const logins: BenchLogin[] = Array.from({ length: largest }, (_, i) => ({ url: broker.url, clientId: `bench-${i}`, username: `bench-${i}`, password: 'unused', topicRoot: `lanyard/agents/bench-${i}` }));
  const idleRss = await residentBytes(broker.pid);
  const agents: BenchAgent[] = [];
  cleanups.push(() => Promise.all(agents.map((agent) => agent.close())));
  const levels = [];
  for (const count of counts) {
    agents.push(...(await connectAll(logins.slice(agents.length, count), ca.certificatePem, keepaliveSeconds)));
    const rss = await residentBytes(broker.pid);
    levels.push({ bytesPerAgent: (rss - idleRss) / count, trips: await mosquittoRoundTrips(broker.url, ca.certificatePem, logins.slice(0, taskAgents)) });
  }
  await Promise.all(agents.splice(0).map((agent) => agent.close()));
  return levels;
}

function report(levels: LevelFigures[], enrolPerSecond: number, idleRss: number): string {
  const ms = (value: number) => value.toFixed(1);
  const trips = (t: { perSecond: number; p50: number; p99: number }) => `${t.perSecond.toFixed(0)}/s (p50 ${ms(t.p50)}, p99 ${ms(t.p99)})`;
  const lines = [
    `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${machineLine()}. Lanyard \`serve\` in its own process with the embedded broker (aedes ${aedesVersion}, which speaks MQTT 3.1.1 and 5, over TLS); the agents are bare mqtt.js clients speaking 3.1.1 in the bench's process, enrolled through \`POST /agent/enroll\` (${enrolPerSecond.toFixed(0)} enrolments/s, 16 in flight), persistent sessions, keepalive ${keepaliveSeconds} s. The baseline is a bare \`mosquitto\` (TLS, anonymous, no plugin) relaying the same task and answer between the same kind of clients. Lanyard's process held ${mib(idleRss)} before the first agent connected.`,
    '',
    '| agents connected | connects/s | Lanyard memory per agent | bare mosquitto memory per agent | offline → event stream p50 / p99 (ms) | online → event stream p50 / p99 (ms) | task round trips through Lanyard | bare mosquitto relay | ratio |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const level of levels) {
    lines.push(
      `| ${n(level.agents)} | ${level.connectPerSecond.toFixed(0)} | ${kib(level.lanyardBytesPerAgent)} (${mib(level.lanyardRss)} in all) | ${kib(level.mosquittoBytesPerAgent)} | ${ms(level.offline.p50)} / ${ms(level.offline.p99)} | ${ms(level.online.p50)} / ${ms(level.online.p99)} | ${trips(level.lanyardTrips)} | ${trips(level.mosquittoTrips)} | ${(level.lanyardTrips.perSecond / level.mosquittoTrips.perSecond).toFixed(2)} × |`,
    );
  }
  const top = levels.at(-1)!;
  const verdict = (ok: boolean) => (ok ? 'met' : 'not met');
  const worstP99 = Math.max(...levels.flatMap((level) => [level.offline.p99, level.online.p99]));
  const worstRatio = Math.min(...levels.map((level) => level.lanyardTrips.perSecond / level.mosquittoTrips.perSecond));
  lines.push(
    '',
    '| goal | result |',
    '| --- | --- |',
    `| 10,000 agents connected on this machine | ${n(top.agents)} online, ${mib(top.lanyardRss)} (${verdict(top.agents >= 10_000)}) |`,
    `| online/offline change on the event stream, p99 under 1 s | worst p99 ${ms(worstP99)} ms (${verdict(worstP99 < 1000)}) |`,
    `| task round trips ≥ 0.5 × the bare mosquitto relay | worst ${worstRatio.toFixed(2)} × (${verdict(worstRatio >= 0.5)}) |`,
    '',
    `Latencies: ${sampleSize} agents spread over the connected ones, one at a time: the socket is destroyed (the broker sends the will) or the agent publishes \`{"online":true}\` after reconnecting, until the \`devices.changed\` event arrives on \`/api/events\`. Round trips: ${n(taskCount)} \`Ping\` tasks over the first ${taskAgents} agents, ${taskConcurrency} in flight, timed after ${n(warmupTasks)} untimed ones (on both sides), from the admin API's POST to the \`commands.changed\` event saying \`done\` (the relay: from PUBLISH to the answer's arrival). Through Lanyard each one is also an admin API request (HTTP on loopback), a durable write when it is queued, sent and done, and events.`,
  );
  return lines.join('\n');
}

it('agent channel benchmark', async () => {
  const lanyard = await measureLanyard();
  const mosquitto = await measureMosquitto();
  const levels = lanyard.levels.map((level, i) => ({ ...level, mosquittoBytesPerAgent: mosquitto[i]!.bytesPerAgent, mosquittoTrips: mosquitto[i]!.trips }));
  const figures = report(levels, lanyard.enrolPerSecond, lanyard.idleRss);
  console.log(`\n${figures}\n`);
  if (process.env.LANYARD_BENCH_WRITE !== '0') await writeBenchSection('agents', 'Agent channel', figures);
});
