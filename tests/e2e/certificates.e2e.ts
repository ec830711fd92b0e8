import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPushPki, type TestPushPki } from '../support/test-push-pki';
import { launchBrowser, navigateTo, openPage, type TestPage } from '../support/browser';
import { adminApi, completeSetup, freePort, start, stopAll, type ServeProcess } from '../support/serve-process';

describe('certificate settings', () => {
  let browser: Browser;
  let server: ServeProcess;
  let admin: TestPage;
  let page: Page;
  let push: TestPushPki;

  beforeAll(async () => {
    browser = await launchBrowser();
    server = await start({ args: ['--mdm-port', String(await freePort()), '--enrollment-http-port', '0', '--public-host', '127.0.0.1'] });
    await completeSetup(server, 'Acme Café');
    push = createTestPushPki();
    admin = await openPage(browser);
    page = admin.page;
    await page.goto(`${server.url}/#token=${server.token}`);
    await page.getByRole('heading', { name: 'Acme Café', level: 1 }).waitFor();
  });
  afterAll(async () => {
    await admin?.close();
    await browser?.close();
    await stopAll();
  });

  const tab = (name: string) => page.getByRole('navigation', { name: 'Settings sections' }).getByRole('link', { name, exact: true });

  it('shows the office CA fingerprint the API reports, and downloads the CA certificate', async () => {
    await navigateTo(page, 'Settings');
    await tab('Certificates').click();
    await page.getByRole('heading', { name: 'Office certificate authority' }).waitFor();
    const { ca, tls } = (await adminApi(server).get('/api/pki')).body;
    const fingerprint = page.getByLabel('SHA-256 fingerprint', { exact: true });
    expect(await fingerprint.textContent()).toBe(ca.sha256);
    expect(ca.sha256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CA certificate' }).click()]);
    expect(await readFile((await download.path())!, 'utf8')).toBe(ca.certificatePem);

    await page.getByText(`It covers 127.0.0.1, the address devices use.`).waitFor();
    expect(tls.coversPublicHost).toBe(true);
  });

  it('says devices cannot enroll until a push certificate is imported, and refuses a certificate that is not for MDM', async () => {
    await navigateTo(page, 'Invitations');
    await page.getByRole('alert').getByText('Devices cannot enroll yet').waitFor();
    await page.getByRole('link', { name: 'Go to Settings › Push certificate' }).click();
    await page.getByRole('heading', { name: 'Current push certificate' }).waitFor();
    await page.getByText('No push certificate yet').waitFor();

    const notMdm = push.issueClientCertificate({ uid: null });
    await page.getByLabel('Push certificate (PEM)').fill(notMdm.certificatePem);
    await page.getByLabel('Private key (PEM)').fill(notMdm.privateKeyPem);
    await page.getByRole('button', { name: 'Import push certificate' }).click();
    const refusal = page.getByRole('alert').filter({ hasText: 'The push certificate was not imported.' });
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain('This is not an Apple MDM push certificate');
    expect((await adminApi(server).get('/api/push-certificate')).body.configured).toBe(false);
  });

  it('imports a push certificate from pasted PEMs and shows its topic; a renewal with another topic warns loudly', async () => {
    await page.getByLabel('Push certificate (PEM)').fill(push.client.certificatePem);
    await page.getByLabel('Private key (PEM)').fill(push.client.privateKeyPem);
    await page.getByRole('button', { name: 'Import push certificate' }).click();
    await page.getByText('The push certificate was imported.').waitFor();
    const status = page.getByRole('region', { name: 'Current push certificate' });
    await status.getByText(push.client.topic, { exact: true }).waitFor();
    await status.locator('.badge').getByText('Valid', { exact: true }).waitFor();
    expect(await page.getByRole('form', { name: 'Import a push certificate' }).getByText(push.client.topic, { exact: true }).count()).toBe(1);
    expect((await adminApi(server).get('/api/push-certificate')).body).toMatchObject({ configured: true, topic: push.client.topic });

    const other = push.issueClientCertificate();
    await page.getByLabel('Push certificate (PEM)').fill(other.certificatePem);
    await page.getByLabel('Private key (PEM)').fill(other.privateKeyPem);
    await page.getByRole('button', { name: 'Import push certificate' }).click();
    const warning = page.getByRole('alert').filter({ hasText: 'The push topic changed' });
    await warning.waitFor();
    expect(await warning.textContent()).toMatch(/re-?enrol/i);
    await status.getByText(other.topic!, { exact: true }).waitFor();

    // Invitations stop saying devices cannot enroll, without a reload.
    await navigateTo(page, 'Invitations');
    await page.getByRole('heading', { name: 'New invitation' }).waitFor();
    expect(await page.getByText('Devices cannot enroll yet').count()).toBe(0);
  });

  it('keeps Apple’s access-right dependencies in the enrollment settings', async () => {
    await navigateTo(page, 'Settings');
    await tab('Enrollment').click();
    const inspect = page.getByLabel('Allow inspection of installed configuration profiles');
    const install = page.getByLabel('Allow installation and removal of configuration profiles');
    const erase = page.getByLabel('Allow device erase');
    expect(await inspect.isChecked()).toBe(true);
    expect(await install.isChecked()).toBe(true);

    await inspect.uncheck();
    expect(await install.isChecked()).toBe(false);
    await erase.uncheck();
    await page.getByRole('button', { name: 'Save enrollment settings' }).click();
    await page.getByText('Enrollment settings saved.', { exact: false }).waitFor();
    expect((await adminApi(server).get('/api/settings')).body.enrollment.accessRights).toBe(8191 - 1 - 2 - 8);

    await install.check();
    expect(await inspect.isChecked()).toBe(true);
    await page.getByLabel('PKCS#12 in the profile').check();
    await page.getByLabel('Device certificate validity (days)').fill('730');
    await page.getByRole('button', { name: 'Save enrollment settings' }).click();
    await page.getByText('Enrollment settings saved.', { exact: false }).waitFor();
    expect((await adminApi(server).get('/api/settings')).body.enrollment).toEqual({ identity: 'pkcs12', accessRights: 8191 - 8, deviceCertificateValidityDays: 730 });
  });
});
