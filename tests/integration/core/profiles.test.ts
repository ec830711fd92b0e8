import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { build, parse, type PlistValue } from 'plist';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../support/core-fixtures';
import { startMdmEnv, type MdmEnv } from '../../support/mdm-fixture';
import { bodyOf, freePort } from '../../support/test-core';

/** Runs an independent tool; its stdout as bytes. */
function run(command: string, args: string[], input?: Buffer): Buffer {
  const result = spawnSync(command, args, { input, maxBuffer: 16 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')}: ${result.stderr.toString()}`);
  return result.stdout;
}

const wifi = { PayloadType: 'com.apple.wifi.managed', SSID_STR: 'Office', EncryptionType: 'WPA2', Password: 'correct horse', AutoJoin: true };

/** A profile as another tool would write it: data and date values, top-level keys Lanyard does not edit, a payload type it has no editor for. */
const foreignProfile = (identifier: string): Record<string, PlistValue> => ({
  PayloadType: 'Configuration',
  PayloadVersion: 1,
  PayloadIdentifier: identifier,
  PayloadUUID: randomUUID().toUpperCase(),
  PayloadDisplayName: 'Front desk (from Configurator)',
  PayloadOrganization: 'Example Office',
  ConsentText: { default: 'Installed by the office.' },
  RemovalDate: new Date('2030-01-01T00:00:00Z'),
  PayloadContent: [
    { PayloadType: 'com.apple.webClip.managed', PayloadUUID: randomUUID().toUpperCase(), PayloadIdentifier: `${identifier}.webclip`, PayloadVersion: 1, Label: 'Booking', URL: 'https://booking.example.test', Icon: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3]), IsRemovable: false, Precomposed: true },
    { PayloadType: 'com.example.unknown', PayloadUUID: randomUUID().toUpperCase(), PayloadIdentifier: `${identifier}.custom`, PayloadVersion: 3, Nested: { Ratio: 0.75, Levels: [1, 2, 3], Since: new Date('2024-05-06T07:08:09Z') } },
  ],
});

describe('the profile library', () => {
  let env: MdmEnv;
  let folder: Awaited<ReturnType<typeof tempDir>>;
  let caFile: string;
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const raw = body instanceof Uint8Array;
    const response = await env.api(path, { method, ...(body === undefined ? {} : { body: raw ? body : JSON.stringify(body) }), headers: raw ? { 'content-type': 'application/octet-stream', ...headers } : headers });
    return { status: response.status, body: await bodyOf(response) };
  };
  const download = async (path: string) => {
    const response = await env.api(path, { method: 'GET' });
    return { status: response.status, type: response.headers.get('content-type'), bytes: Buffer.from(await response.arrayBuffer()) };
  };
  /** openssl checks the signature against the office CA and prints the content; plistutil (another parser) turns it to XML. */
  const verifiedProfile = async (signed: Buffer): Promise<Record<string, PlistValue>> => {
    const signedFile = join(folder.path, `${randomUUID()}.mobileconfig`);
    await writeFile(signedFile, signed);
    const content = run('openssl', ['cms', '-verify', '-inform', 'DER', '-in', signedFile, '-CAfile', caFile, '-purpose', 'any']);
    const plainFile = `${signedFile}.plist`;
    await writeFile(plainFile, content);
    return parse(run('plistutil', ['-i', plainFile, '-f', 'xml']).toString('utf8')) as Record<string, PlistValue>;
  };

  beforeAll(async () => {
    env = await startMdmEnv({ mqtt: { port: await freePort() } });
    folder = await tempDir();
    caFile = join(folder.path, 'office-ca.pem');
    await writeFile(caFile, env.caPem);
  });
  afterAll(async () => {
    await env?.stop();
    await folder?.remove();
  });

  it('builds a profile from JSON in Apple key names, signs every version, and keeps payload ids stable', async () => {
    const created = await call('POST', '/api/profiles', { name: 'Office Wi-Fi', identifier: 'com.example.wifi', payloads: [wifi] });
    expect(created.status).toBe(201);
    const profile = created.body;
    expect(profile).toMatchObject({ name: 'Office Wi-Fi', identifier: 'com.example.wifi', scope: 'System', version: 1, source: 'built', removalDisallowed: false });
    const payload = profile.payloads[0];
    expect(payload).toMatchObject({ ...wifi, Password: { $secret: 'kept' }, PayloadIdentifier: 'com.example.wifi.managed.1', PayloadVersion: 1 });
    expect(payload.PayloadUUID).toMatch(/^[0-9A-F-]{36}$/);

    const file = await download(`/api/profiles/${profile.id}/mobileconfig`);
    expect(file.type).toBe('application/x-apple-aspen-config');
    const first = await verifiedProfile(file.bytes);
    expect(first).toMatchObject({ PayloadType: 'Configuration', PayloadIdentifier: 'com.example.wifi', PayloadDisplayName: 'Office Wi-Fi', PayloadScope: 'System', PayloadRemovalDisallowed: false });
    expect((first.PayloadContent as Record<string, PlistValue>[])[0]).toMatchObject({ ...wifi, PayloadUUID: payload.PayloadUUID });

    const changed = await call('PATCH', `/api/profiles/${profile.id}`, { payloads: [{ ...wifi, SSID_STR: 'Office 5G' }] });
    expect(changed.body).toMatchObject({ version: 2, payloads: [{ SSID_STR: 'Office 5G', PayloadUUID: payload.PayloadUUID, PayloadIdentifier: payload.PayloadIdentifier }] });
    expect(changed.body.versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    const again = await call('PATCH', `/api/profiles/${profile.id}`, { payloads: [{ ...wifi, SSID_STR: 'Office 5G' }] });
    expect(again.body.version).toBe(2);
    // Each version stays exactly as it was signed.
    expect((await download(`/api/profiles/${profile.id}/mobileconfig?version=1`)).bytes.equals(file.bytes)).toBe(true);
    const second = await verifiedProfile((await download(`/api/profiles/${profile.id}/mobileconfig`)).bytes);
    expect((second.PayloadContent as Record<string, PlistValue>[])[0]!.SSID_STR).toBe('Office 5G');
    // The same profile to a device (same identifier and payload UUIDs), but a version of its own, named by its own top-level PayloadUUID.
    expect(second.PayloadIdentifier).toBe(first.PayloadIdentifier);
    expect(second.PayloadUUID).toMatch(/^[0-9A-F-]{36}$/);
    expect(second.PayloadUUID).not.toBe(first.PayloadUUID);
    expect((await call('GET', `/api/profiles/${profile.id}/mobileconfig?version=7`)).status).toBe(404);
  });

  it('keeps payload secrets sealed: never shown again, not in the data folder in clear, kept across versions unless replaced', async () => {
    const created = await call('POST', '/api/profiles', { name: 'Sealed Wi-Fi', identifier: 'com.example.sealed', payloads: [{ ...wifi, Password: 'hunter2-sealed-secret' }] });
    expect(created.status).toBe(201);
    expect(created.body.payloads[0].Password).toEqual({ $secret: 'kept' });
    expect(JSON.stringify((await call('GET', `/api/profiles/${created.body.id}`)).body)).not.toContain('hunter2');
    // The device's file has it, as it must.
    const first = await verifiedProfile((await download(`/api/profiles/${created.body.id}/mobileconfig`)).bytes);
    expect((first.PayloadContent as Record<string, PlistValue>[])[0]!.Password).toBe('hunter2-sealed-secret');
    // Nothing in the data folder holds it in clear.
    const grep = spawnSync('grep', ['-rl', 'hunter2-sealed-secret', env.core.options.dataDir], { encoding: 'utf8' });
    expect(grep.status, grep.stderr).toBe(1); // 1: searched, no match (2 would be an error)
    expect(spawnSync('grep', ['-rl', 'com.example.sealed', env.core.options.dataDir], { encoding: 'utf8' }).status).toBe(0);
    // Sent back as shown, the secret is kept; a new one replaces it.
    const kept = await call('PATCH', `/api/profiles/${created.body.id}`, { payloads: [{ ...created.body.payloads[0], SSID_STR: 'Sealed 2' }] });
    expect(kept.body.version).toBe(2);
    expect((((await verifiedProfile((await download(`/api/profiles/${created.body.id}/mobileconfig`)).bytes)).PayloadContent as Record<string, PlistValue>[])[0]!).Password).toBe('hunter2-sealed-secret');
    await call('PATCH', `/api/profiles/${created.body.id}`, { payloads: [{ ...kept.body.payloads[0], Password: 'a-new-one' }] });
    expect((((await verifiedProfile((await download(`/api/profiles/${created.body.id}/mobileconfig`)).bytes)).PayloadContent as Record<string, PlistValue>[])[0]!).Password).toBe('a-new-one');
    // A kept marker where nothing is stored is refused, naming the key.
    const nothing = await call('POST', '/api/profiles', { name: 'No secret', identifier: 'com.example.nosecret', payloads: [{ ...wifi, Password: { $secret: 'kept' } }] });
    expect(nothing.status).toBe(400);
    expect(nothing.body.field).toBe('payloads.0.Password');
  });

  it('imports XML, binary and signed .mobileconfig files from other tools and exports them with no key lost', async () => {
    const original = foreignProfile('com.example.frontdesk');
    const xml = Buffer.from(build(original as PlistValue), 'utf8');
    const xmlFile = join(folder.path, 'frontdesk.mobileconfig');
    await writeFile(xmlFile, xml);
    // The binary one as plistutil writes it, under its own identifier so it can sit beside the XML one.
    const binarySource = join(folder.path, 'frontdesk-bin.plist');
    await writeFile(binarySource, build({ ...original, PayloadIdentifier: 'com.example.frontdesk.bin' } as PlistValue));
    const binary = run('plistutil', ['-i', binarySource, '-f', 'bin']);
    expect(binary.subarray(0, 8).toString('latin1')).toBe('bplist00');
    // Signed by someone else (a throwaway identity openssl makes), as Apple Configurator would sign it.
    const key = join(folder.path, 'other.key');
    const cert = join(folder.path, 'other.pem');
    run('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-subj', '/CN=Another Tool', '-days', '2']);
    const signedByOther = run('openssl', ['cms', '-sign', '-nodetach', '-binary', '-outform', 'DER', '-in', xmlFile, '-signer', cert, '-inkey', key]);

    const cases: [string, Buffer, string, string][] = [
      ['XML', xml, 'com.example.frontdesk', 'imported'],
      ['binary', binary, 'com.example.frontdesk.bin', 'imported'],
      ['signed', signedByOther, 'com.example.frontdesk', 'imported-signed'],
    ];
    for (const [kind, bytes, identifier, source] of cases) {
      if (kind === 'signed') {
        // Same identifier as the XML import: refused, then accepted once that one is gone.
        const taken = await call('POST', '/api/profiles/import', new Uint8Array(bytes));
        expect(taken.status, kind).toBe(409);
        expect(taken.body.field).toBe('identifier');
        const xmlId = (await call('GET', '/api/profiles')).body.items.find((p: { identifier: string }) => p.identifier === identifier).id;
        expect((await call('DELETE', `/api/profiles/${xmlId}`)).status).toBe(200);
      }
      const imported = await call('POST', '/api/profiles/import', new Uint8Array(bytes));
      expect(imported.status, `${kind}: ${JSON.stringify(imported.body)}`).toBe(201);
      expect(imported.body).toMatchObject({ identifier, source, name: 'Front desk (from Configurator)', payloads: [{ PayloadType: 'com.apple.webClip.managed', Icon: { $data: 'iVBORwABAgM=' } }, { PayloadType: 'com.example.unknown', Nested: { Since: { $date: '2024-05-06T07:08:09.000Z' } } }] });
      const exported = await verifiedProfile((await download(`/api/profiles/${imported.body.id}/mobileconfig`)).bytes);
      const expected = { ...original, PayloadIdentifier: identifier, PayloadScope: 'System', PayloadRemovalDisallowed: false };
      expect(exported, kind).toEqual(expected);
    }
  });

  it('refuses what is not a profile, with the field named, and stores nothing', async () => {
    const before = (await call('GET', '/api/profiles')).body.total;
    const refusals: [unknown, number, string | undefined, RegExp][] = [
      [new Uint8Array(Buffer.from('hello')), 400, 'content', /not a configuration profile/],
      [new Uint8Array(Buffer.from(build({ PayloadType: 'com.apple.wifi.managed' }))), 400, 'content', /PayloadType is "com.apple.wifi.managed"/],
      [new Uint8Array(Buffer.from(build({ PayloadType: 'Configuration', PayloadIdentifier: 'x.y', PayloadContent: [] }))), 400, 'content', /no payloads/],
      [new Uint8Array([0x30, 0x82, 0x01]), 400, 'content', /CMS envelope/],
    ];
    for (const [body, status, field, message] of refusals) {
      const refused = await call('POST', '/api/profiles/import', body);
      expect(refused.status).toBe(status);
      expect(refused.body.field).toBe(field);
      expect(refused.body.message).toMatch(message);
    }
    const bad: [Record<string, unknown>, string][] = [
      [{ name: 'x', identifier: 'not reverse dns', payloads: [wifi] }, 'identifier'],
      [{ name: '', identifier: 'com.example.empty', payloads: [wifi] }, 'name'],
      [{ name: 'x', identifier: 'com.example.none', payloads: [] }, 'payloads'],
      [{ name: 'x', identifier: 'com.example.notype', payloads: [{ SSID_STR: 'x' }] }, 'payloads.0.PayloadType'],
      [{ name: 'x', identifier: 'com.example.null', payloads: [{ ...wifi, Password: null }] }, 'payloads.0.Password'],
      [{ name: 'x', identifier: 'com.example.nullcustom', payloads: [{ PayloadType: 'com.example.custom', Value: null }] }, 'payloads'],
      [{ name: 'x', identifier: 'com.example.data', payloads: [{ ...wifi, Icon: { $data: 'not base64!' } }] }, 'payloads'],
    ];
    for (const [body, field] of bad) {
      const refused = await call('POST', '/api/profiles', body);
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(refused.body.field, JSON.stringify(refused.body)).toBe(field);
    }
    expect((await call('GET', '/api/profiles')).body.total).toBe(before);
  });

  it('installs a library profile on a fleet: Apple devices get it signed by the office, agents are not applicable', async () => {
    const fleet = (await call('POST', '/api/fleets', { name: 'Reception' })).body;
    const enrolled = await env.enrollDevice({ name: 'Reception iPad' }, { fleetId: fleet.id });
    await enrolled.device.connect();
    enrolled.device.wakeOnPush(env.apns);
    const profile = (await call('POST', '/api/profiles', { name: 'Reception Wi-Fi', identifier: 'com.example.reception', payloads: [wifi] })).body;
    const started = await call('POST', '/api/deployments', { item: { kind: 'profile', profileId: profile.id }, target: { fleetId: fleet.id } });
    expect(started.status).toBe(201);
    expect(started.body.summary).toBe('Install profile "Reception Wi-Fi" (com.example.reception) on the fleet "Reception" (1 device)');
    await expect.poll(async () => (await call('GET', `/api/deployments/${started.body.id}`)).body.counts.acknowledged, { timeout: 15_000 }).toBe(1);
    const installed = enrolled.device.state.profiles.get('com.example.reception');
    expect(installed).toMatchObject({ identifier: 'com.example.reception', managed: true });
    const onDevices = async () => (await call('GET', `/api/profiles/${profile.id}`)).body.devices;
    expect(await onDevices()).toEqual({ versions: [{ version: 1, devices: 1 }], outOfDate: 0, installing: 0, failed: 0 });

    // A new version: the iPad is out of date until the update reaches it.
    expect((await call('PATCH', `/api/profiles/${profile.id}`, { payloads: [{ ...wifi, SSID_STR: 'Reception 5G' }] })).body.version).toBe(2);
    expect((await onDevices()).outOfDate).toBe(1);
    const update = await call('POST', `/api/profiles/${profile.id}/update-devices`);
    expect(update.status).toBe(201);
    expect(update.body.total).toBe(1);
    await expect.poll(onDevices, { timeout: 15_000 }).toEqual({ versions: [{ version: 2, devices: 1 }], outOfDate: 0, installing: 0, failed: 0 });
    expect((await call('POST', `/api/profiles/${profile.id}/update-devices`)).status).toBe(409);

    // Removed on the device (here by a command), its own profile list says so, and the library forgets it.
    expect((await env.queue(enrolled.id, { requestType: 'RemoveProfile', identifier: 'com.example.reception' })).status).toBe(202);
    await expect.poll(() => enrolled.device.state.profiles.has('com.example.reception'), { timeout: 15_000 }).toBe(false);
    expect((await env.queue(enrolled.id, { requestType: 'ProfileList' })).status).toBe(202);
    await expect.poll(async () => (await onDevices()).versions, { timeout: 15_000 }).toEqual([]);

    // Installed again, then deleted from the library with its removal from the devices that have it.
    const again = await call('POST', '/api/deployments', { item: { kind: 'profile', profileId: profile.id }, target: { fleetId: fleet.id } });
    await expect.poll(async () => (await call('GET', `/api/deployments/${again.body.id}`)).body.counts.acknowledged, { timeout: 15_000 }).toBe(1);
    const deleted = await call('DELETE', `/api/profiles/${profile.id}?removeFromDevices=true`);
    expect(deleted.status).toBe(200);
    expect(deleted.body.removal).toMatchObject({ devices: 1 });
    await expect.poll(() => enrolled.device.state.profiles.has('com.example.reception'), { timeout: 15_000 }).toBe(false);
    expect((await call('GET', `/api/deployments/${deleted.body.removal.deploymentId}`)).body.summary).toMatch(/^RemoveProfile on 1 device/);
    expect((await call('GET', `/api/profiles/${profile.id}`)).status).toBe(404);
    await enrolled.device.stopWaking();
    const missing = await call('POST', '/api/deployments', { item: { kind: 'profile', profileId: 'nope' }, target: { all: true } });
    expect(missing.status).toBe(404);
    expect(missing.body.field).toBe('item.profileId');
  });

  it("reads which version a device has from the device's own ProfileList, however the profile got there", async () => {
    const enrolled = await env.enrollDevice({ name: 'Back office iPad' });
    enrolled.device.wakeOnPush(env.apns);
    await enrolled.device.connect();
    const profile = (await call('POST', '/api/profiles', { name: 'Back office Wi-Fi', identifier: 'com.example.backoffice', payloads: [wifi] })).body;
    const onDevices = async () => (await call('GET', `/api/profiles/${profile.id}`)).body.devices;
    const listProfiles = async () => {
      const queued = await call('POST', `/api/devices/${enrolled.id}/commands`, { requestType: 'ProfileList' });
      expect(queued.status).toBe(202);
      await expect.poll(async () => (await call('GET', `/api/devices/${enrolled.id}/commands`)).body.items.find((c: { commandUuid: string }) => c.commandUuid === queued.body.commandUuid)?.status, { timeout: 15_000 }).toBe('acknowledged');
    };
    expect(await onDevices()).toEqual({ versions: [], outOfDate: 0, installing: 0, failed: 0 });

    // Version 1 exported and installed by the user from a mail: Lanyard sent nothing, the device's list tells it.
    await enrolled.device.installProfileByHand((await download(`/api/profiles/${profile.id}/mobileconfig`)).bytes);
    await listProfiles();
    await expect.poll(onDevices, { timeout: 5_000 }).toEqual({ versions: [{ version: 1, devices: 1 }], outOfDate: 0, installing: 0, failed: 0 });

    // Version 2 and 3 in the library; the user installs version 2 by hand: the list says 2, out of date against 3.
    await call('PATCH', `/api/profiles/${profile.id}`, { payloads: [{ ...wifi, SSID_STR: 'Back office 2' }] });
    expect((await call('PATCH', `/api/profiles/${profile.id}`, { payloads: [{ ...wifi, SSID_STR: 'Back office 3' }] })).body.version).toBe(3);
    expect((await onDevices()).outOfDate).toBe(1);
    await enrolled.device.installProfileByHand((await download(`/api/profiles/${profile.id}/mobileconfig?version=2`)).bytes);
    await listProfiles();
    await expect.poll(onDevices, { timeout: 5_000 }).toEqual({ versions: [{ version: 2, devices: 1 }], outOfDate: 1, installing: 0, failed: 0 });
    // The device's page says the same, profile by profile.
    expect((await call('GET', `/api/devices/${enrolled.id}`)).body.libraryProfiles).toEqual([
      { profileId: profile.id, name: 'Back office Wi-Fi', identifier: 'com.example.backoffice', installedVersion: 2, libraryVersion: 3, pendingVersion: null, failure: null },
    ]);

    // The update brings it current, and the device's list agrees.
    expect((await call('POST', `/api/profiles/${profile.id}/update-devices`)).status).toBe(201);
    await expect.poll(onDevices, { timeout: 15_000 }).toEqual({ versions: [{ version: 3, devices: 1 }], outOfDate: 0, installing: 0, failed: 0 });
    expect(enrolled.device.state.profiles.get('com.example.backoffice')).toMatchObject({ managed: true });
    await listProfiles();
    await expect.poll(onDevices, { timeout: 5_000 }).toEqual({ versions: [{ version: 3, devices: 1 }], outOfDate: 0, installing: 0, failed: 0 });
    await enrolled.device.stopWaking();
  });

  it('flags a profile of supervised-only settings as not applicable to an unsupervised iPhone, before sending it', async () => {
    const fleet = (await call('POST', '/api/fleets', { name: 'Kiosks' })).body;
    const supervised = await env.enrollDevice({ name: 'Kiosk supervised', supervised: true }, { fleetId: fleet.id });
    const unsupervised = await env.enrollDevice({ name: 'Kiosk unsupervised', supervised: false }, { fleetId: fleet.id });
    for (const { device } of [supervised, unsupervised]) {
      await device.connect();
      device.wakeOnPush(env.apns);
    }
    // Wait for the devices' first inventory, which says whether they are supervised.
    await expect.poll(async () => (await call('GET', `/api/devices/${unsupervised.id}`)).body.supervised, { timeout: 15_000 }).toBe(false);
    const restrictions = (await call('POST', '/api/profiles', { name: 'Kiosk lock-down', identifier: 'com.example.kiosk', payloads: [{ PayloadType: 'com.apple.applicationaccess', allowAccountModification: false, allowAppRemoval: false }] })).body;
    const started = await call('POST', '/api/deployments', { item: { kind: 'profile', profileId: restrictions.id }, target: { fleetId: fleet.id } });
    await expect.poll(async () => (await call('GET', `/api/deployments/${started.body.id}`)).body.finishedAt, { timeout: 15_000 }).not.toBeNull();
    const rows = (await call('GET', `/api/deployments/${started.body.id}`)).body.devices.items as { deviceName: string; status: string; reason: string | null; commandUuid: string | null }[];
    expect(rows.find((r) => r.deviceName === 'Kiosk supervised')?.status).toBe('acknowledged');
    const flagged = rows.find((r) => r.deviceName === 'Kiosk unsupervised')!;
    expect(flagged).toMatchObject({ status: 'not_applicable', commandUuid: null });
    expect(flagged.reason).toMatch(/needs a supervised device: iOS applies allowAccountModification, allowAppRemoval only under supervision/);
    expect(unsupervised.device.state.profiles.has('com.example.kiosk')).toBe(false);
    expect(rows.find((r) => r.deviceName === 'Kiosk supervised')).toMatchObject({ note: null });

    // Mixed with settings that apply anywhere, it is sent, with a note of what the unsupervised iPhone ignores.
    const mixed = (await call('POST', '/api/profiles', { name: 'Kiosk mixed', identifier: 'com.example.kiosk.mixed', payloads: [{ PayloadType: 'com.apple.applicationaccess', allowAccountModification: false, allowCamera: false }] })).body;
    const sent = await call('POST', '/api/deployments', { item: { kind: 'profile', profileId: mixed.id }, target: { fleetId: fleet.id } });
    await expect.poll(async () => (await call('GET', `/api/deployments/${sent.body.id}`)).body.finishedAt, { timeout: 15_000 }).not.toBeNull();
    const mixedRows = (await call('GET', `/api/deployments/${sent.body.id}`)).body.devices.items as { deviceName: string; status: string; note: string | null }[];
    expect(mixedRows.find((r) => r.deviceName === 'Kiosk unsupervised')).toMatchObject({ status: 'acknowledged', note: 'this unsupervised device ignores allowAccountModification (supervised only)' });
    expect(mixedRows.find((r) => r.deviceName === 'Kiosk supervised')).toMatchObject({ status: 'acknowledged', note: null });
    for (const { device } of [supervised, unsupervised]) await device.stopWaking();
  });
});
