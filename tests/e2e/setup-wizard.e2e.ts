import { hostname } from 'node:os';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage } from '../support/browser';
import { adminApi, freePort, start, stopAll } from '../support/serve-process';

describe('setup wizard', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await stopAll();
  });

  it('appears on first run, refuses an invalid email, and lands on the overview when finished', async () => {
    const server = await start();
    const api = adminApi(server);
    const [mdmPort, httpPort] = [await freePort(), await freePort()];
    const { page, close } = await openPage(browser);
    try {
      await page.goto(`${server.url}/#token=${server.token}`);
      await page.getByRole('heading', { name: 'Set up Lanyard', level: 1 }).waitFor();
      // The token left the address bar (page.url() can lag behind history.replaceState).
      expect(await page.evaluate('location.href')).toBe(`${server.url}/`);

      await expectStep(page, 1, 'Your organization');
      await page.getByLabel('Organization name').fill('Acme Café');
      await next(page);

      await expectStep(page, 2, 'Helpdesk contacts');
      await page.getByLabel('Helpdesk name').fill('Acme IT');
      await page.getByLabel('Helpdesk phone').fill('+1 555 0100');
      await page.getByLabel('Helpdesk email').fill('not-an-email');
      await page.getByLabel('Helpdesk website').fill('https://it.acme.test');
      await next(page);

      // The error sits in the email field's own block and is tied to the input; the step does not advance.
      const email = page.getByLabel('Helpdesk email');
      const emailField = page.locator('.field').filter({ has: email });
      await emailField.getByText('Must be an e-mail address').waitFor();
      expect(await email.getAttribute('aria-invalid')).toBe('true');
      const errorId = await emailField.locator('.field-error').getAttribute('id');
      expect((await email.getAttribute('aria-describedby'))?.split(' ')).toContain(errorId);
      await expectStep(page, 2, 'Helpdesk contacts');
      const untouched = (await api.get('/api/settings')).body;
      expect(untouched.helpdesk.email).toBe('');
      expect(untouched.setupCompletedAt).toBeNull();

      await email.fill('it@acme.test');
      await next(page);

      await expectStep(page, 3, 'How devices reach this computer');
      const host = hostname();
      const hostChoice = page.getByRole('radio', { name: new RegExp(`^${escapeRegExp(host)} this computer's name`) });
      await hostChoice.check();
      expect(await hostChoice.isChecked()).toBe(true);
      await next(page);

      await expectStep(page, 4, 'Ports');
      await page.getByLabel('MDM HTTPS port').fill(String(mdmPort));
      await page.getByLabel('Enrollment HTTP port').fill(String(httpPort));
      await next(page);

      await expectStep(page, 5, 'Review and finish');
      const review = page.locator('.review');
      for (const text of ['Acme Café', 'Acme IT', '+1 555 0100', 'it@acme.test', 'https://it.acme.test', host, String(mdmPort), String(httpPort)]) {
        await review.getByText(text, { exact: true }).waitFor();
      }
      await page.getByRole('button', { name: 'Finish setup' }).click();

      await page.getByRole('heading', { name: 'Acme Café', level: 1 }).waitFor();
      const overviewLink = page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' });
      expect(await overviewLink.getAttribute('aria-current')).toBe('page');

      const saved = (await api.get('/api/settings')).body;
      expect(saved.organization.name).toBe('Acme Café');
      expect(saved.helpdesk).toEqual({ name: 'Acme IT', phone: '+1 555 0100', email: 'it@acme.test', website: 'https://it.acme.test' });
      expect(saved.network).toEqual({ publicHost: host, mdmPort, enrollmentHttpPort: httpPort });
      expect(saved.setupCompletedAt).not.toBeNull();
      expect((await api.get('/api/system/status')).body.setupComplete).toBe(true);

      await page.reload();
      await page.getByRole('heading', { name: 'Acme Café', level: 1 }).waitFor();
      expect(await page.getByRole('heading', { name: 'Set up Lanyard' }).count()).toBe(0);
    } finally {
      await close();
      await server.stop();
    }
  });

  it('shows values pinned by the command line read-only, with a note', async () => {
    const mdmPort = await freePort();
    const server = await start({ args: ['--public-host', 'mdm.acme.test', '--mdm-port', String(mdmPort), '--enrollment-http-port', '0'] });
    const { page, close } = await openPage(browser);
    try {
      await page.goto(`${server.url}/#token=${server.token}`);
      await expectStep(page, 1, 'Your organization');
      await page.getByLabel('Organization name').fill('Pinned Office');
      await next(page);
      await expectStep(page, 2, 'Helpdesk contacts');
      await next(page);

      await expectStep(page, 3, 'How devices reach this computer');
      const address = page.getByLabel('Address devices use to reach this computer');
      expect(await address.inputValue()).toBe('mdm.acme.test');
      expect(await address.getAttribute('readonly')).not.toBeNull();
      expect(await page.getByRole('radio').count()).toBe(0);
      await page.getByText('Set by the command line for this run.').waitFor();
      await next(page);

      await expectStep(page, 4, 'Ports');
      for (const [label, value] of [
        ['MDM HTTPS port', String(mdmPort)],
        ['Enrollment HTTP port', '0'],
      ] as const) {
        const input = page.getByLabel(label);
        expect(await input.inputValue()).toBe(value);
        expect(await input.getAttribute('readonly')).not.toBeNull();
      }
      expect(await page.getByText('Set by the command line for this run.').count()).toBe(2);
      await next(page);

      await expectStep(page, 5, 'Review and finish');
      expect(await page.getByText('(set by the command line for this run)').count()).toBe(3);
      await page.getByRole('button', { name: 'Finish setup' }).click();
      await page.getByRole('heading', { name: 'Pinned Office', level: 1 }).waitFor();
      const saved = (await adminApi(server).get('/api/settings')).body;
      expect(saved.network).toEqual({ publicHost: 'mdm.acme.test', mdmPort, enrollmentHttpPort: 0 });
    } finally {
      await close();
      await server.stop();
    }
  });
});

async function expectStep(page: Page, number: number, title: string): Promise<void> {
  await page.getByRole('heading', { name: title, level: 2 }).waitFor();
  await page.getByText(`Step ${number} of 5`).waitFor();
  expect(await page.locator('.step-indicator [aria-current="step"]').count()).toBe(1);
}

async function next(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Next' }).click();
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
