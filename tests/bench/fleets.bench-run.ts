import { afterAll, it } from 'vitest';
import { silentLogger } from '../../electron/core/logger';
import { openLanyardStore } from '../../electron/core/store/open-lanyard-store';
import { ApnsTestServer } from '../support/apns-test-server';
import { launchBrowser, navigateTo, openPage } from '../support/browser';
import { sampleSettings, tempDir } from '../support/core-fixtures';
import { SimulatedDevice, SimulatorKeyPool } from '../support/device-simulator';
import { deviceRequest } from '../support/device-http';
import { freePort } from '../support/serve-process';
import { connectAll, enrolAgents, until, type BenchAgent } from './bench-agents';
import { machineLine, writeBenchSection } from './bench-docs';
import { benchPushPki, LanyardUnderTest } from './lanyard-under-test';
import { LeanAdminClient } from './lean-admin-client';
import { timedPool } from './latency';
import { seedFleet } from '../support/seed-fleet';
import { deviceRowHeight } from '../../renderer/src/pages/devices/device-row-height';

/**
 * `npm run bench`, fleets and deployments. Environment:
 * LANYARD_BENCH_DEPLOY_APPLE and LANYARD_BENCH_DEPLOY_AGENTS (the mixed
 * fleet a deployment goes to, default 500 + 500), LANYARD_BENCH_TABLE (the
 * devices the Devices page renders in Chromium, default 10000),
 * LANYARD_BENCH_WRITE=0 to leave docs/benchmarks.md alone.
 */
const appleCount = Number(process.env.LANYARD_BENCH_DEPLOY_APPLE ?? 500);
const agentCount = Number(process.env.LANYARD_BENCH_DEPLOY_AGENTS ?? 500);
const tableDevices = Number(process.env.LANYARD_BENCH_TABLE ?? 10_000);
const n = (value: number) => value.toLocaleString('en-US');
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
});

interface DeploymentFigures {
  apple: number;
  agents: number;
  enrolMs: number;
  firstEventMs: number;
  lastResultMs: number;
  progressEvents: number;
  counts: Record<string, number>;
  /** Device sessions that failed and were tried again, by error. */
  failedSessions: string;
}

/** Two deployments to every device started together (DeviceInformation for the Apple devices, Inventory for the agents): from the POSTs to both finished. */
async function deploymentToMixedFleet(): Promise<DeploymentFigures> {
  const folder = await tempDir();
  cleanups.push(folder.remove);
  const { pushPki, caFile } = await benchPushPki(folder.path);
  const apns = await ApnsTestServer.start({ serverCertPem: pushPki.serverCertPem, serverKeyPem: pushPki.serverKeyPem, clientCaPem: pushPki.caCertPem });
  cleanups.push(() => apns.close());
  const lanyard = new LanyardUnderTest({ dataDir: `${folder.path}/data`, mdmPort: await freePort(), apnsUrl: apns.url, apnsCaFile: caFile, extraArgs: ['--mqtt-port', String(await freePort()), '--agent-keepalive', '30'] });
  await lanyard.start();
  cleanups.push(() => lanyard.stop());
  const setup = await lanyard.setUp(pushPki);
  const enrolStarted = performance.now();
  const profile = (await deviceRequest(setup.profileUrl, { ca: setup.caPem })).body;
  const keys = await SimulatorKeyPool.load(appleCount);
  const devices = Array.from({ length: appleCount }, () => new SimulatedDevice({ platform: 'ios', supervised: true, trustedCaPem: setup.caPem }));
  cleanups.push(async () => devices.forEach((device) => device.close()));
  await timedPool(devices, 8, (device) => device.enroll(profile, { privateKeyPem: keys.take() }).then(() => undefined));
  const { logins } = await enrolAgents(setup.agentUrl, setup.caPem, agentCount);
  const agents: BenchAgent[] = await connectAll(logins.map((login) => login.mqtt), setup.caPem, 30);
  cleanups.push(() => Promise.all(agents.map((agent) => agent.close())));
  const enrolMs = performance.now() - enrolStarted;
  // A device whose session fails (e.g. it reused a kept-alive connection the server had just closed) tries again 1, 2 and 4 s later, as an iPhone retries; counted in the report.
  const sessionErrors = new Map<string, string>();
  const retry = (device: SimulatedDevice, attempt: number): void => {
    if (attempt > 3) return;
    setTimeout(() => void device.connect().catch((error: Error) => (sessionErrors.set(device.udid, error.message), retry(device, attempt + 1))), 500 * 2 ** attempt).unref();
  };
  for (const device of devices) {
    device.wakeOnPush(apns, {
      pollTimeoutMs: 5_000,
      onError: (error) => {
        sessionErrors.set(device.udid, (error as Error).message);
        retry(device, 1);
      },
    });
  }
  cleanups.push(() => Promise.all(devices.map((device) => device.stopWaking())));

  const admin = new LeanAdminClient(lanyard.adminUrl, lanyard.token);
  cleanups.push(async () => admin.close());
  const finished = new Map<string, Record<string, number>>();
  const ticks = new Set<() => void>();
  let progressEvents = 0;
  let firstEventAt = 0;
  await admin.watch(['deployments.changed'], (_name, data) => {
    progressEvents += 1;
    firstEventAt ||= performance.now();
    if (data.finishedAt) finished.set(data.id as string, data.counts as Record<string, number>);
    ticks.forEach((tick) => tick());
  });
  const started = performance.now();
  const ids = await Promise.all(
    ['DeviceInformation', 'Inventory'].map(async (requestType) => {
      const answer = await lanyard.api.post('/api/deployments', { item: { kind: 'command', requestType }, target: { all: true } });
      if (answer.status !== 201) throw new Error(`deployment refused: ${JSON.stringify(answer.body)}`);
      return answer.body.id as string;
    }),
  );
  await until(() => ids.every((id) => finished.has(id)), (tick) => (ticks.add(tick), () => ticks.delete(tick)), 'both deployments finishing', 10 * 60_000);
  const lastResultMs = performance.now() - started;
  const counts: Record<string, number> = {};
  for (const id of ids) for (const [status, count] of Object.entries(finished.get(id)!)) counts[status] = (counts[status] ?? 0) + count;
  const errorKinds = new Map<string, number>();
  for (const message of sessionErrors.values()) errorKinds.set(message, (errorKinds.get(message) ?? 0) + 1);
  return { apple: appleCount, agents: agentCount, enrolMs, firstEventMs: firstEventAt - started, lastResultMs, progressEvents, counts, failedSessions: [...errorKinds].map(([message, count]) => `${count} × ${message}`).join('; ') };
}

interface FrameFigures {
  count: number;
  p50: number;
  p95: number;
  max: number;
  over33: number;
}

function frameFigures(frames: number[]): FrameFigures {
  const sorted = [...frames].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return { count: frames.length, p50: at(0.5), p95: at(0.95), max: sorted.at(-1) ?? 0, over33: frames.filter((f) => f > 33.4).length };
}

interface TableFigures {
  devices: number;
  loadMs: number;
  firstRenderMs: number;
  rowsInDom: number;
  rowHeight: number;
  /** Scrolling 120 px a frame, three rounds from the top to the end. */
  steady: FrameFigures[];
  /** Flinging 1,500 px a frame, three rounds. */
  frames: FrameFigures[];
  filterMs: number;
}

/** The Devices page in Chromium over a seeded fleet: first render after the click, rows in the DOM, frame times while scrolling to the end, a search. */
async function devicesPageAtScale(): Promise<TableFigures> {
  const folder = await tempDir();
  cleanups.push(folder.remove);
  const { pushPki, caFile } = await benchPushPki(folder.path);
  const dataDir = `${folder.path}/data`;
  const lanyard = new LanyardUnderTest({ dataDir, mdmPort: await freePort(), apnsUrl: 'https://127.0.0.1:9', apnsCaFile: caFile });
  await lanyard.start();
  await lanyard.setUp(pushPki);
  await lanyard.stop();
  const store = await openLanyardStore({ kind: 'folder', dataDir }, sampleSettings, silentLogger);
  await seedFleet(store, { devices: tableDevices, commandsPerDevice: 0 });
  await store.close();
  await lanyard.start();
  cleanups.push(() => lanyard.stop());
  const browser = await launchBrowser();
  cleanups.push(() => browser.close());
  const { page } = await openPage(browser, { width: 1280, height: 900 });
  const loadStarted = performance.now();
  await page.goto(`${lanyard.adminUrl}/#token=${lanyard.token}`);
  await page.getByRole('heading', { name: 'Bench Office', level: 1 }).waitFor({ timeout: 60_000 });
  // Every device is in the store once the dashboard counts them all.
  await page.locator('.fleet-presence-table tr[data-fleet-id="all"] a[data-figure="total"]', { hasText: n(tableDevices).replace(/,/g, '') }).waitFor({ timeout: 60_000 });
  const loadMs = performance.now() - loadStarted;
  // Run in the page (as text: this file is compiled without the DOM's types).
  const firstRenderMs = await page.evaluate<number>(`new Promise((resolve) => {
    const started = performance.now();
    location.hash = '#/devices';
    const painted = () => requestAnimationFrame(() => resolve(performance.now() - started));
    const check = () => (document.querySelector('table.device-table tbody tr[data-device-id]') ? painted() : requestAnimationFrame(check));
    check();
  })`);
  const rowsInDom = await page.locator('table.device-table tbody tr[data-device-id]').count();
  const rowHeight = await page.evaluate<number>(`document.querySelector('table.device-table tbody tr[data-device-id]').getBoundingClientRect().height`);
  // Frame times while the page scrolls by `step` px a frame: a steady scroll (a wheel or a trackpad) and a fling to the end.
  const scrollFrames = (step: number) =>
    page.evaluate<number[]>(`new Promise((resolve) => {
    window.scrollTo(0, 0);
    const deltas = [];
    const end = document.documentElement.scrollHeight - window.innerHeight;
    let last = performance.now();
    const frame = () => {
      const now = performance.now();
      deltas.push(now - last);
      last = now;
      if (window.scrollY >= end - 1 || deltas.length >= 400) return resolve(deltas.slice(1));
      window.scrollBy(0, ${step});
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  })`);
  // Three rounds of each, alternating: one round's figure on a shared 2-core machine is as much luck as measure.
  const steady: FrameFigures[] = [];
  const frames: FrameFigures[] = [];
  for (let round = 0; round < 3; round++) {
    steady.push(frameFigures(await scrollFrames(120)));
    frames.push(frameFigures(await scrollFrames(1_500)));
  }
  await page.evaluate('window.scrollTo(0, 0)');
  const filterStarted = performance.now();
  await page.getByLabel('Search').fill('Seeded device 9999');
  await page.getByText(/^Showing \d+ of /).waitFor();
  const filterMs = performance.now() - filterStarted;
  await navigateTo(page, 'Dashboard', 'Bench Office');
  return { devices: tableDevices, loadMs, firstRenderMs, rowsInDom, rowHeight, steady, frames, filterMs };
}

/** The worst of the rounds in full, and each round's count of frames over 33 ms. */
const frameText = (rounds: FrameFigures[]) => {
  const worst = rounds.reduce((a, b) => (b.over33 > a.over33 ? b : a));
  return `${rounds.map((f) => f.over33).join(', ')} of ${n(worst.count)} frames over 33 ms in three rounds; the worst: p50 ${worst.p50.toFixed(1)} ms, p95 ${worst.p95.toFixed(1)} ms, longest ${worst.max.toFixed(1)} ms`;
};
const smooth = (rounds: FrameFigures[]) => rounds.every((f) => f.over33 === 0);

function report(deployment: DeploymentFigures, table: TableFigures): string {
  const total = deployment.apple + deployment.agents;
  const verdict = (ok: boolean) => (ok ? 'met' : 'not met');
  const counts = Object.entries(deployment.counts).filter(([, count]) => count > 0).map(([status, count]) => `${n(count)} ${status.replace('_', ' ')}`).join(', ');
  return [
    `Measured on ${machineLine()}, ${new Date().toISOString().slice(0, 10)}; Lanyard (\`serve\`, embedded journal, embedded broker) in its own process, the simulated devices, agents and Chromium beside it.`,
    '',
    '| Goal | Figure | |',
    '| --- | --- | --- |',
    `| a deployment to ${n(total)} devices (${n(deployment.apple)} Apple, ${n(deployment.agents)} agents) in under 10 s, from the click to the last result | ${s(deployment.lastResultMs)} | ${verdict(deployment.lastResultMs < 10_000)} |`,
    `| the Devices page's first render with ${n(table.devices)} devices under 300 ms | ${table.firstRenderMs.toFixed(0)} ms | ${verdict(table.firstRenderMs < 300)} |`,
    `| scrolling the ${n(table.devices)} rows without dropped frames: steadily, 120 px a frame | ${frameText(table.steady)} | ${verdict(smooth(table.steady))} |`,
    `| the same, flung 1,500 px a frame (a new set of rows every frame) | ${frameText(table.frames)} | ${verdict(smooth(table.frames))} |`,
    '',
    `- The deployment: two deployments to every device started together, DeviceInformation (Apple devices answer it; agents are not applicable) and Inventory (the reverse), so each device has one real task: ${counts}. The first progress event came ${s(deployment.firstEventMs)} after the POSTs; ${deployment.progressEvents} \`deployments.changed\` events in all (batched per deployment). Enrolling the fleet took ${s(deployment.enrolMs)} beforehand.${deployment.failedSessions ? ` Device sessions that failed and were tried again (1, 2, 4 s later, as a device retries): ${deployment.failedSessions}.` : ' No device session failed.'}`,
    `- The table: ${n(table.devices)} seeded devices; the app loaded and had every device in its store ${s(table.loadMs)} after the page was opened; after the click on Devices ${n(table.rowsInDom)} rows were in the DOM (the rest are spacer rows), each ${table.rowHeight.toFixed(1)} px high as the windowing assumes (${deviceRowHeight} px); a search typed into the filter showed its result ${table.filterMs.toFixed(0)} ms later (measured from the test, so with its round trips). Headless Chromium without a GPU paces frames itself, so the frame times are an upper bound of a desktop's.`,
  ].join('\n');
}

it('deploys to a mixed fleet and renders the Devices page at office scale', async () => {
  const deployment = await deploymentToMixedFleet();
  const table = await devicesPageAtScale();
  const text = report(deployment, table);
  console.log(text);
  if (process.env.LANYARD_BENCH_WRITE !== '0') await writeBenchSection('fleets', 'Fleets and deployments', text);
});
