import { writeFile } from 'node:fs/promises';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApnsTestServer, createTestPushPki } from '../support/apns-test-server';
import { launchBrowser, navigateTo, openPage, type TestPage } from '../support/browser';
import { SimulatedDevice } from '../support/device-simulator';
import { deviceRequest } from '../support/device-http';
import { adminApi, completeSetup, createDataDir, freePort, start, stopAll, type ServeProcess } from '../support/serve-process';

/** The real server with APNs pointed at a local test server, and a simulated iPhone that wakes on its pushes. */
describe('devices pages', () => {
  let browser: Browser;
  let server: ServeProcess;
  let apns: ApnsTestServer;
  let device: SimulatedDevice;
  let admin: TestPage;
  let page: Page;
  let officeCa: string;

  beforeAll(async () => {
    browser = await launchBrowser();
    const pki = createTestPushPki();
    apns = await ApnsTestServer.start({ serverCertPem: pki.serverCertPem, serverKeyPem: pki.serverKeyPem, clientCaPem: pki.caCertPem });
    const dataDir = await createDataDir();
    const extraCa = `${dataDir}-apns-ca.pem`;
    await writeFile(extraCa, pki.caCertPem);
    server = await start({
      dataDir,
      args: ['--mdm-port', String(await freePort()), '--enrollment-http-port', '0', '--public-host', '127.0.0.1', '--apns-url', apns.url],
      env: { NODE_EXTRA_CA_CERTS: extraCa },
    });
    await completeSetup(server, 'Acme Café');
    const api = adminApi(server);
    expect((await api.put('/api/push-certificate', { certificatePem: pki.client.certificatePem, privateKeyPem: pki.client.privateKeyPem })).status).toBe(200);
    officeCa = (await api.get('/api/pki')).body.ca.certificatePem as string;
    device = new SimulatedDevice({ platform: 'ios', supervised: false, trustedCaPem: officeCa });
    admin = await openPage(browser);
    page = admin.page;
  });
  afterAll(async () => {
    await device?.stopWaking();
    device?.close();
    await admin?.close();
    await browser?.close();
    await apns?.close();
    await stopAll();
  });

  const commandRows = () => page.locator('table.command-table tbody tr');
  const statusOf = (row: Locator) => row.locator('.badge').first().textContent();
  /** Waits until the command's status badge reads this, as pushed events update it. */
  const statusBecomes = (row: Locator, status: string, timeout = 15_000) => row.locator('.badge').getByText(status, { exact: true }).waitFor({ timeout });

  it('shows a device that enrolls while the list is open, without reloading', async () => {
    await page.goto(`${server.url}/#token=${server.token}`);
    await page.getByRole('heading', { name: 'Acme Café', level: 1 }).waitFor();
    await page.getByText('Live', { exact: true }).waitFor();
    await navigateTo(page, 'Devices');
    await page.getByText('No devices yet').waitFor();
    await page.evaluate('window.__sameDocument = true');

    const invitation = (await adminApi(server).post('/api/invitations', { label: 'Test iPhone' })).body;
    const profile = await deviceRequest(invitation.profileUrl, { ca: officeCa });
    expect(profile.status).toBe(200);
    await device.enroll(profile.body);
    // Listening before it checks in, as iOS does right after it enrols: a push sent meanwhile is not missed.
    device.wakeOnPush(apns);
    await device.connect();

    const row = page.locator('table.device-table tbody tr').filter({ hasText: device.name });
    await row.getByRole('link', { name: device.name }).waitFor();
    await row.locator('.badge').getByText('Enrolled', { exact: true }).waitFor();
    expect(await row.textContent()).toContain(device.serialNumber);
    expect(await page.evaluate('window.__sameDocument')).toBe(true);
    // The inventory Lanyard queues after enrollment runs through; the supervision it reports shows up live.
    await row.getByText('No', { exact: true }).waitFor();
  });

  it('queues a command from the device page and shows it acknowledged, live', async () => {
    await page.locator('table.device-table').getByRole('link', { name: device.name }).click();
    await page.getByRole('heading', { name: device.name, level: 1 }).waitFor();
    await commandRows().filter({ hasText: 'Device information' }).first().waitFor();

    await page.getByRole('button', { name: 'Lock…' }).click();
    const dialog = page.getByRole('dialog', { name: `Lock ${device.name}?` });
    await dialog.getByLabel('Message on the lock screen').fill('Please return to the front desk');
    await dialog.getByRole('button', { name: 'Lock device' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByText('Lock was queued.', { exact: false }).waitFor();

    const lock = commandRows().filter({ hasText: 'Lock the device' });
    await lock.waitFor();
    await statusBecomes(lock, 'Acknowledged');
    expect(await lock.getByRole('button', { name: /Cancel/ }).count()).toBe(0);
    expect(device.sessions.some((session) => session.commands.some((command) => command.requestType === 'DeviceLock'))).toBe(true);
  });

  it('refreshes the inventory, and cancels a command the device has not taken yet', async () => {
    // The device stops answering pushes: its commands stay queued.
    await device.stopWaking();
    const before = await commandRows().count();
    await page.getByRole('button', { name: 'Refresh inventory' }).click();
    await page.getByText('Inventory refresh was queued.', { exact: false }).waitFor();
    await commandRows().nth(before + 3).waitFor();
    expect(await commandRows().count()).toBe(before + 4);
    const queued = commandRows().filter({ hasText: 'Installed apps' }).first();
    expect(await statusOf(queued)).toBe('Queued');
    await queued.getByRole('button', { name: /Cancel/ }).click();
    await statusBecomes(queued, 'Cancelled');

    // Back online: the other three run, live.
    device.wakeOnPush(apns);
    await device.connect();
    const latest = commandRows().filter({ hasText: 'Device information' }).first();
    await statusBecomes(latest, 'Acknowledged');
    expect(await statusOf(queued)).toBe('Cancelled');
  });

  it('disables lost mode with the reason on an unsupervised iPhone', async () => {
    const lostMode = page.getByRole('button', { name: 'Enable lost mode…' });
    expect(await lostMode.isDisabled()).toBe(true);
    expect(await lostMode.getAttribute('title')).toMatch(/supervised/);
    const describedBy = (await lostMode.getAttribute('aria-describedby'))!;
    const reason = await page.locator(`[id="${describedBy}"]`).textContent();
    expect(reason).toMatch(/Lost mode needs a supervised device/);
    expect(await page.getByRole('button', { name: 'Lock…' }).isEnabled()).toBe(true);
  });

  it('asks for the exact device name before erasing, and cancelling queues nothing', async () => {
    await page.getByRole('button', { name: 'Erase…' }).click();
    const dialog = page.getByRole('dialog', { name: `Erase ${device.name}?` });
    const erase = dialog.getByRole('button', { name: 'Erase device' });
    const name = dialog.getByLabel('Type the device name');
    expect(await erase.isDisabled()).toBe(true);
    await name.fill(device.name.toLowerCase());
    expect(await erase.isDisabled()).toBe(true);
    await name.fill(`${device.name} `);
    expect(await erase.isDisabled()).toBe(true);
    await name.fill(device.name);
    expect(await erase.isEnabled()).toBe(true);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });

    const id = (await adminApi(server).get('/api/devices')).body.items[0].id as string;
    const history = (await adminApi(server).get(`/api/devices/${id}/commands`)).body.items as { requestType: string }[];
    expect(history.map((command) => command.requestType)).not.toContain('EraseDevice');
    expect(device.erased).toBe(false);
    expect(admin.messages.filter((m) => m.startsWith('pageerror') || m.startsWith('error'))).toEqual([]);
  });

  it('takes a device removed through the API off the open Devices page and marks its open page removed, without reloading', async () => {
    // A second window keeps the Devices page open while the first shows the device.
    const list = await openPage(browser);
    try {
      await list.page.goto(`${server.url}/#token=${server.token}`);
      await list.page.getByText('Live', { exact: true }).waitFor();
      await navigateTo(list.page, 'Devices');
      const row = list.page.locator('table.device-table tbody tr').filter({ hasText: device.name });
      await row.waitFor();
      await list.page.evaluate('window.__sameDocument = true');
      await page.evaluate('window.__sameDocument = true');

      const id = (await adminApi(server).get('/api/devices')).body.items[0].id as string;
      expect((await adminApi(server).delete(`/api/devices/${id}`)).status).toBe(200);

      await row.waitFor({ state: 'detached' });
      await list.page.getByText('No devices yet').waitFor();
      await page.getByText('This device was just removed from management.', { exact: false }).waitFor();
      await page.locator('.device-status .badge').getByText('Removed', { exact: true }).waitFor();
      expect(await list.page.evaluate('window.__sameDocument')).toBe(true);
      expect(await page.evaluate('window.__sameDocument')).toBe(true);
      expect((await adminApi(server).get('/api/devices')).body).toMatchObject({ items: [], total: 0, nextCursor: null });
      expect(list.messages.filter((m) => m.startsWith('pageerror') || m.startsWith('error'))).toEqual([]);
    } finally {
      await list.close();
    }
  });
});
