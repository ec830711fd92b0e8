import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, navigateTo, openPage, waitUntil, type TestPage } from '../support/browser';
import { adminApi, completeSetup, freePort, start, stopAll, type ServeProcess } from '../support/serve-process';

describe('activity page', () => {
  let browser: Browser;
  let server: ServeProcess;
  let tab: TestPage;
  let page: Page;
  let rows: Locator;

  beforeAll(async () => {
    browser = await launchBrowser();
    server = await start({ args: ['--mdm-port', String(await freePort()), '--enrollment-http-port', '0'] });
    await completeSetup(server, 'Acme Café');
    tab = await openPage(browser);
    page = tab.page;
    rows = page.locator('table.activity-table tbody tr');
  });
  afterAll(async () => {
    await tab?.close();
    await browser?.close();
    await stopAll();
  });

  const outcomeOf = (row: Locator) => row.locator('.badge').textContent();

  it('lists the setup and a settings change with their outcome', async () => {
    await page.goto(`${server.url}/#token=${server.token}`);
    await page.getByRole('heading', { name: 'Acme Café', level: 1 }).waitFor();
    await navigateTo(page, 'Settings');
    await page.getByLabel('Helpdesk name').fill('Front Desk');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Settings saved.').waitFor();

    await navigateTo(page, 'Activity');
    const setup = rows.filter({ hasText: 'Completed setup for "Acme Café"' });
    await setup.waitFor();
    expect(await outcomeOf(setup)).toBe('OK');
    const change = rows.filter({ hasText: 'Changed settings: helpdesk.name' });
    await change.waitFor();
    expect(await outcomeOf(change)).toBe('OK');
    expect(await change.textContent()).toContain('Admin');
  });

  it('shows a change made elsewhere as it happens, without reloading', async () => {
    await page.evaluate('window.__sameDocument = true');
    const response = await adminApi(server).patch('/api/settings', { helpdesk: { phone: '+1 555 0142' } });
    expect(response.status).toBe(200);
    const live = rows.filter({ hasText: 'Changed settings: helpdesk.phone' });
    await live.waitFor();
    expect(await outcomeOf(live)).toBe('OK');
    expect(await rows.first().textContent()).toContain('helpdesk.phone');
    expect(await page.evaluate('window.__sameDocument')).toBe(true);
  });

  it('filters by outcome, and live entries respect the filter', async () => {
    const api = adminApi(server);
    expect((await api.patch('/api/settings', { helpdesk: { email: 'not-an-email' } })).status).toBe(400);
    await rows.filter({ hasText: 'Changed settings failed' }).waitFor();

    await page.getByLabel('Outcome').selectOption('error');
    await waitUntil(async () => {
      const outcomes = await rows.locator('.badge').allTextContents();
      return outcomes.length === 1 && outcomes[0] === 'Error';
    }, 'only the failed change is listed');
    expect(await rows.first().textContent()).toContain('helpdesk.email');

    // A successful change stays out of this view; the next failure comes in live.
    expect((await api.patch('/api/settings', { helpdesk: { name: 'Not an error' } })).status).toBe(200);
    expect((await api.patch('/api/settings', { helpdesk: { website: 'ftp://nope' } })).status).toBe(400);
    await rows.filter({ hasText: 'helpdesk.website' }).waitFor();
    expect(await rows.locator('.badge').allTextContents()).toEqual(['Error', 'Error']);

    await page.getByLabel('Outcome').selectOption('');
    await rows.filter({ hasText: 'Changed settings: helpdesk.name' }).first().waitFor();
  });

  it('searches the text and pages back with Load more', async () => {
    const api = adminApi(server);
    for (let i = 0; i < 55; i += 1) {
      expect((await api.patch('/api/settings', { organization: { name: `Acme ${i}` } })).status).toBe(200);
    }
    await page.getByLabel('Search').fill('organization.name');
    await page.getByText('Showing 50 of 55 entries').waitFor();
    expect(await rows.count()).toBe(50);
    expect(await rows.first().textContent()).toContain('organization.name');

    await page.getByRole('button', { name: 'Load more' }).click();
    await page.getByText('Showing 55 of 55 entries').waitFor();
    expect(await rows.count()).toBe(55);
    expect(await page.getByRole('button', { name: 'Load more' }).count()).toBe(0);
  });
});
