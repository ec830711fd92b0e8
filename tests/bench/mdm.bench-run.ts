import { Agent } from 'node:https';
import { join } from 'node:path';
import { afterAll, it } from 'vitest';
import { silentLogger } from '../../electron/core/logger';
import { createOfficeCa, issueTlsServerCertificate } from '../../electron/core/pki/certificates';
import { openLanyardStore } from '../../electron/core/store/open-lanyard-store';
import { ApnsTestServer } from '../support/apns-test-server';
import { bundleScript } from '../support/bundle-script';
import { sampleSettings, tempDir } from '../support/core-fixtures';
import { SimulatedDevice, SimulatorKeyPool } from '../support/device-simulator';
import { deviceRequest } from '../support/device-http';
import { PostgresServer } from '../support/postgres-server';
import { freePort } from '../support/serve-process';
import { machineLine, writeBenchSection } from './bench-docs';
import { timedPool } from './latency';
import { benchPushPki, LanyardUnderTest, startBareProcess, type StoreKind } from './lanyard-under-test';
import { acknowledgements, checkInRounds, checkIns, commandRoundTrips, concurrency, pushToResult, unloadedCheckIns, type Figures, type Targets } from './mdm-workloads';
import { seedFleet } from '../support/seed-fleet';

/**
 * `npm run bench`. Environment: LANYARD_BENCH_SIZES (enrolled fleet sizes,
 * default 100,1000), LANYARD_BENCH_SEEDED (the large fleet, default 10000),
 * LANYARD_BENCH_COMMAND_ROWS (default 100000), LANYARD_BENCH_STORES (default
 * journal,postgres), LANYARD_BENCH_WRITE=0 to leave docs/benchmarks.md alone.
 */
const sizes = (process.env.LANYARD_BENCH_SIZES ?? '100,1000').split(',').map(Number);
const seeded = Number(process.env.LANYARD_BENCH_SEEDED ?? 10_000);
const commandRows = Number(process.env.LANYARD_BENCH_COMMAND_ROWS ?? 100_000);
const stores = (process.env.LANYARD_BENCH_STORES ?? 'journal,postgres').split(',') as StoreKind[];
const largest = Math.max(...sizes);
const smallest = Math.min(...sizes);
const storeLabel: Record<StoreKind, string> = { journal: 'embedded journal', postgres: 'PostgreSQL' };

interface Row {
  workload: string;
  lanyard: Figures;
  bare?: Figures | undefined;
}

interface StoreRun {
  rows: Row[];
  notes: string[];
  profiles: { checkins: string[]; push: string[] };
  goals: { checkinRatio: number; commandRatio: number; checkinP99: number; unloadedP99: number; commandP99: number; pushSeconds: number; startMs: number; firstPageMs: number; checkinP50Growth: number };
}

let postgres: PostgresServer | null = null;
let apns: ApnsTestServer | null = null;
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  await apns?.close();
  await postgres?.stop();
});

/** The device ids Lanyard gave the enrolled devices, by UDID, read page by page from the admin API. */
async function deviceIds(lanyard: LanyardUnderTest): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  let cursor: string | null = null;
  do {
    const page = await lanyard.api.get(`/api/devices?limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    for (const device of page.body.items as { id: string; udid: string }[]) ids.set(device.udid, device.id);
    cursor = page.body.nextCursor;
  } while (cursor);
  return ids;
}

async function runOn(kind: StoreKind, bareScript: string): Promise<StoreRun> {
  const folder = await tempDir();
  cleanups.push(folder.remove);
  const { pushPki, caFile } = await benchPushPki(folder.path);
  await apns?.close();
  apns = await ApnsTestServer.start({ serverCertPem: pushPki.serverCertPem, serverKeyPem: pushPki.serverKeyPem, clientCaPem: pushPki.caCertPem });
  let databaseUrl: string | undefined;
  if (kind === 'postgres') {
    postgres ??= await PostgresServer.start();
    databaseUrl = await postgres.createDatabase();
  }
  const dataDir = join(folder.path, 'data');
  const lanyard = new LanyardUnderTest({ dataDir, mdmPort: await freePort(), apnsUrl: apns.url, apnsCaFile: caFile, ...(databaseUrl ? { databaseUrl } : {}) });
  cleanups.push(async () => void (await lanyard.stop().catch(() => null)));
  await lanyard.start();
  const setup = await lanyard.setUp(pushPki);
  // The bare server gets a certificate of its own, of the same kind as Lanyard's (RSA 2048).
  const bareCa = createOfficeCa({ organization: 'Bare' });
  const bare = await startBareProcess(bareScript, folder.path, issueTlsServerCertificate(bareCa, { hosts: ['127.0.0.1'] }));
  cleanups.push(bare.stop);
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency, ca: [setup.caPem, bareCa.certificatePem] });
  cleanups.push(async () => agent.destroy());
  const targets: Targets = { lanyard: `https://127.0.0.1:${lanyard.options.mdmPort}`, bare: bare.url, invitationId: setup.invitationId, agent };
  const profile = (await deviceRequest(setup.profileUrl, { ca: setup.caPem })).body;
  const keys = await SimulatorKeyPool.load(largest);
  const devices: SimulatedDevice[] = [];
  cleanups.push(async () => devices.forEach((device) => device.close()));
  const rows: Row[] = [];
  const notes: string[] = [];
  const profiles = { checkins: [] as string[], push: [] as string[] };
  let unloaded: Figures | null = null;
  const checkinsAt = new Map<number, { lanyard: Figures; bare?: Figures | undefined }>();
  const commandsAt = new Map<number, { lanyard: Figures; bare: Figures }>();

  for (const size of sizes) {
    const fresh = Array.from({ length: size - devices.length }, () => new SimulatedDevice({ platform: 'ios', supervised: true, trustedCaPem: setup.caPem }));
    const enrolled = await timedPool(fresh, 8, async (device) => {
      await device.enroll(profile, { privateKeyPem: keys.take() });
      devices.push(device);
    });
    notes.push(`enrolled ${fresh.length} devices (to ${size}) at ${((fresh.length / enrolled.wallMs) * 1000).toFixed(1)} enrolments/s (SCEP + Authenticate + TokenUpdate, 8 at a time; each device's key made beforehand, as a device makes it before it asks)`);
    const idOf = await deviceIds(lanyard);
    const rounds = checkInRounds(devices, pushPki.client.topic);
    if (size === largest) {
      // Profiled on their own: Lanyard restarted under --cpu-prof for just these check-ins.
      await lanyard.stop();
      await lanyard.start({ profileAs: `checkins-${kind}` });
      checkinsAt.set(size, await checkIns(targets, rounds));
      profiles.checkins = (await lanyard.stop()) ?? [];
      await lanyard.start();
    } else checkinsAt.set(size, await checkIns(targets, rounds));
    rows.push({ workload: `check-in, ${size} devices`, ...checkinsAt.get(size)! });
    if (size === largest) {
      unloaded = await unloadedCheckIns(targets, rounds, 500);
      rows.push({ workload: `check-in, ${size} devices, one at a time (a server that is not busy)`, lanyard: unloaded });
    }
    const commands = await commandRoundTrips(targets, lanyard.api, devices, idOf);
    commandsAt.set(size, commands);
    rows.push({ workload: `command round trip, ${size} devices`, ...commands });
  }

  // Push to result, profiled: Lanyard restarted under --cpu-prof for this phase.
  await lanyard.stop();
  await lanyard.start({ profileAs: `push-${kind}` });
  const idOf = await deviceIds(lanyard);
  const events = await acknowledgements(lanyard.adminUrl, lanyard.token);
  const pushed = await pushToResult(lanyard.api, events, apns, devices, idOf, 2 * 60_000);
  events.close();
  profiles.push = (await lanyard.stop()) ?? [];
  notes.push(`DeviceInformation queued for ${devices.length} devices → pushes → every result stored: ${pushed.seconds.toFixed(2)} s${pushed.failedSessions ? `; ${pushed.failedSessions} device sessions failed and were retried on a later push` : ''} (${pushed.spread})`);

  // The large fleet: the enrolled devices plus seeded records, with the command rows of a fleet in use.
  const store = await openLanyardStore(databaseUrl ? { kind: 'postgres', url: databaseUrl, dataDir } : { kind: 'folder', dataDir }, sampleSettings, silentLogger);
  const extraDevices = Math.max(0, seeded - store.collection('devices').size);
  const perDevice = extraDevices > 0 ? Math.ceil(Math.max(0, commandRows - store.collection('commands').size) / extraDevices) : 0;
  const seedStarted = performance.now();
  await seedFleet(store, { devices: extraDevices, commandsPerDevice: perDevice });
  const totalDevices = store.collection('devices').size;
  const totalCommands = store.collection('commands').size;
  await store.close();
  notes.push(`seeded ${extraDevices} more device records with ${perDevice} finished commands each in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s: ${totalDevices} devices, ${totalCommands} command rows`);

  // Restart on the large fleet: start, then the Devices page's first call.
  const startMs = await lanyard.start();
  const pageStarted = performance.now();
  const page = await lanyard.api.get('/api/devices?limit=50');
  const firstPageMs = performance.now() - pageStarted;
  if (page.status !== 200 || page.body.items.length !== 50 || page.body.total !== totalDevices) throw new Error(`GET /api/devices answered ${page.status} with ${page.body.items?.length} of ${page.body.total} devices`);
  notes.push(`restart with ${totalDevices} devices and ${totalCommands} command rows: the process was serving ${startMs.toFixed(0)} ms after it was spawned, then GET /api/devices (first page of 50, total ${page.body.total}) answered in ${firstPageMs.toFixed(0)} ms`);
  const large = await checkIns(targets, checkInRounds(devices, pushPki.client.topic));
  rows.push({ workload: `check-in, ${totalDevices} devices, ${totalCommands} command rows (the ${devices.length} enrolled devices check in)`, ...large });
  await lanyard.stop();

  const c = checkinsAt.get(largest)!;
  const m = commandsAt.get(largest)!;
  return {
    rows,
    notes,
    profiles,
    goals: {
      checkinRatio: c.lanyard.perSecond / c.bare!.perSecond,
      commandRatio: m.lanyard.perSecond / m.bare.perSecond,
      checkinP99: c.lanyard.p99,
      unloadedP99: unloaded!.p99,
      commandP99: m.lanyard.p99,
      pushSeconds: pushed.seconds,
      startMs,
      firstPageMs,
      checkinP50Growth: large.lanyard.p50 / checkinsAt.get(smallest)!.lanyard.p50,
    },
  };
}

const fmt = (f: Figures | undefined) => (f ? `${f.perSecond.toFixed(0)}/s, p50 ${f.p50.toFixed(1)}, p99 ${f.p99.toFixed(1)}` : '');
const ratio = (row: Row) => (row.bare ? `${((row.lanyard.perSecond / row.bare.perSecond) * 100).toFixed(0)}%` : '');
const verdict = (met: boolean) => (met ? 'met' : '**not met**');
const n = (value: number) => value.toLocaleString('en');

async function machine(): Promise<string> {
  const pgVersion = postgres ? `; ${String((await postgres.query('SELECT version()')).rows[0]?.version).split(' on ')[0]} with its default settings (fsync on)` : '';
  return machineLine(pgVersion);
}

function report(runs: Map<StoreKind, StoreRun>, machineLine: string): string {
  const kinds = [...runs.keys()];
  const first = runs.get(kinds[0]!)!;
  const lines = [
    `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${machineLine}. ${concurrency} requests in flight; latencies in ms. "vs bare" is Lanyard's rate as a share of the bare HTTPS + plist server's, measured in the same run.`,
    '',
    `| workload | ${kinds.map((k) => `${storeLabel[k]} | vs bare`).join(' | ')} | bare HTTPS + plist |`,
    `| --- | ${kinds.map(() => '--- | ---').join(' | ')} | --- |`,
  ];
  first.rows.forEach((row, i) => {
    const cells = kinds.map((k) => `${fmt(runs.get(k)!.rows[i]!.lanyard)} | ${ratio(runs.get(k)!.rows[i]!)}`);
    lines.push(`| ${row.workload} | ${cells.join(' | ')} | ${fmt(row.bare)} |`);
  });
  lines.push('', `| goal | ${kinds.map((k) => storeLabel[k]).join(' | ')} |`, `| --- | ${kinds.map(() => '---').join(' | ')} |`);
  const goal = (label: string, cell: (g: StoreRun['goals']) => string) => lines.push(`| ${label} | ${kinds.map((k) => cell(runs.get(k)!.goals)).join(' | ')} |`);
  goal(`${n(largest)} devices: check-ins ≥ 0.6 × bare`, (g) => `${g.checkinRatio.toFixed(2)} × (${verdict(g.checkinRatio >= 0.6)})`);
  goal(`${n(largest)} devices: command round trips ≥ 0.6 × bare`, (g) => `${g.commandRatio.toFixed(2)} × (${verdict(g.commandRatio >= 0.6)})`);
  goal(`${n(largest)} devices: check-in p99 under 20 ms, one at a time`, (g) => `${g.unloadedP99.toFixed(1)} ms (${verdict(g.unloadedP99 < 20)})`);
  goal(`${n(largest)} devices: p99 under 20 ms with ${concurrency} in flight (check-in / command round trip)`, (g) => `${g.checkinP99.toFixed(1)} / ${g.commandP99.toFixed(1)} ms (${verdict(g.checkinP99 < 20 && g.commandP99 < 20)})`);
  goal(`DeviceInformation to ${n(largest)} devices, every result stored, ≤ 5 s`, (g) => `${g.pushSeconds.toFixed(2)} s (${verdict(g.pushSeconds <= 5)})`);
  goal(`${n(seeded)} devices, ${n(commandRows)} command rows: started and serving GET /api/devices within 1 s`, (g) => `${g.startMs.toFixed(0)} + ${g.firstPageMs.toFixed(0)} ms (${verdict(g.startMs + g.firstPageMs <= 1000)})`);
  goal(`check-in p50 at ${n(seeded)} devices ÷ at ${n(smallest)}`, (g) => `${g.checkinP50Growth.toFixed(2)}`);
  for (const k of kinds) lines.push('', `**${storeLabel[k]}**`, '', ...runs.get(k)!.notes.map((note) => `- ${note}`));
  for (const k of kinds) {
    lines.push('', `CPU profile of Lanyard's process (\`--cpu-prof\`) during the ${n(largest)}-device check-ins, ${storeLabel[k]}:`, '', ...runs.get(k)!.profiles.checkins);
    lines.push('', `CPU profile of Lanyard's process during DeviceInformation to ${n(largest)} devices, ${storeLabel[k]}:`, '', ...runs.get(k)!.profiles.push);
  }
  return lines.join('\n');
}

it('MDM server benchmark', async () => {
  const build = await tempDir();
  cleanups.push(build.remove);
  const bareScript = await bundleScript(join(import.meta.dirname, 'bare-plist-server-main.ts'), build.path, 'bare-plist-server');
  const runs = new Map<StoreKind, StoreRun>();
  for (const kind of stores) runs.set(kind, await runOn(kind, bareScript));
  const figures = report(runs, await machine());
  console.log(`\n${figures}\n`);
  if (process.env.LANYARD_BENCH_WRITE !== '0') await writeBenchSection(null, 'Figures', figures);
});
