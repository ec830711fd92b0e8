import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, navigateTo, openPage } from '../support/browser';
import { completeSetup, freePort, start, stopAll, type ServeProcess } from '../support/serve-process';

/** Collects CSP violations inside the page; Playwright injects it outside the page's policy. */
const recordViolations = `
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (event) => {
    window.__cspViolations.push(event.violatedDirective + ' ' + event.blockedURI);
  });
`;

describe('UI security', () => {
  let browser: Browser;
  let server: ServeProcess;
  const deviceArgs = async () => ['--mdm-port', String(await freePort()), '--enrollment-http-port', '0'];

  beforeAll(async () => {
    browser = await launchBrowser();
    server = await start({ args: await deviceArgs() });
    await completeSetup(server, 'Secure Office');
  });
  afterAll(async () => {
    await browser?.close();
    await stopAll();
  });

  it('serves index.html with a strict Content-Security-Policy header', async () => {
    for (const path of ['/', '/index.html', '/some/client/route']) {
      const response = await fetch(`${server.url}${path}`);
      expect(response.status).toBe(200);
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("style-src 'self'");
      expect(csp).toContain("connect-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).not.toContain('unsafe-eval');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      await response.arrayBuffer();
    }
  });

  it('works under that policy without a single violation', async () => {
    const { context, page, messages, close } = await openPage(browser);
    await context.addInitScript(recordViolations);
    try {
      await page.goto(`${server.url}/#token=${server.token}`);
      await page.getByRole('heading', { name: 'Secure Office', level: 1 }).waitFor();
      await page.getByText('Live', { exact: true }).waitFor();
      await navigateTo(page, 'Activity');
      await page.locator('table.activity-table tbody tr').first().waitFor();
      await navigateTo(page, 'Settings');
      await page.getByLabel('Helpdesk name').fill('Security Desk');
      await page.getByRole('button', { name: 'Save settings' }).click();
      await page.getByText('Settings saved.').waitFor();
      await navigateTo(page, 'Dashboard', 'Secure Office');

      expect(messages.filter((m) => m.includes('Content Security Policy'))).toEqual([]);
      expect(messages.filter((m) => m.startsWith('pageerror') || m.startsWith('error'))).toEqual([]);
      expect(await page.evaluate('window.__cspViolations')).toEqual([]);
      // The stylesheet really applied: the CSP did not block it.
      expect(await page.evaluate(`getComputedStyle(document.querySelector('.topbar')).borderBottomStyle`)).toBe('solid');
    } finally {
      await close();
    }
  });

  it('asks for the admin token when there is none, and refuses a wrong one', async () => {
    const unauthenticated = await fetch(`${server.url}/api/settings`);
    expect(unauthenticated.status).toBe(401);
    await unauthenticated.arrayBuffer();

    const { page, close } = await openPage(browser);
    try {
      await page.goto(server.url);
      const tokenInput = page.getByLabel('Admin token');
      await tokenInput.waitFor();
      await page.getByText('admin-token', { exact: true }).waitFor();
      expect(await page.getByRole('heading', { name: 'Secure Office' }).count()).toBe(0);

      await tokenInput.fill('wrong-token-0123456789');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByText('That token was not accepted').waitFor();

      await tokenInput.fill(server.token);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { name: 'Secure Office', level: 1 }).waitFor();

      await page.reload();
      await page.getByRole('heading', { name: 'Secure Office', level: 1 }).waitFor();

      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByLabel('Admin token').waitFor();
      await page.reload();
      await page.getByLabel('Admin token').waitFor();
    } finally {
      await close();
    }
  });

  it('returns to the sign-in screen when the server stops accepting the saved token', async () => {
    const args = ['--admin-port', String(await freePort()), ...(await deviceArgs())];
    let own = await start({ args });
    await completeSetup(own, 'Rotating Office');
    const { page, close } = await openPage(browser);
    try {
      await page.goto(`${own.url}/#token=${own.token}`);
      await page.getByRole('heading', { name: 'Rotating Office', level: 1 }).waitFor();
      await page.getByText('Live', { exact: true }).waitFor();
      // Killed, not stopped: this is about the page (see settings-persist.e2e.ts).
      await own.kill9();
      own = await start({ dataDir: own.dataDir, args, env: { LANYARD_ADMIN_TOKEN: 'a-new-token-after-rotation-0123' } });
      await page.getByText('That token was not accepted').waitFor({ timeout: 20_000 });
      await page.getByLabel('Admin token').fill(own.token);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { name: 'Rotating Office', level: 1 }).waitFor();
    } finally {
      await close();
      await own.stop();
    }
  });
});
