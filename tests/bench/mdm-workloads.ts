import type { Agent} from 'node:https';
import { request } from 'node:https';
import { build } from 'plist';
import type { ApnsTestServer } from '../support/apns-test-server';
import { signMdmMessage, type SimulatedDevice } from '../support/device-simulator';
import type { adminApi } from '../support/serve-process';
import { summarize, timedPool } from './latency';

/** Requests in flight during the round-trip workloads. */
export const concurrency = 32;
const checkinContentType = 'application/x-apple-aspen-mdm-checkin';
const commandContentType = 'application/x-apple-aspen-mdm';

export type Figures = ReturnType<typeof summarize>;
type AdminApi = ReturnType<typeof adminApi>;

/** Where the workloads send their requests. */
export interface Targets {
  /** Lanyard's device-facing HTTPS base, e.g. https://127.0.0.1:8443. */
  lanyard: string;
  bare: string;
  invitationId: string;
  agent: Agent;
}

interface Exchange {
  status: number;
  body: Buffer;
}

export function put(agent: Agent, url: string, body: Buffer, contentType: string, signature?: string): Promise<Exchange> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'PUT', agent, headers: { 'content-type': contentType, 'content-length': body.length, ...(signature ? { 'mdm-signature': signature } : {}) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

export type CheckInRound = { body: Buffer; signature: string };

/** Each device's signed TokenUpdate, three times over (made before the clock starts: signing is the device's work). */
export function checkInRounds(devices: SimulatedDevice[], topic: string): CheckInRound[] {
  const messages = devices.map((device) => {
    const body = Buffer.from(build({ MessageType: 'TokenUpdate', UDID: device.udid, Topic: topic, Token: Buffer.from(device.pushToken, 'hex'), PushMagic: device.pushMagic }));
    return { body, signature: signMdmMessage(body, device.identity) };
  });
  return [...messages, ...messages, ...messages];
}

/** The check-ins against Lanyard (verified, stored durably, answered), then against the bare server. */
export async function checkIns(targets: Targets, rounds: CheckInRound[], which: 'both' | 'lanyard' = 'both'): Promise<{ lanyard: Figures; bare?: Figures }> {
  const lanyard = await timedPool(rounds, concurrency, async ({ body, signature }) => {
    const reply = await put(targets.agent, `${targets.lanyard}/mdm/checkin?invitation=${targets.invitationId}`, body, checkinContentType, signature);
    if (reply.status !== 200) throw new Error(`check-in answered ${reply.status}: ${reply.body}`);
  });
  if (which === 'lanyard') return { lanyard: summarize(lanyard.latencies, lanyard.wallMs) };
  const bare = await timedPool(rounds, concurrency, async ({ body }) => {
    await put(targets.agent, `${targets.bare}/mdm/checkin`, body, checkinContentType);
  });
  return { lanyard: summarize(lanyard.latencies, lanyard.wallMs), bare: summarize(bare.latencies, bare.wallMs) };
}

/** Check-ins one at a time (nothing else in flight): the latency a device sees from a server that is not busy. */
export async function unloadedCheckIns(targets: Targets, rounds: CheckInRound[], count: number): Promise<Figures> {
  const sample = rounds.slice(0, count);
  const run = await timedPool(sample, 1, async ({ body, signature }) => {
    const reply = await put(targets.agent, `${targets.lanyard}/mdm/checkin?invitation=${targets.invitationId}`, body, checkinContentType, signature);
    if (reply.status !== 200) throw new Error(`check-in answered ${reply.status}: ${reply.body}`);
  });
  return summarize(run.latencies, run.wallMs);
}

/** Queues DeviceInformation for each device through the admin API, as a script would; returns the command UUIDs. */
export async function queueDeviceInformation(api: AdminApi, deviceIds: string[]): Promise<string[]> {
  const uuids: string[] = [];
  await timedPool(deviceIds, concurrency, async (id) => {
    const queued = await api.post(`/api/devices/${id}/commands`, { requestType: 'DeviceInformation', queries: ['DeviceName', 'OSVersion'] });
    if (queued.status !== 202) throw new Error(`queueing a command answered ${queued.status}: ${JSON.stringify(queued.body)}`);
    uuids.push(queued.body.commandUuid);
  });
  return uuids;
}

/** Idle → the queued DeviceInformation → Acknowledged (signed at run time) → the empty reply once the result is durable. */
export async function commandRoundTrips(targets: Targets, api: AdminApi, devices: SimulatedDevice[], idOf: Map<string, string>): Promise<{ lanyard: Figures; bare: Figures }> {
  await queueDeviceInformation(api, devices.map((device) => idOf.get(device.udid)!));
  const round = async (device: SimulatedDevice, url: string) => {
    const idle = Buffer.from(build({ UDID: device.udid, Status: 'Idle' }));
    const first = await put(targets.agent, url, idle, commandContentType, signMdmMessage(idle, device.identity));
    const uuid = /<key>CommandUUID<\/key>\s*<string>([^<]+)<\/string>/.exec(first.body.toString())?.[1];
    if (!uuid) throw new Error(`no command in the reply (${first.status})`);
    const ack = Buffer.from(build({ UDID: device.udid, Status: 'Acknowledged', CommandUUID: uuid, QueryResponses: { DeviceName: device.name, SerialNumber: device.serialNumber } }));
    const second = await put(targets.agent, url, ack, commandContentType, signMdmMessage(ack, device.identity));
    if (second.status !== 200) throw new Error(`acknowledgement answered ${second.status}`);
  };
  const lanyard = await timedPool(devices, concurrency, (device) => round(device, `${targets.lanyard}/mdm/server?invitation=${targets.invitationId}`));
  const bare = await timedPool(devices, concurrency, (device) => round(device, `${targets.bare}/mdm/server`));
  return { lanyard: summarize(lanyard.latencies, lanyard.wallMs), bare: summarize(bare.latencies, bare.wallMs) };
}

/** Counts `commands.changed` events that report an acknowledged command, from Lanyard's live event stream (as the UI gets them). */
export async function acknowledgements(adminUrl: string, token: string): Promise<{ seen: Map<string, number>; close(): void }> {
  const controller = new AbortController();
  const response = await fetch(`${adminUrl}/api/events`, { headers: { authorization: `Bearer ${token}` }, signal: controller.signal });
  if (!response.ok || !response.body) throw new Error(`the event stream answered ${response.status}`);
  const seen = new Map<string, number>();
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  void (async () => {
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) return;
      buffer += value;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const message = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (!message.startsWith('event: commands.changed\n')) continue;
        const data = JSON.parse(message.slice(message.indexOf('data: ') + 6)) as { commandUuid: string; status: string };
        if (data.status === 'acknowledged' && !seen.has(data.commandUuid)) seen.set(data.commandUuid, performance.now());
      }
    }
  })();
  return { seen, close: () => controller.abort() };
}

/**
 * DeviceInformation queued for every device → APNs pushes → each device
 * wakes on its push, connects and answers → the last result stored (seen on
 * the event stream). Returns the seconds and how the results spread.
 */
export async function pushToResult(api: AdminApi, events: Awaited<ReturnType<typeof acknowledgements>>, apns: ApnsTestServer, devices: SimulatedDevice[], idOf: Map<string, string>, deadlineMs: number): Promise<{ seconds: number; failedSessions: number; spread: string }> {
  const sessionErrors = new Map<string, string>();
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  for (const device of devices) device.wakeOnPush(apns, { pollTimeoutMs: 5_000, onError: (error) => sessionErrors.set(device.udid, `${(error as Error).message} after ${(performance.now() - started).toFixed(0)} ms`) });
  try {
    const uuids = await queueDeviceInformation(api, devices.map((device) => idOf.get(device.udid)!));
    const queuedMs = performance.now() - started;
    const deadline = Date.now() + deadlineMs;
    while (uuids.some((uuid) => !events.seen.has(uuid))) {
      if (Date.now() > deadline) {
        const stuck = uuids.filter((uuid) => !events.seen.has(uuid));
        const kinds = new Map<string, number>();
        for (const error of sessionErrors.values()) kinds.set(error.replace(/ after \d+ ms$/, ''), (kinds.get(error.replace(/ after \d+ ms$/, '')) ?? 0) + 1);
        const silent = devices.filter((device) => device.sessions.length === 0).slice(0, 1)[0];
        throw new Error(`${stuck.length} of ${uuids.length} results were not stored in ${deadlineMs / 1000} s; failed sessions by error: ${JSON.stringify([...kinds])}${silent ? `; e.g. a device that received ${silent.pushCount} pushes, woke ${silent.wakeCount} times (${sessionErrors.get(silent.udid) ?? 'no error'})` : ''}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const times = uuids.map((uuid) => events.seen.get(uuid)! - started).sort((a, b) => a - b);
    const at = (q: number) => ((times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0) / 1000).toFixed(2);
    const wakes = devices.map((device) => device.wakeCount).sort((a, b) => a - b);
    const cpu = process.cpuUsage(cpuBefore);
    return {
      seconds: times.at(-1)! / 1000,
      failedSessions: sessionErrors.size,
      spread: `queued through the admin API in ${(queuedMs / 1000).toFixed(2)} s; half the results were stored after ${at(0.5)} s, 90% after ${at(0.9)} s, 99% after ${at(0.99)} s; wakes per device ${wakes[0]}–${wakes.at(-1)}; the simulated devices and the bench used ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s of CPU meanwhile, on one thread`,
    };
  } finally {
    await Promise.all(devices.map((device) => device.stopWaking()));
  }
}
