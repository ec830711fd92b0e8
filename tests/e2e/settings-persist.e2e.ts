import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, navigateTo, openPage } from '../support/browser';
import { adminApi, completeSetup, freePort, start, stopAll } from '../support/serve-process';

describe('settings page', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await stopAll();
  });

  it('keeps saved settings across a SIGTERM restart', async () => {
    // A fixed admin port keeps the page's origin, and with it the saved token, across the restart.
    const args = ['--admin-port', String(await freePort()), '--mdm-port', String(await freePort()), '--enrollment-http-port', '0'];
    let server = await start({ args });
    await completeSetup(server, 'Before Restart');
    const first = await openPage(browser);
    let storageState: Awaited<ReturnType<typeof first.context.storageState>>;
    try {
      await first.page.goto(`${server.url}/#token=${server.token}`);
      await first.page.getByRole('heading', { name: 'Before Restart', level: 1 }).waitFor();
      await navigateTo(first.page, 'Settings');
      await first.page.getByLabel('Organization name').fill('Acme Café');
      await first.page.getByLabel('Helpdesk phone').fill('+1 555 0199');
      await first.page.getByRole('button', { name: 'Save settings' }).click();
      await first.page.getByRole('status').getByText('Settings saved.').waitFor();
      await first.page.locator('.topbar-org').getByText('Acme Café').waitFor();
      storageState = await first.context.storageState();
      // Stopped while the tab is still open with its live event stream: the server must not wait for it.
      expect(await server.stop('SIGTERM')).toBe(0);
      expect(server.output()).toContain('stopped cleanly');
    } finally {
      await first.close();
    }
    server = await start({ dataDir: server.dataDir, args });

    // The same browser storage (the saved token), the page loaded again.
    const again = await openPage(browser, undefined, { storageState });
    try {
      await again.page.goto(`${server.url}/#/settings`);
      await again.page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
      expect(await again.page.getByLabel('Organization name').inputValue()).toBe('Acme Café');
      expect(await again.page.getByLabel('Helpdesk phone').inputValue()).toBe('+1 555 0199');
    } finally {
      await again.close();
    }
    const settings = (await adminApi(server).get('/api/settings')).body;
    expect(settings.organization.name).toBe('Acme Café');
    expect(settings.helpdesk.phone).toBe('+1 555 0199');
    await server.stop();
  });

  // The server is killed here: this test is about the page reconnecting, not the shutdown.
  it('an open page reconnects by itself after a restart and shows what changed meanwhile', async () => {
    const args = ['--admin-port', String(await freePort()), '--mdm-port', String(await freePort()), '--enrollment-http-port', '0'];
    let server = await start({ args });
    await completeSetup(server, 'Reconnecting Office');
    const { page, close } = await openPage(browser);
    try {
      await page.goto(`${server.url}/#token=${server.token}`);
      await page.getByRole('heading', { name: 'Reconnecting Office', level: 1 }).waitFor();
      await page.getByText('Live', { exact: true }).waitFor();
      await page.evaluate('window.__sameDocument = true');

      await server.kill9();
      await page.getByText('Reconnecting…').waitFor();
      server = await start({ dataDir: server.dataDir, args });
      expect((await adminApi(server).patch('/api/settings', { organization: { name: 'Changed While Away' } })).status).toBe(200);

      await page.getByRole('heading', { name: 'Changed While Away', level: 1 }).waitFor({ timeout: 20_000 });
      await page.getByText('Live', { exact: true }).waitFor();
      expect(await page.evaluate('window.__sameDocument')).toBe(true);

      await page.reload();
      await page.getByRole('heading', { name: 'Changed While Away', level: 1 }).waitFor();
    } finally {
      await close();
      await server.stop();
    }
  });

  it('sends only the changed fields and shows a refused value next to its field', async () => {
    const server = await start({ args: ['--mdm-port', String(await freePort()), '--enrollment-http-port', '0'] });
    await completeSetup(server, 'Only Changes');
    const { page, close } = await openPage(browser);
    const patches: unknown[] = [];
    page.on('request', (request) => {
      if (request.method() === 'PATCH') patches.push(request.postDataJSON());
    });
    try {
      await page.goto(`${server.url}/#token=${server.token}`);
      await page.getByRole('heading', { name: 'Only Changes', level: 1 }).waitFor();
      await navigateTo(page, 'Settings');

      await page.getByLabel('Helpdesk website').fill('ftp://files.example');
      await page.getByRole('button', { name: 'Save settings' }).click();
      const website = page.locator('.field').filter({ has: page.getByLabel('Helpdesk website') });
      await website.getByText('Must be an http(s) URL').waitFor();
      await page.getByText('Settings were not saved.', { exact: false }).waitFor();
      expect(patches).toEqual([]);

      await page.getByLabel('Helpdesk website').fill('https://help.example');
      await page.getByRole('button', { name: 'Save settings' }).click();
      await page.getByText('Settings saved.').waitFor();
      expect(patches).toEqual([{ helpdesk: { website: 'https://help.example' } }]);
    } finally {
      await close();
      await server.stop();
    }
  });
});
