import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPushPki } from '../support/test-push-pki';
import { launchBrowser, navigateTo, openPage, type TestPage } from '../support/browser';
import { iphoneAgent, run } from '../support/device-http';
import { adminApi, completeSetup, createDataDir, freePort, start, stopAll, type ServeProcess } from '../support/serve-process';

const profileType = 'application/x-apple-aspen-config';

/** Collects CSP violations inside the page (the QR code is a data: image, downloads are blob: links). */
const recordViolations = `
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (event) => {
    window.__cspViolations.push(event.violatedDirective + ' ' + event.blockedURI);
  });
`;

describe('invitations page', () => {
  let browser: Browser;
  let server: ServeProcess;
  let admin: TestPage;
  let page: Page;
  let mdmPort: number;
  let httpPort: number;

  beforeAll(async () => {
    browser = await launchBrowser();
    mdmPort = await freePort();
    httpPort = await freePort();
    server = await start({ args: ['--mdm-port', String(mdmPort), '--enrollment-http-port', String(httpPort), '--public-host', '127.0.0.1'] });
    await completeSetup(server, 'Acme Café');
    const api = adminApi(server);
    expect((await api.patch('/api/settings', { helpdesk: { name: 'Front desk', email: 'it@acme.test' } })).status).toBe(200);
    const push = createTestPushPki();
    expect((await api.put('/api/push-certificate', { certificatePem: push.client.certificatePem, privateKeyPem: push.client.privateKeyPem })).status).toBe(200);
    admin = await openPage(browser);
    page = admin.page;
    await admin.context.addInitScript(recordViolations);
    await page.goto(`${server.url}/#token=${server.token}`);
    await page.getByRole('heading', { name: 'Acme Café', level: 1 }).waitFor();
  });
  afterAll(async () => {
    await admin?.close();
    await browser?.close();
    await stopAll();
  });

  it('refuses an invalid email next to its field', async () => {
    await navigateTo(page, 'Invitations');
    await page.getByLabel('Email').fill('not-an-email');
    await page.getByRole('button', { name: 'Create invitation' }).click();
    const email = page.locator('.field').filter({ has: page.getByLabel('Email') });
    await email.getByText('Must be an e-mail address').waitFor();
    await page.getByText('The invitation was not created.', { exact: false }).waitFor();
    expect((await adminApi(server).get('/api/invitations')).body).toEqual([]);
    await page.getByLabel('Email').fill('');
  });

  it('creates an invitation whose QR code is its link, follows the landing page to both profiles, and revokes it', async () => {
    await page.getByLabel('Label').fill('Anna’s iPhone');
    await page.getByLabel('User name').fill('Anna Berg');
    await page.getByLabel('Email').fill('anna@acme.test');
    expect(await page.getByLabel('Expires in (days)').inputValue()).toBe('7');
    await page.getByRole('button', { name: 'Create invitation' }).click();
    await page.getByRole('heading', { name: 'Anna’s iPhone', level: 1 }).waitFor();

    // The QR code on the page, decoded, is exactly the link the page shows (and the API knows).
    const shownUrl = await page.getByLabel('Invitation link').inputValue();
    const [invitation] = (await adminApi(server).get('/api/invitations')).body as { id: string; url: string; profileUrl: string }[];
    expect(shownUrl).toBe(invitation!.url);
    expect(shownUrl).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${httpPort}/enroll/[A-Za-z0-9_-]{43}$`));
    const qr = page.getByRole('img', { name: /QR code of the invitation link/ });
    await qr.waitFor();
    const src = (await qr.getAttribute('src')) ?? '';
    expect(src.startsWith('data:image/png;base64,')).toBe(true);
    const pngFile = join(await createDataDir(), 'qr.png');
    await writeFile(pngFile, Buffer.from(src.slice(src.indexOf(',') + 1), 'base64'));
    const { stdout } = await run('zbarimg', ['--nodbus', '-q', '--raw', pngFile]);
    expect(stdout.replace(/\n$/, '')).toBe(shownUrl);

    // The email is addressed to the user and carries the link and the helpdesk.
    const mailto = decodeURIComponent((await page.getByRole('link', { name: 'Send by email' }).getAttribute('href')) ?? '');
    expect(mailto.startsWith('mailto:anna@acme.test?subject=Enroll your device with Acme Café&body=')).toBe(true);
    expect(mailto).toContain(shownUrl);
    expect(mailto).toContain('Helpdesk: Front desk');

    // The landing page on an iPhone: the steps, then both profiles.
    const phone = await openPage(browser, { width: 390, height: 844 }, { userAgent: iphoneAgent, ignoreHTTPSErrors: true });
    try {
      const landing = await phone.page.goto(shownUrl);
      expect(landing?.status()).toBe(200);
      await phone.page.getByRole('heading', { name: 'Enroll this device with Acme Café', level: 1 }).waitFor();
      await phone.page.getByRole('heading', { name: 'Step 1 of 2: trust the office' }).waitFor();
      await phone.page.getByRole('heading', { name: 'Step 2 of 2: enroll' }).waitFor();
      const ca = (await adminApi(server).get('/api/pki')).body.ca.sha256 as string;
      expect(await phone.page.locator('#ca-fingerprint').textContent()).toBe(ca);

      const trustLink = phone.page.getByRole('link', { name: 'Download the trust profile' });
      const trustHref = (await trustLink.getAttribute('href'))!;
      expect(trustHref).toBe(`${shownUrl}/trust.mobileconfig`);
      const [trustDownload] = await Promise.all([phone.page.waitForEvent('download'), trustLink.click()]);
      expect(trustDownload.suggestedFilename()).toBe('office-trust.mobileconfig');
      const trust = await phone.context.request.get(trustHref);
      expect(trust.status()).toBe(200);
      expect(trust.headers()['content-type']).toBe(profileType);

      const enrollLink = phone.page.getByRole('link', { name: 'Download the enrollment profile' });
      const enrollHref = (await enrollLink.getAttribute('href'))!;
      expect(enrollHref).toBe(invitation!.profileUrl);
      expect(enrollHref.startsWith(`https://127.0.0.1:${mdmPort}/`)).toBe(true);
      const [enrollDownload] = await Promise.all([phone.page.waitForEvent('download'), enrollLink.click()]);
      expect(enrollDownload.suggestedFilename()).toBe('enroll.mobileconfig');
      const enrollProfile = await phone.context.request.get(enrollHref);
      expect(enrollProfile.status()).toBe(200);
      expect(enrollProfile.headers()['content-type']).toBe(profileType);

      // Each step shows up in the invitation's log as it happens.
      const steps = page.locator('table.step-log tbody tr');
      await steps.filter({ hasText: 'Invitation opened' }).first().waitFor();
      await steps.filter({ hasText: 'Trust profile downloaded' }).first().waitFor();
      await steps.filter({ hasText: 'Enrollment profile downloaded' }).first().waitFor();

      // Revoked in the UI: the badge says so, and the link now answers 410.
      await page.getByRole('button', { name: 'Revoke invitation' }).click();
      const dialog = page.getByRole('dialog', { name: 'Revoke this invitation?' });
      await dialog.getByRole('button', { name: 'Revoke invitation' }).click();
      await dialog.waitFor({ state: 'detached' });
      const details = page.getByRole('region', { name: 'Details' });
      await details.locator('.badge').getByText('Revoked', { exact: true }).waitFor();
      await page.getByText('This invitation is revoked', { exact: false }).waitFor();
      const gone = await phone.page.goto(shownUrl);
      expect(gone?.status()).toBe(410);
      await steps.filter({ hasText: 'Invitation refused' }).first().waitFor();
    } finally {
      await phone.close();
    }

    await page.getByRole('link', { name: '← All invitations' }).click();
    const row = page.locator('table.invitation-table tbody tr').filter({ hasText: 'Anna’s iPhone' });
    expect(await row.locator('.badge').textContent()).toBe('Revoked');
  });

  it('creates a reusable office invitation with a use limit', async () => {
    await page.getByLabel('Label').fill('Office wall');
    await page.getByLabel('Office invitation (reusable)').check();
    await page.getByLabel('Maximum number of devices').fill('25');
    await page.getByLabel('Expires in (days)').fill('30');
    await page.getByRole('button', { name: 'Create invitation' }).click();
    await page.getByRole('heading', { name: 'Office wall', level: 1 }).waitFor();
    await page.getByText('Office invitation, up to 25 devices').waitFor();
    const created = ((await adminApi(server).get('/api/invitations')).body as { label: string; maxUses: number; expiresAt: string; createdAt: string }[]).find(
      (i) => i.label === 'Office wall',
    )!;
    expect(created.maxUses).toBe(25);
    expect(Math.round((Date.parse(created.expiresAt) - Date.parse(created.createdAt)) / 86_400_000)).toBe(30);
    // The downloads are the QR code of this invitation.
    const [png] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download PNG' }).click()]);
    expect(png.suggestedFilename()).toBe('invitation-office-wall.png');
    const [svg] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download SVG' }).click()]);
    expect(svg.suggestedFilename()).toBe('invitation-office-wall.svg');
    expect(await readFile((await svg.path())!, 'utf8')).toContain('<svg');
  });

  it('shows an invitation revoked through the API on the open invitations page, without reloading', async () => {
    await navigateTo(page, 'Invitations');
    const row = page.locator('table.invitation-table tbody tr').filter({ hasText: 'Office wall' });
    await row.locator('.badge').getByText('Pending', { exact: true }).waitFor();
    await page.evaluate('window.__sameDocument = true');
    const created = ((await adminApi(server).get('/api/invitations')).body as { id: string; label: string }[]).find((i) => i.label === 'Office wall')!;
    expect((await adminApi(server).delete(`/api/invitations/${created.id}`)).status).toBe(200);
    await row.locator('.badge').getByText('Revoked', { exact: true }).waitFor();
    expect(await page.evaluate('window.__sameDocument')).toBe(true);
  });

  it('did all this under the UI Content-Security-Policy, without errors', async () => {
    expect(await page.evaluate('window.__cspViolations')).toEqual([]);
    expect(admin.messages.filter((m) => m.startsWith('pageerror') || m.startsWith('error'))).toEqual([]);
  });
});
