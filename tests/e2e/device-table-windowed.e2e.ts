import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../electron/core/logger';
import { openLanyardStore } from '../../electron/core/store/open-lanyard-store';
import { launchBrowser, navigateTo, openPage, type TestPage } from '../support/browser';
import { sampleSettings } from '../support/core-fixtures';
import { seedFleet } from '../support/seed-fleet';
import { adminApi, completeSetup, freePort, start, stopAll, type ServeProcess } from '../support/serve-process';

const seeded = 400;

/** What the table shows, row by row: the device id a row stands for, its position, and the name it displays. */
const renderedRows = (page: Page) =>
  page.locator('table.device-table tbody tr[data-device-id]').evaluateAll((rows) =>
    rows.map((row) => ({ id: row.getAttribute('data-device-id')!, index: Number(row.getAttribute('aria-rowindex')), name: row.querySelector('th a')!.textContent!, selected: row.getAttribute('aria-selected') === 'true' })),
  );

/** Scrolls the window by `step` px a frame to `to` (a fling), as fast as frames come. */
const fling = (page: Page, step: number, to: 'end' | 'top') =>
  page.evaluate(`new Promise((resolve) => {
    const frame = () => {
      const end = document.documentElement.scrollHeight - window.innerHeight;
      if (${to === 'end'} ? window.scrollY >= end - 1 : window.scrollY <= 0) return resolve(undefined);
      window.scrollBy(0, ${to === 'end' ? step : -step});
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  })`);

/**
 * More devices than the Devices page renders at once: the rows follow the
 * scroll, a flung table reuses its row elements for the devices that scroll
 * in, and whatever is on screen always shows its own device, in order.
 */
describe('the Devices page beyond the rows it renders', () => {
  let browser: Browser;
  let server: ServeProcess;
  let admin: TestPage;
  let order: { id: string; name: string }[];

  beforeAll(async () => {
    browser = await launchBrowser();
    const args = ['--mdm-port', String(await freePort()), '--enrollment-http-port', '0', '--public-host', '127.0.0.1'];
    const first = await start({ args });
    await completeSetup(first, 'Windowed Office');
    await first.stop();
    const store = await openLanyardStore({ kind: 'folder', dataDir: first.dataDir }, sampleSettings, silentLogger);
    await seedFleet(store, { devices: seeded, commandsPerDevice: 0 });
    await store.close();
    server = await start({ dataDir: first.dataDir, args });
    const list = (await adminApi(server).get(`/api/devices?limit=500`)).body as { items: { id: string; name: string }[] };
    order = list.items.map(({ id, name }) => ({ id, name }));
    expect(order).toHaveLength(seeded);
    admin = await openPage(browser, { width: 1280, height: 900 });
  });
  afterAll(async () => {
    await admin?.close();
    await browser?.close();
    await stopAll();
  });

  /** The rendered rows are a run of consecutive devices of the list, each showing its own name. */
  const expectConsecutiveRun = async () => {
    const rows = await renderedRows(admin.page);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThan(seeded / 4);
    const first = rows[0]!.index - 2;
    rows.forEach((row, offset) => {
      expect(row.index).toBe(first + offset + 2);
      expect(row).toMatchObject({ id: order[first + offset]!.id, name: order[first + offset]!.name });
    });
    return rows;
  };

  it('shows the right devices after flinging to the end and back, and selects across the window', async () => {
    const { page } = admin;
    await page.goto(`${server.url}/#token=${server.token}`);
    await page.getByRole('heading', { name: 'Windowed Office', level: 1 }).waitFor();
    await navigateTo(page, 'Devices');
    await page.getByText(`${seeded} devices`, { exact: true }).waitFor();
    expect((await expectConsecutiveRun())[0]!.id).toBe(order[0]!.id);

    // Flung to the end: the last device is on screen and in its place.
    await fling(page, 1_500, 'end');
    await page.locator(`tr[data-device-id="${order.at(-1)!.id}"]`).waitFor();
    await expect.poll(async () => (await renderedRows(page)).at(-1)?.id).toBe(order.at(-1)!.id);
    await expectConsecutiveRun();
    // At rest the rows around the view are rendered again (more than in view).
    await expect.poll(async () => (await renderedRows(page)).length).toBeGreaterThan(900 / 60);

    // A steady scroll back part of the way, then a fling to the top.
    await page.evaluate('window.scrollBy(0, -3000)');
    await expect.poll(async () => (await renderedRows(page)).some((row) => row.index - 2 < seeded - 60)).toBe(true);
    await expectConsecutiveRun();
    await fling(page, 1_500, 'top');
    await expect.poll(async () => (await renderedRows(page))[0]?.id).toBe(order[0]!.id);
    await expectConsecutiveRun();

    // Shift-click selects the run between two rows, also after the window moved on.
    await page.getByRole('checkbox', { name: `Select ${order[2]!.name}`, exact: true }).click();
    await page.evaluate(`window.scrollTo(0, ${60 * 200})`);
    await page.getByRole('checkbox', { name: `Select ${order[205]!.name}`, exact: true }).click({ modifiers: ['Shift'] });
    await page.getByText('204 selected').waitFor();
    const rows = await expectConsecutiveRun();
    for (const row of rows) expect(row.selected, `${row.name}`).toBe(row.index - 2 >= 2 && row.index - 2 <= 205);
    expect(admin.messages.filter((m) => m.startsWith('pageerror') || m.startsWith('error'))).toEqual([]);
  }, 90_000);
});
