import { Agent, request } from 'node:https';
import { build } from 'plist';
import { afterAll, it } from 'vitest';
import { ApnsTestServer, createTestPushPki } from '../support/apns-test-server';
import { SimulatedDevice, SimulatorKeyPool, signMdmMessage } from '../support/device-simulator';
import { deviceRequest } from '../support/device-http';
import { startEnrollmentEnv, type EnrollmentEnv } from '../support/enrollment-fixture';
import { startBarePlistServer } from './bare-plist-server';
import { summarize, timedPool } from './latency';

/** LANYARD_BENCH_SIZES=20,50 for a quick run. */
const sizes = (process.env.LANYARD_BENCH_SIZES ?? '100,1000').split(',').map(Number);
const concurrency = 32;
const checkinContentType = 'application/x-apple-aspen-mdm-checkin';
const commandContentType = 'application/x-apple-aspen-mdm';

interface Exchange {
  status: number;
  body: Buffer;
}

function put(agent: Agent, url: string, body: Buffer, contentType: string, signature?: string): Promise<Exchange> {
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

const row = (label: string, figures: ReturnType<typeof summarize>) =>
  `| ${label} | ${figures.count} | ${figures.perSecond.toFixed(0)} | ${figures.p50.toFixed(1)} | ${figures.p99.toFixed(1)} |`;

let env: EnrollmentEnv | null = null;
let apns: ApnsTestServer | null = null;
const devices: SimulatedDevice[] = [];
afterAll(async () => {
  for (const device of devices) {
    await device.stopWaking();
    device.close();
  }
  await env?.stop();
  await apns?.close();
});

it('MDM server benchmark', async () => {
  const keys = await SimulatorKeyPool.load(Math.max(...sizes));
  const pushPki = createTestPushPki();
  apns = await ApnsTestServer.start({ serverCertPem: pushPki.serverCertPem, serverKeyPem: pushPki.serverKeyPem, clientCaPem: pushPki.caCertPem });
  env = await startEnrollmentEnv({ pushPki, core: { apnsUrl: apns.url, push: { ca: pushPki.caCertPem } } });
  const caPem = env.caPem;
  const invitation = await env.invite({ label: 'benchmark', maxUses: 10_000, expiresInDays: 1 });
  const profile = (await deviceRequest(invitation.profileUrl, { ca: caPem })).body;
  const bare = await startBarePlistServer(await env.core.enrollment.pki.tlsCredentials());
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency, ca: caPem });
  const base = `https://127.0.0.1:${env.mdmPort}`;
  const lines: string[] = ['| workload | requests | per second | p50 ms | p99 ms |', '| --- | --- | --- | --- | --- |'];
  const ratios: string[] = [];

  for (const size of sizes) {
    const enrollStart = performance.now();
    const fresh = Array.from({ length: size - devices.length }, () => new SimulatedDevice({ platform: 'ios', supervised: true, trustedCaPem: caPem }));
    await timedPool(fresh, 8, async (device) => {
      await device.enroll(profile, { privateKeyPem: keys.take() });
      devices.push(device);
    });
    const enrollSeconds = (performance.now() - enrollStart) / 1000;
    lines.push(`| enrolled ${fresh.length} more devices (SCEP + Authenticate + TokenUpdate, 8 at a time, pre-generated device keys) in ${enrollSeconds.toFixed(1)} s: ${(fresh.length / enrollSeconds).toFixed(1)} enrolments/s | | | | |`);

    // Check-in round trips: each device re-sends a signed TokenUpdate (verified, stored durably, answered).
    const checkins = devices.map((device) => {
      const body = Buffer.from(build({ MessageType: 'TokenUpdate', UDID: device.udid, Topic: pushPki.client.topic, Token: Buffer.from(device.pushToken, 'hex'), PushMagic: device.pushMagic }));
      return { body, signature: signMdmMessage(body, device.identity) };
    });
    const rounds = [...checkins, ...checkins, ...checkins];
    const lanyard = await timedPool(rounds, concurrency, async ({ body, signature }) => {
      const reply = await put(agent, `${base}/mdm/checkin?invitation=${invitation.id}`, body, checkinContentType, signature);
      if (reply.status !== 200) throw new Error(`check-in answered ${reply.status}: ${reply.body}`);
    });
    const baseline = await timedPool(rounds, concurrency, async ({ body }) => {
      await put(agent, `${bare.url}/mdm/checkin`, body, checkinContentType);
    });
    const lanyardCheckins = summarize(lanyard.latencies, lanyard.wallMs);
    const bareCheckins = summarize(baseline.latencies, baseline.wallMs);
    lines.push(row(`check-in, ${size} devices (Lanyard)`, lanyardCheckins), row(`check-in, ${size} devices (bare HTTPS + plist)`, bareCheckins));
    ratios.push(`- ${size} devices, check-ins: Lanyard does ${((lanyardCheckins.perSecond / bareCheckins.perSecond) * 100).toFixed(0)}% of the bare server's rate (p50 ×${(lanyardCheckins.p50 / bareCheckins.p50).toFixed(1)}).`);

    // Command round trips: Idle → DeviceInformation → Acknowledged (signed at run time) → empty reply.
    for (const device of devices) await env.core.mdm.enqueue(env.core.mdm.devices.byUdid(device.udid)!.id, 'DeviceInformation', { queries: ['DeviceName', 'SerialNumber'] });
    const commandRound = async (device: SimulatedDevice, url: string, signed: boolean) => {
      const idle = Buffer.from(build({ UDID: device.udid, Status: 'Idle' }));
      const first = await put(agent, url, idle, commandContentType, signed ? signMdmMessage(idle, device.identity) : undefined);
      const uuid = /<key>CommandUUID<\/key>\s*<string>([^<]+)<\/string>/.exec(first.body.toString())?.[1];
      if (!uuid) throw new Error(`no command in the reply (${first.status})`);
      const ack = Buffer.from(build({ UDID: device.udid, Status: 'Acknowledged', CommandUUID: uuid, QueryResponses: { DeviceName: device.name, SerialNumber: device.serialNumber } }));
      const second = await put(agent, url, ack, commandContentType, signed ? signMdmMessage(ack, device.identity) : undefined);
      if (second.status !== 200) throw new Error(`acknowledgement answered ${second.status}`);
    };
    const lanyardCommands = await timedPool(devices, concurrency, (device) => commandRound(device, `${base}/mdm/server?invitation=${invitation.id}`, true));
    const bareCommands = await timedPool(devices, concurrency, (device) => commandRound(device, `${bare.url}/mdm/server`, true));
    const lanyardFigures = summarize(lanyardCommands.latencies, lanyardCommands.wallMs);
    const bareFigures = summarize(bareCommands.latencies, bareCommands.wallMs);
    lines.push(row(`command round trip, ${size} devices (Lanyard)`, lanyardFigures), row(`command round trip, ${size} devices (bare HTTPS + plist)`, bareFigures));
    ratios.push(`- ${size} devices, command round trips: Lanyard does ${((lanyardFigures.perSecond / bareFigures.perSecond) * 100).toFixed(0)}% of the bare server's rate (p50 ×${(lanyardFigures.p50 / bareFigures.p50).toFixed(1)}).`);
  }

  // Push to result: queue DeviceInformation for every device; each wakes on its APNs push, connects and answers.
  // A session that throws leaves no session log; keep its error for the report below.
  const sessionErrors = new Map<string, string>();
  for (const device of devices) device.wakeOnPush(apns, { pollTimeoutMs: 5_000, onError: (error) => sessionErrors.set(device.udid, (error as Error).stack ?? String(error)) });
  const ids = devices.map((device) => env!.core.mdm.devices.byUdid(device.udid)!.id);
  const writesBefore = env.core.store.stats().writes;
  const started = performance.now();
  const queued = await Promise.all(ids.map((id) => env!.core.mdm.enqueue(id, 'DeviceInformation', { queries: ['DeviceName', 'OSVersion'] })));
  const wanted = new Set(queued.map((command) => command.uuid));
  const deadline = Date.now() + 2 * 60_000;
  while ([...wanted].some((uuid) => env!.core.mdm.queue.get(uuid)?.status !== 'acknowledged')) {
    if (Date.now() > deadline) {
      const stuck = [...wanted].filter((uuid) => env!.core.mdm.queue.get(uuid)?.status !== 'acknowledged');
      const command = env!.core.mdm.queue.get(stuck[0]!)!;
      const stored = env!.core.mdm.devices.byId(command.deviceId)!;
      const simulated = devices.find((d) => d.udid === stored.udid)!;
      const pushes = apns!.received.filter((p) => p.token === simulated.pushToken).map((p) => `${p.status}@${p.at}`);
      throw new Error(
        `${stuck.length} commands were not acknowledged in 2 minutes (e.g. ${command.uuid}: ${command.status}); device push ${JSON.stringify(stored.push)}, pushes received ${JSON.stringify(pushes)}, wakes ${simulated.wakeCount}, sessions ${simulated.sessions.length}, last session ${JSON.stringify(simulated.sessions.at(-1)?.endedBy)} ${simulated.sessions.at(-1)?.finalHttpStatus}; ${sessionErrors.size} session(s) failed, this one with: ${sessionErrors.get(simulated.udid) ?? 'no error'}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const seconds = (performance.now() - started) / 1000;
  const writes = env.core.store.stats().writes - writesBefore;

  const report = [
    `Lanyard MDM benchmark (${new Date().toISOString()}, Node ${process.version}, ${devices.length} simulated devices, ${concurrency} requests in flight, file store with fsync)`,
    '',
    ...lines,
    '',
    ...ratios,
    `- Queue DeviceInformation for all ${devices.length} devices → APNs pushes → devices connect → last result stored: ${seconds.toFixed(2)} s (${writes} data-file writes for ${devices.length * 3} durable changes).`,
  ].join('\n');
  console.log(`\n${report}\n`);
  agent.destroy();
  await bare.close();
});
