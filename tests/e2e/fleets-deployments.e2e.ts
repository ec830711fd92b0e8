import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentCommand, runAgent, stopAllAgents, type RunningAgent } from '../support/agent-process';
import { ApnsTestServer, createTestPushPki } from '../support/apns-test-server';
import { launchBrowser, navigateTo, openPage, waitUntil, type TestPage } from '../support/browser';
import { SimulatedDevice } from '../support/device-simulator';
import { deviceRequest } from '../support/device-http';
import { adminApi, completeSetup, createDataDir, freePort, start, stopAll, type ServeProcess } from '../support/serve-process';

const keepalive = 2;
const screenshots = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));

/**
 * An office's morning in the browser, against serve with two real reference
 * agents and a simulated iPhone: a fleet is made, devices are moved into it,
 * a file is deployed to it and watched to 100% with a failure and its
 * reason on the way, the failure is retried, and the dashboard's counts
 * follow an agent going offline.
 */
describe('fleets, deployments and the dashboard', () => {
  let browser: Browser;
  let server: ServeProcess;
  let apns: ApnsTestServer;
  let iphone: SimulatedDevice;
  let admin: TestPage;
  let page: Page;
  let folder: string;
  let fleetId: string;

  beforeAll(async () => {
    browser = await launchBrowser();
    folder = await mkdtemp(join(tmpdir(), 'lanyard-e2e-fleet-'));
    const pki = createTestPushPki();
    apns = await ApnsTestServer.start({ serverCertPem: pki.serverCertPem, serverKeyPem: pki.serverKeyPem, clientCaPem: pki.caCertPem });
    const dataDir = await createDataDir();
    const extraCa = `${dataDir}-apns-ca.pem`;
    await writeFile(extraCa, pki.caCertPem);
    server = await start({
      dataDir,
      args: ['--public-host', '127.0.0.1', '--mdm-port', String(await freePort()), '--enrollment-http-port', '0', '--mqtt-port', String(await freePort()), '--agent-keepalive', String(keepalive), '--apns-url', apns.url],
      env: { NODE_EXTRA_CA_CERTS: extraCa },
    });
    await completeSetup(server, 'Front Office');
    const api = adminApi(server);
    expect((await api.put('/api/push-certificate', { certificatePem: pki.client.certificatePem, privateKeyPem: pki.client.privateKeyPem })).status).toBe(200);
    const officeCa = (await api.get('/api/pki')).body.ca.certificatePem as string;
    iphone = new SimulatedDevice({ platform: 'ios', supervised: false, trustedCaPem: officeCa });
    admin = await openPage(browser, { width: 1280, height: 900 });
    page = admin.page;
  });
  afterAll(async () => {
    await stopAllAgents();
    await iphone?.stopWaking();
    iphone?.close();
    await admin?.close();
    await browser?.close();
    await apns?.close();
    await stopAll();
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  const enrolAgent = async (name: string, link: string): Promise<{ id: string; stateDir: string }> => {
    const stateDir = join(folder, name);
    const enrolled = agentCommand(['enroll', link, '--state-dir', stateDir, '--serial', name]);
    expect(enrolled.status, enrolled.stderr).toBe(0);
    return { id: JSON.parse(await readFile(join(stateDir, 'enrollment.json'), 'utf8')).agentId as string, stateDir };
  };
  const figure = (fleetId: string, name: string) => page.locator(`.fleet-presence-table tr[data-fleet-id="${fleetId}"] a[data-figure="${name}"]`);
  const bar = () => page.getByRole('progressbar').first();

  it('makes a fleet, moves three devices into it, deploys a file, retries the failure, and counts agents live', async () => {
    const api = adminApi(server);
    const invitation = (await api.post('/api/invitations', { label: 'Front desk', maxUses: 3 })).body;
    const pcA = await enrolAgent('PC-A', invitation.agentUrl);
    const pcB = await enrolAgent('PC-B', invitation.agentUrl);
    const agents: Record<string, RunningAgent> = { a: runAgent(pcA.stateDir), b: runAgent(pcB.stateDir) };
    const profile = await deviceRequest(invitation.profileUrl, { ca: (await api.get('/api/pki')).body.ca.certificatePem });
    await iphone.enroll(profile.body);
    // Listening before it checks in, as iOS does right after it enrols: a push sent meanwhile is not missed.
    iphone.wakeOnPush(apns);
    await iphone.connect();

    await page.goto(`${server.url}/#token=${server.token}`);
    await page.getByRole('heading', { name: 'Front Office', level: 1 }).waitFor();
    await navigateTo(page, 'Fleets');
    await page.getByLabel('New fleet').fill('Front desk');
    await page.getByRole('button', { name: 'Create fleet' }).click();
    const fleetRow = page.locator('table.fleet-table tbody tr', { hasText: 'Front desk' });
    await fleetRow.waitFor();
    fleetId = (await fleetRow.getAttribute('data-fleet-id'))!;

    // Select the three devices with a click and a shift-click, and move them.
    await navigateTo(page, 'Devices');
    const rows = page.locator('table.device-table tbody tr');
    await page.locator(`tr[data-device-id="${pcA.id}"]`).getByText('Online').waitFor();
    await page.locator(`tr[data-device-id="${pcB.id}"]`).getByText('Online').waitFor();
    await rows.filter({ hasText: iphone.name }).waitFor();
    expect(await rows.count()).toBe(3);
    await rows.nth(0).getByRole('checkbox').click();
    await rows.nth(2).getByRole('checkbox').click({ modifiers: ['Shift'] });
    await page.getByText('3 devices, 3 selected').waitFor();
    await page.getByRole('button', { name: 'Move to fleet…' }).click();
    await page.getByRole('dialog').getByLabel('To fleet').selectOption({ label: 'Front desk' });
    await page.getByRole('dialog').getByRole('button', { name: 'Move' }).click();
    await page.getByText('3 devices are now in Front desk.').waitFor();
    for (const id of [pcA.id, pcB.id]) await page.locator(`tr[data-device-id="${id}"]`).getByText('Front desk').waitFor();
    // The fleet filter lands in the address, so the view can be bookmarked.
    await page.getByLabel('Fleet').selectOption({ label: 'Front desk' });
    expect(new URL(page.url()).hash).toBe(`#/devices?fleet=${fleetId}`);

    // The dashboard counts both agents online in the fleet, and follows one going offline.
    await navigateTo(page, 'Dashboard', 'Front Office');
    await figure(fleetId, 'total').getByText('3', { exact: true }).waitFor();
    await figure(fleetId, 'online').getByText('2', { exact: true }).waitFor();
    await agents.a!.kill9();
    await figure(fleetId, 'online').getByText('1', { exact: true }).waitFor({ timeout: 1.5 * keepalive * 1000 + 5_000 });
    await figure(fleetId, 'online').click();
    await page.getByRole('heading', { name: 'Devices', level: 1 }).waitFor();
    await page.getByText('Showing 1 of 3 devices').waitFor();
    await page.locator(`tr[data-device-id="${pcB.id}"]`).waitFor();

    // PC-B has a folder where the file should go: its part fails with the reason.
    await mkdir(join(pcB.stateDir, 'managed', 'docs', 'handbook.txt', 'in-the-way'), { recursive: true });
    const upload = await fetch(`${server.url}/api/files?name=handbook.txt`, { method: 'POST', headers: { authorization: `Bearer ${server.token}`, 'content-type': 'text/plain' }, body: 'Welcome to the front desk.\n' });
    expect(upload.status).toBe(201);
    await navigateTo(page, 'Deployments');
    await page.getByRole('button', { name: 'New deployment…' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('What').selectOption('file');
    await dialog.getByLabel('File', { exact: true }).selectOption({ label: 'handbook.txt' });
    await dialog.getByLabel('Where, inside the managed folder').fill('docs/handbook.txt');
    await dialog.getByLabel('To').selectOption({ label: 'Front desk' });
    await dialog.getByRole('button', { name: 'Start deployment' }).click();
    await page.getByRole('heading', { name: /handbook\.txt/, level: 1 }).waitFor();

    const failedRow = page.locator(`table.deployment-device-table tr[data-device-id="${pcB.id}"]`);
    await failedRow.getByText('Failed', { exact: true }).waitFor();
    expect(await failedRow.locator('.deployment-reason').innerText()).toMatch(/EISDIR|directory/i);
    await page.locator('table.deployment-device-table tr', { hasText: iphone.name }).getByText('Not applicable').waitFor();
    // PC-A is offline: its part waits (pending, or sent to its session on the broker), and the bar is not full.
    await page.locator(`table.deployment-device-table tr[data-device-id="${pcA.id}"]`).getByText(/^(Pending|Sent)$/).waitFor();
    expect(Number(await bar().getAttribute('aria-valuenow'))).toBe(67);
    await mkdir(screenshots, { recursive: true });
    await page.screenshot({ path: join(screenshots, 'deployment-in-progress.png'), fullPage: true });

    // PC-A comes back and takes it; the folder is cleared on PC-B and its failure retried.
    agents.a = runAgent(pcA.stateDir);
    await page.locator(`table.deployment-device-table tr[data-device-id="${pcA.id}"]`).getByText('Done').waitFor();
    await rm(join(pcB.stateDir, 'managed', 'docs', 'handbook.txt'), { recursive: true });
    await page.getByRole('button', { name: 'Retry failed (1)' }).click();
    await failedRow.getByText('Done', { exact: true }).waitFor();
    await page.locator('[role="progressbar"][aria-valuenow="100"]').waitFor();
    expect(await page.getByText('Finished', { exact: true }).count()).toBe(1);
    for (const pc of [pcA, pcB]) expect(await readFile(join(pc.stateDir, 'managed', 'docs', 'handbook.txt'), 'utf8')).toBe('Welcome to the front desk.\n');

    await navigateTo(page, 'Dashboard', 'Front Office');
    await figure(fleetId, 'online').getByText('2', { exact: true }).waitFor();
    await page.screenshot({ path: join(screenshots, 'dashboard.png'), fullPage: true });
    expect(admin.messages.filter((m) => m.startsWith('pageerror') || m.startsWith('error'))).toEqual([]);
  }, 120_000);

  it('imports a profile, deploys it to the fleet, then puts it in the blueprint and takes it out again', async () => {
    const identifier = 'com.example.frontdesk.wifi';
    const mobileconfig = join(folder, 'frontdesk-wifi.mobileconfig');
    await writeFile(
      mobileconfig,
      `<?xml version="1.0" encoding="UTF-8"?>
<plist version="1.0"><dict>
<key>PayloadType</key><string>Configuration</string><key>PayloadVersion</key><integer>1</integer>
<key>PayloadIdentifier</key><string>${identifier}</string><key>PayloadUUID</key><string>6C1F3F0E-8C43-4E55-9E0B-4D9B1C2A7E01</string>
<key>PayloadDisplayName</key><string>Front desk Wi-Fi</string>
<key>PayloadContent</key><array><dict>
<key>PayloadType</key><string>com.apple.wifi.managed</string><key>PayloadVersion</key><integer>1</integer>
<key>PayloadIdentifier</key><string>${identifier}.wifi</string><key>PayloadUUID</key><string>0B8E2D41-6A7C-4F3B-8E21-5C9D0A1B2C3D</string>
<key>SSID_STR</key><string>FrontDesk</string><key>EncryptionType</key><string>WPA2</string><key>Password</key><string>front desk pass</string>
</dict></array></dict></plist>`,
    );
    await navigateTo(page, 'Profiles');
    await page.getByLabel('Import a .mobileconfig').setInputFiles(mobileconfig);
    await page.locator('table.profile-table tr', { hasText: 'Front desk Wi-Fi' }).getByText(identifier).waitFor();

    // Deployed to the fleet: the iPhone installs it, the PCs are not applicable; the bar fills.
    await navigateTo(page, 'Deployments');
    await page.getByRole('button', { name: 'New deployment…' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('What').selectOption('profile');
    await dialog.getByLabel('Profile', { exact: true }).selectOption({ label: 'Front desk Wi-Fi (version 1)' });
    await dialog.getByLabel('To').selectOption({ label: 'Front desk' });
    await dialog.getByRole('button', { name: 'Start deployment' }).click();
    await page.getByRole('heading', { name: /Install profile "Front desk Wi-Fi"/, level: 1 }).waitFor();
    await page.locator('[role="progressbar"][aria-valuenow="100"]').waitFor({ timeout: 20_000 });
    await page.locator('table.deployment-device-table tr', { hasText: iphone.name }).getByText('Acknowledged').waitFor();
    expect(await page.locator('table.deployment-device-table').getByText('Not applicable', { exact: true }).count()).toBe(2);
    expect(iphone.state.profiles.has(identifier)).toBe(true);
    // The library knows the iPhone has version 1.
    await navigateTo(page, 'Profiles');
    const libraryRow = page.locator('table.profile-table tr', { hasText: 'Front desk Wi-Fi' });
    await libraryRow.getByText('1 on v1').waitFor();
    // A new version makes the iPhone out of date; the update, confirmed with its count, brings it current.
    const profileId = (await libraryRow.getAttribute('data-profile-id'))!;
    const current = (await adminApi(server).get(`/api/profiles/${profileId}`)).body;
    expect((await adminApi(server).patch(`/api/profiles/${profileId}`, { description: 'Now with a description' })).status).toBe(200);
    await libraryRow.getByText('1 out of date').waitFor();
    await libraryRow.getByRole('button', { name: 'Update 1 device' }).click();
    await page.getByRole('dialog').getByRole('button', { name: `Send version ${current.version + 1}` }).click();
    await page.locator('[role="progressbar"][aria-valuenow="100"]').waitFor({ timeout: 20_000 });
    await navigateTo(page, 'Profiles');
    await libraryRow.getByText(`1 on v${current.version + 1}`).waitFor();
    // The iPhone's own page, once it has listed its profiles, says the same of this profile.
    await navigateTo(page, 'Devices');
    await page.locator('table.device-table').getByRole('link', { name: iphone.name }).click();
    await page.getByRole('button', { name: 'Refresh inventory' }).click();
    const listed = page.locator('#profiles-title ~ .table-wrap tr', { hasText: identifier });
    await listed.getByTestId('library-version').getByText(`Version ${current.version + 1}, current`).waitFor({ timeout: 20_000 });
    expect(await listed.getByRole('cell', { name: 'Lanyard', exact: true }).count()).toBe(1);

    // In the blueprint: every device of the fleet is brought in line; taking it out asks with the count, then removes it.
    await navigateTo(page, 'Fleets');
    await page.locator('table.fleet-table').getByRole('link', { name: 'Front desk', exact: true }).click();
    await page.getByRole('heading', { name: 'Front desk', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Add to blueprint…' }).click();
    await page.getByRole('dialog').getByLabel('What').selectOption('profile');
    await page.getByRole('dialog').getByLabel('Profile', { exact: true }).selectOption(profileId);
    await page.getByRole('dialog').getByRole('button', { name: 'Add' }).click();
    const item = page.locator('.blueprint-items li', { hasText: 'Front desk Wi-Fi' });
    await item.locator('[data-status="done"]', { hasText: '1 installed' }).waitFor({ timeout: 20_000 });
    await item.locator('[data-status="not_applicable"]', { hasText: '2 not applicable' }).waitFor();
    await item.getByRole('button', { name: 'Take out…' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Take out and remove from 1 device' }).click();
    await page.getByText('The blueprint is empty.').waitFor();
    await waitUntil(async () => !iphone.state.profiles.has(identifier), 'the iPhone no longer has the profile', 20_000);
    expect(admin.messages.filter((m) => m.startsWith('pageerror') || m.startsWith('error'))).toEqual([]);
  }, 90_000);

  it('builds a Wi-Fi profile from its form, refuses an open network with a password, saves, exports it signed and deploys it', async () => {
    await navigateTo(page, 'Profiles');
    await page.getByRole('link', { name: 'New profile…' }).click();
    await page.getByRole('heading', { name: 'New profile', level: 1 }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill('Guest Wi-Fi');
    await page.getByLabel('Identifier').fill('com.example.guest');
    await page.getByLabel('Payload', { exact: true }).selectOption({ label: 'Wi-Fi' });
    await page.getByRole('button', { name: 'Add payload' }).click();
    const wifi = page.locator('section[data-payload-type="com.apple.wifi.managed"]');
    await wifi.locator('[data-key="SSID_STR"] input').fill('Guest');
    await wifi.locator('[data-key="EncryptionType"] select').selectOption('None');
    await wifi.locator('[data-key="Password"] input').fill('not for an open network');
    // The same rule the core applies, as you type.
    await wifi.locator('[data-key="Password"] .field-error', { hasText: 'an open network (EncryptionType None) takes no password' }).waitFor();
    await page.getByText('Shown once every setting is valid.').waitFor();
    await wifi.locator('[data-key="EncryptionType"] select').selectOption('WPA2');
    expect(await wifi.locator('.field-error').count()).toBe(0);
    // An enterprise network's EAP settings are a form of their own, from the schema's subkeys.
    await wifi.getByRole('button', { name: 'Add EAP Client Configuration' }).click();
    await wifi.locator('[data-key="EAPClientConfiguration"] [data-key="UserName"] input').fill('guest-user');
    await wifi.locator('[data-key="EAPClientConfiguration"] [data-key="AcceptEAPTypes"] textarea').fill('25');
    const preview = page.getByLabel('Profile plist');
    await preview.getByText('<string>Guest</string>', { exact: false }).waitFor();
    expect(await preview.innerText()).toContain('<key>EncryptionType</key>');
    await preview.getByText('<string>guest-user</string>', { exact: false }).waitFor();
    expect((await preview.innerText()).replace(/\s+/g, '')).toContain('<key>AcceptEAPTypes</key><array><integer>25</integer></array>');
    await wifi.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(screenshots, 'profile-builder.png') });
    await page.getByRole('button', { name: 'Save profile' }).click();
    const row = page.locator('table.profile-table tr', { hasText: 'Guest Wi-Fi' });
    await row.getByText('com.example.guest').waitFor();

    // Exported: a CMS file openssl verifies against the office CA.
    const downloading = page.waitForEvent('download');
    await row.getByRole('button', { name: 'Export' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe('com.example.guest-v1.mobileconfig');
    const saved = join(folder, 'guest.mobileconfig');
    await download.saveAs(saved);
    const caFile = join(folder, 'office-ca.pem');
    await writeFile(caFile, (await adminApi(server).get('/api/pki')).body.ca.certificatePem);
    const verified = spawnSync('openssl', ['cms', '-verify', '-inform', 'DER', '-in', saved, '-CAfile', caFile, '-purpose', 'any'], { encoding: 'utf8' });
    expect(verified.status, verified.stderr).toBe(0);
    expect(verified.stdout).toContain('<string>Guest</string>');

    await navigateTo(page, 'Deployments');
    await page.getByRole('button', { name: 'New deployment…' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('What').selectOption('profile');
    await dialog.getByLabel('Profile', { exact: true }).selectOption({ label: 'Guest Wi-Fi (version 1)' });
    await dialog.getByLabel('To').selectOption({ label: 'Front desk' });
    await dialog.getByRole('button', { name: 'Start deployment' }).click();
    await page.getByRole('heading', { name: /Install profile "Guest Wi-Fi"/, level: 1 }).waitFor();
    await page.locator('[role="progressbar"][aria-valuenow="100"]').waitFor({ timeout: 20_000 });
    await waitUntil(async () => iphone.state.profiles.has('com.example.guest'), 'the iPhone has the Guest Wi-Fi', 20_000);

    // A Web Clip with its icon picked as a file: the icon's bytes are in the signed profile.
    const icon = join(folder, 'booking.png');
    await writeFile(icon, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]));
    await navigateTo(page, 'Profiles');
    await page.getByRole('link', { name: 'New profile…' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Booking');
    await page.getByLabel('Identifier').fill('com.example.booking');
    await page.getByLabel('Payload', { exact: true }).selectOption({ label: 'Web Clip' });
    await page.getByRole('button', { name: 'Add payload' }).click();
    const clip = page.locator('section[data-payload-type="com.apple.webClip.managed"]');
    await clip.locator('[data-key="Label"] input').fill('Booking');
    await clip.locator('[data-key="URL"] input').fill('https://booking.example.test/');
    await clip.locator('[data-key="Icon"] input[type="file"]').setInputFiles(icon);
    await clip.locator('[data-key="Icon"]').getByText('12 bytes').waitFor();
    await page.getByLabel('Profile plist').getByText('<key>Icon</key>', { exact: false }).waitFor();
    await page.getByRole('button', { name: 'Save profile' }).click();
    const clipRow = page.locator('table.profile-table tr', { hasText: 'com.example.booking' });
    await clipRow.waitFor();
    const clipDownload = page.waitForEvent('download');
    await clipRow.getByRole('button', { name: 'Export' }).click();
    const clipFile = join(folder, 'booking.mobileconfig');
    await (await clipDownload).saveAs(clipFile);
    const clipContent = spawnSync('openssl', ['cms', '-verify', '-inform', 'DER', '-in', clipFile, '-CAfile', caFile, '-purpose', 'any'], { encoding: 'utf8' });
    expect(clipContent.status, clipContent.stderr).toBe(0);
    expect(clipContent.stdout.replace(/\s+/g, '')).toContain('<key>Icon</key><data>iVBORw0KGgoBAgME</data>');

    // An enterprise network trusts a root certificate of the same profile, picked by its name rather than typed as a UUID.
    const rootCa = join(folder, 'radius-ca.cer');
    await writeFile(rootCa, Buffer.from([0x30, 0x82, 0x00, 0x04, 1, 2, 3, 4]));
    await navigateTo(page, 'Profiles');
    await page.getByRole('link', { name: 'New profile…' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Secure Wi-Fi');
    await page.getByLabel('Identifier').fill('com.example.secure');
    for (const label of ['Wi-Fi', 'Certificate (Root)']) {
      await page.getByLabel('Payload', { exact: true }).selectOption({ label });
      await page.getByRole('button', { name: 'Add payload' }).click();
    }
    const secure = page.locator('section[data-payload-type="com.apple.wifi.managed"]');
    await secure.locator('[data-key="SSID_STR"] input').fill('Secure');
    await secure.locator('[data-key="EncryptionType"] select').selectOption('WPA2');
    const root = page.locator('section[data-payload-type="com.apple.security.root"]');
    await root.locator('[data-key="PayloadCertificateFileName"] input').fill('radius-ca.cer');
    await root.locator('[data-key="PayloadContent"] input[type="file"]').setInputFiles(rootCa);
    await secure.getByRole('button', { name: 'Add EAP Client Configuration' }).click();
    await secure.locator('[data-key="PayloadCertificateAnchorUUID"]').getByLabel('radius-ca.cer (payload 2, Certificate (Root))').check();
    await page.getByLabel('Profile plist').getByText('<key>PayloadCertificateAnchorUUID</key>', { exact: false }).waitFor();
    await page.getByRole('button', { name: 'Save profile' }).click();
    await page.locator('table.profile-table tr', { hasText: 'com.example.secure' }).waitFor();
    const secureProfile = ((await adminApi(server).get('/api/profiles')).body.items as { identifier: string; payloads: Record<string, unknown>[] }[]).find((p) => p.identifier === 'com.example.secure')!;
    const [network, certificate] = secureProfile.payloads;
    expect((network!.EAPClientConfiguration as { PayloadCertificateAnchorUUID: string[] }).PayloadCertificateAnchorUUID).toEqual([certificate!.PayloadUUID]);

    // An invitation made in the browser names the fleet its devices join.
    await navigateTo(page, 'Invitations');
    await page.getByLabel('Label').fill('Front desk tablet');
    await page.getByLabel('Devices join the fleet').selectOption({ label: 'Front desk' });
    await page.getByRole('button', { name: /Create invitation/ }).click();
    await page.getByLabel('Agent command').waitFor();
    const invitations = (await adminApi(server).get('/api/invitations')).body as { label: string; fleetId: string | null }[];
    expect(invitations.find((i) => i.label === 'Front desk tablet')?.fleetId).toBe(fleetId);
    expect(admin.messages.filter((m) => m.startsWith('pageerror') || m.startsWith('error'))).toEqual([]);
  }, 90_000);
});

