// SCRATCH: screenshots of the new pages (not part of the suite).
import { writeFile } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { ApnsTestServer, createTestPushPki } from '../support/apns-test-server';
import { launchBrowser, openPage } from '../support/browser';
import { SimulatedDevice } from '../support/device-simulator';
import { deviceRequest } from '../support/device-http';
import { adminApi, completeSetup, createDataDir, freePort, start, stopAll, type ServeProcess } from '../support/serve-process';

describe('screens', () => {
  let browser: Browser;
  let server: ServeProcess;
  let apns: ApnsTestServer;
  const devices: SimulatedDevice[] = [];
  beforeAll(async () => {
    browser = await launchBrowser();
    const pki = createTestPushPki();
    apns = await ApnsTestServer.start({ serverCertPem: pki.serverCertPem, serverKeyPem: pki.serverKeyPem, clientCaPem: pki.caCertPem });
    const dataDir = await createDataDir();
    const extraCa = `${dataDir}-apns-ca.pem`;
    await writeFile(extraCa, pki.caCertPem);
    server = await start({
      dataDir,
      args: ['--mdm-port', String(await freePort()), '--enrollment-http-port', String(await freePort()), '--public-host', '127.0.0.1', '--apns-url', apns.url],
      env: { NODE_EXTRA_CA_CERTS: extraCa },
    });
    await completeSetup(server, 'Acme Café');
    const api = adminApi(server);
    await api.patch('/api/settings', { helpdesk: { name: 'Front desk', phone: '+1 555 0100', email: 'it@acme.test' } });
    await api.put('/api/push-certificate', { certificatePem: pki.client.certificatePem, privateKeyPem: pki.client.privateKeyPem });
    const officeCa = (await api.get('/api/pki')).body.ca.certificatePem as string;
    for (const [platform, supervised, label] of [['ios', false, 'Anna’s iPhone'], ['macos', true, 'Reception Mac']] as const) {
      const invitation = (await api.post('/api/invitations', { label, userName: 'Anna Berg', email: 'anna@acme.test' })).body;
      const profile = await deviceRequest(invitation.profileUrl, { ca: officeCa });
      const device = new SimulatedDevice({ platform, supervised, trustedCaPem: officeCa });
      devices.push(device);
      await device.enroll(profile.body);
      device.wakeOnPush(apns);
      await device.connect();
    }
    await api.post('/api/invitations', { label: 'Office wall', maxUses: 25, expiresInDays: 30 });
    const mac = devices[1]!;
    const macId = ((await api.get('/api/devices')).body as { id: string; platform: string }[]).find((d) => d.platform === 'macos')!.id;
    await mac.stopWaking();
    mac.answerNext('SecurityInfo', 'Error');
    mac.answerNext('ProfileList', 'NotNow');
    await api.post(`/api/devices/${macId}/commands`, { requestType: 'SecurityInfo' });
    await api.post(`/api/devices/${macId}/commands`, { requestType: 'ProfileList' });
    await mac.connect();
    await api.post(`/api/devices/${macId}/commands`, { requestType: 'DeviceLock', pin: '123456', message: 'Call us' });
  }, 60_000);
  afterAll(async () => {
    for (const d of devices) {
      await d.stopWaking();
      d.close();
    }
    await browser?.close();
    await apns?.close();
    await stopAll();
  });

  it('shoots', async () => {
    const { page, close, messages } = await openPage(browser);
    const shot = async (name: string, hash: string, wait: string, fullPage = true) => {
      await page.goto(`${server.url}/#${hash}`);
      await page.getByText(wait, { exact: false }).first().waitFor();
      await page.waitForTimeout(300);
      await page.screenshot({ path: `/tmp/shots/${name}.png`, fullPage });
    };
    await page.goto(`${server.url}/#token=${server.token}`);
    await page.getByRole('heading', { name: 'Acme Café', level: 1 }).waitFor();
    await shot('overview', '/', 'Devices enrolled');
    await shot('devices', '/devices', 'Last check-in');
    const devs = (await adminApi(server).get('/api/devices')).body as { id: string; platform: string }[];
    for (const d of devs) {
      await shot(`device-${d.platform}`, `/devices/${d.id}`, 'Command queue and history');
      await page.getByRole('region', { name: 'Command queue and history' }).screenshot({ path: `/tmp/shots/commands-${d.platform}.png` });
    }
    await shot('invitations', '/invitations', 'All invitations');
    const invs = (await adminApi(server).get('/api/invitations')).body as { id: string; label: string }[];
    await shot('invitation', `/invitations/${invs.find((i) => i.label === 'Office wall')!.id}`, 'Steps');
    await shot('invitation-used', `/invitations/${invs.find((i) => i.label === 'Reception Mac')!.id}`, 'Device enrolled');
    await shot('settings-push', '/settings/push-certificate', 'Current push certificate');
    await shot('settings-certs', '/settings/certificates', 'SHA-256 fingerprint');
    await shot('settings-enrollment', '/settings/enrollment', 'Device identity');
    await shot('settings-general', '/settings', 'Organization name');
    await page.goto(`${server.url}/#/devices/${devs.find((d) => d.platform === 'ios')!.id}`);
    await page.getByRole('button', { name: 'Erase…' }).click();
    await page.waitForTimeout(300);
    await page.screenshot({ path: '/tmp/shots/erase-dialog.png' });
    await page.keyboard.press('Escape');
    await page.emulateMedia({ media: 'print' });
    await page.goto(`${server.url}/#/invitations/${invs[0]!.id}`);
    await page.waitForTimeout(800);
    await page.screenshot({ path: '/tmp/shots/print.png', fullPage: true });
    await page.emulateMedia({ media: 'screen' });
    await shot('invitation-fold', `/invitations/${invs[0]!.id}`, 'Steps', false);
    await shot('device-fold', `/devices/${devs[0]!.id}`, 'Command queue and history', false);
    console.log(messages.join('\n'));
    await close();

    // A second server without a push certificate.
    const bare = await start({ args: ['--mdm-port', String(await freePort()), '--enrollment-http-port', '0', '--public-host', '127.0.0.1'] });
    await completeSetup(bare, 'Bare Office');
    const inv = (await adminApi(bare).post('/api/invitations', { label: 'Blocked one' })).body;
    const second = await openPage(browser);
    const p2 = second.page;
    await p2.goto(`${bare.url}/#token=${bare.token}`);
    await p2.getByRole('heading', { name: 'Bare Office', level: 1 }).waitFor();
    await p2.screenshot({ path: '/tmp/shots/bare-overview.png', fullPage: true });
    await p2.goto(`${bare.url}/#/invitations/${inv.id}`);
    await p2.getByText('Devices cannot enroll yet').waitFor();
    await p2.screenshot({ path: '/tmp/shots/bare-invitation.png', fullPage: false });
    await p2.goto(`${bare.url}/#/settings/push-certificate`);
    await p2.getByText('No push certificate yet').waitFor();
    await p2.getByLabel('E-mail address for the request').fill('it@bare.test');
    await p2.getByRole('button', { name: 'Create certificate request' }).click();
    await p2.getByText('The request was created.').waitFor();
    await p2.screenshot({ path: '/tmp/shots/bare-push.png', fullPage: true });
    await p2.goto(`${bare.url}/#/devices`);
    await p2.getByText('No devices yet').waitFor();
    await p2.screenshot({ path: '/tmp/shots/bare-devices.png' });
    await second.close();
  });
});
