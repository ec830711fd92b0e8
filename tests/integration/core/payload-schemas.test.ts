import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse, type PlistValue } from 'plist';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { payloadDescriptions, payloadGroups, payloadSchemaSource, type KeyDescription } from '../../../contract/payload-descriptions';
import { newPayload, sampleValue } from '../../../contract/payload-samples';
import { isCertificateReferenceKey } from '../../../contract/payload-validation';
import { tempDir } from '../../support/core-fixtures';
import { bodyOf, startTestCore, testToken } from '../../support/test-core';

function run(command: string, args: string[]): Buffer {
  const result = spawnSync(command, args, { maxBuffer: 16 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')}: ${result.stderr.toString()}`);
  return result.stdout;
}

/** The plist type a key's value must have, as plistutil's XML spells it. */
function plistTypeOk(value: PlistValue, type: KeyDescription['type']): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'integer':
    case 'real':
      return typeof value === 'number';
    case 'boolean':
      return typeof value === 'boolean';
    case 'array':
      return Array.isArray(value);
    case 'dictionary':
      return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array) && !(value instanceof Date);
    case 'data':
      return value instanceof Uint8Array || Buffer.isBuffer(value);
    case 'date':
      return value instanceof Date;
    case 'any':
      return true;
  }
}

/** Points every key of a payload that names a certificate (at any depth) at one UUID; whether there was any. */
function pointCertificateReferences(value: Record<string, unknown>, uuid: string): boolean {
  let any = false;
  for (const [key, inner] of Object.entries(value)) {
    if (isCertificateReferenceKey(key) && (typeof inner === 'string' || Array.isArray(inner))) {
      value[key] = typeof inner === 'string' ? uuid : [uuid];
      any = true;
    } else if (typeof inner === 'object' && inner !== null && !Array.isArray(inner)) any = pointCertificateReferences(inner as Record<string, unknown>, uuid) || any;
  }
  return any;
}

/**
 * Every payload type the builder offers, from Apple's schema: a payload
 * made from its description (every key set to a value it allows) is
 * accepted, signed, verified by openssl against the office CA, read back by
 * plistutil, and every key comes back with the type the schema states.
 */
describe('payload types from Apple\'s schema', () => {
  let core: Awaited<ReturnType<typeof startTestCore>>;
  let folder: Awaited<ReturnType<typeof tempDir>>;
  let caFile: string;
  const api = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${core.url}${path}`, { method, headers: { authorization: `Bearer ${testToken}`, 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    return { status: response.status, body: method === 'GET' && path.endsWith('mobileconfig') ? Buffer.from(await response.arrayBuffer()) : await bodyOf(response) };
  };

  beforeAll(async () => {
    core = await startTestCore();
    folder = await tempDir();
    caFile = join(folder.path, 'ca.pem');
    await writeFile(caFile, core.core.enrollment.pki.caCertificatePem());
  });
  afterAll(async () => {
    await core?.stop();
    await folder?.remove();
  });

  it('names the schema commit it was generated from and covers the builder\'s groups', () => {
    expect(payloadSchemaSource).toMatchObject({ repository: 'apple/device-management', commit: expect.stringMatching(/^[0-9a-f]{40}$/) });
    expect(payloadGroups.map((g) => g.name)).toEqual(expect.arrayContaining(['Wi-Fi', 'Passcode', 'Restrictions', 'VPN', 'Mail', 'Exchange ActiveSync', 'Calendar', 'Contacts', 'Web Clips', 'Certificates', 'Lock Screen Message', 'AirPrint', 'Single App Mode', 'DNS Settings', 'Firewall', 'FileVault']));
    // Restrictions carry Apple's supervised-only flags.
    expect(payloadDescriptions['com.apple.applicationaccess']!.keys.filter((k) => k.supervisedOnly).length).toBeGreaterThan(50);
  });

  for (const payloadType of Object.keys(payloadDescriptions)) {
    it(`builds, signs and reads back ${payloadType} with every key the schema describes`, async () => {
      const description = payloadDescriptions[payloadType]!;
      const payload: Record<string, unknown> = { ...newPayload(payloadType) };
      for (const key of description.keys) if (payload[key.key] === undefined) payload[key.key] = sampleValue(key);
      // The cross-key rules want a coherent payload: a named network with a password and no proxy.
      if (payloadType === 'com.apple.wifi.managed') Object.assign(payload, { SSID_STR: 'Office', EncryptionType: 'WPA2', Password: 'secret', ProxyType: 'None' });
      // Certificates it names are certificate payloads of the same profile.
      const certificate = { PayloadType: 'com.apple.security.root', PayloadUUID: randomUUID().toUpperCase(), PayloadContent: { $data: 'MIIB' } };
      const named = pointCertificateReferences(payload, certificate.PayloadUUID);
      const identifier = `com.example.schema.${payloadType.replace(/[^A-Za-z0-9]/g, '')}.${randomUUID().slice(0, 8)}`;
      const created = await api('POST', '/api/profiles', { name: description.title, identifier, payloads: named ? [payload, certificate] : [payload] });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const signed = (await api('GET', `/api/profiles/${created.body.id}/mobileconfig`)).body as Buffer;
      const signedFile = join(folder.path, `${identifier}.mobileconfig`);
      await writeFile(signedFile, signed);
      const content = run('openssl', ['cms', '-verify', '-inform', 'DER', '-in', signedFile, '-CAfile', caFile, '-purpose', 'any']);
      await writeFile(`${signedFile}.plist`, content);
      const profile = parse(run('plistutil', ['-i', `${signedFile}.plist`, '-f', 'xml']).toString('utf8')) as { PayloadContent: Record<string, PlistValue>[] };
      const written = profile.PayloadContent[0]!;
      expect(written.PayloadType).toBe(payloadType);
      for (const key of description.keys) {
        expect(written[key.key], `${payloadType} ${key.key}`).toBeDefined();
        expect(plistTypeOk(written[key.key]!, key.type), `${payloadType} ${key.key} should be ${key.type}`).toBe(true);
        if (key.values) expect(key.values, `${payloadType} ${key.key}`).toContain(written[key.key]);
      }
    });
  }

  it('links an enterprise Wi-Fi network to its identity and trusted anchor in the same profile, and refuses a certificate the profile lacks', async () => {
    const identity = { PayloadType: 'com.apple.security.pkcs12', PayloadUUID: randomUUID().toUpperCase(), PayloadCertificateFileName: 'laptop.p12', Password: 'p12 secret', PayloadContent: { $data: 'MIIC' } };
    const anchor = { PayloadType: 'com.apple.security.root', PayloadUUID: randomUUID().toUpperCase(), PayloadCertificateFileName: 'radius-ca.cer', PayloadContent: { $data: 'MIIB' } };
    const wifi = {
      PayloadType: 'com.apple.wifi.managed',
      SSID_STR: 'Office Secure',
      EncryptionType: 'WPA2',
      PayloadCertificateUUID: identity.PayloadUUID,
      EAPClientConfiguration: { AcceptEAPTypes: [13], PayloadCertificateAnchorUUID: [anchor.PayloadUUID.toLowerCase()], TLSTrustedServerNames: ['radius.example.test'] },
    };
    const created = await api('POST', '/api/profiles', { name: 'Office Secure', identifier: `com.example.secure.${randomUUID().slice(0, 8)}`, payloads: [wifi, identity, anchor] });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const signedFile = join(folder.path, `${created.body.id}.mobileconfig`);
    await writeFile(signedFile, (await api('GET', `/api/profiles/${created.body.id}/mobileconfig`)).body as Buffer);
    await writeFile(`${signedFile}.plist`, run('openssl', ['cms', '-verify', '-inform', 'DER', '-in', signedFile, '-CAfile', caFile, '-purpose', 'any']));
    const profile = parse(run('plistutil', ['-i', `${signedFile}.plist`, '-f', 'xml']).toString('utf8')) as { PayloadContent: Record<string, PlistValue>[] };
    const [network, p12, root] = profile.PayloadContent;
    expect(network!.PayloadCertificateUUID).toBe(p12!.PayloadUUID);
    expect((network!.EAPClientConfiguration as Record<string, PlistValue>).PayloadCertificateAnchorUUID).toEqual([String(root!.PayloadUUID).toLowerCase()]);

    // A reference to a certificate that is not in the profile is refused, naming the key; so is one in a profile without certificates.
    const elsewhere = randomUUID().toUpperCase();
    const cases: [Record<string, unknown>[], string, RegExp][] = [
      [[{ ...wifi, PayloadCertificateUUID: elsewhere }, identity, anchor], 'payloads.0.PayloadCertificateUUID', /names no certificate payload of this profile/],
      [[{ ...wifi, EAPClientConfiguration: { ...wifi.EAPClientConfiguration, PayloadCertificateAnchorUUID: [anchor.PayloadUUID, elsewhere] } }, identity, anchor], 'payloads.0.EAPClientConfiguration.PayloadCertificateAnchorUUID.1', /names no certificate payload/],
      [[{ PayloadType: 'com.apple.vpn.managed', VPNType: 'IKEv2', UserDefinedName: 'Office VPN', IKEv2: { RemoteAddress: 'vpn.example.test', RemoteIdentifier: 'vpn.example.test', LocalIdentifier: 'laptop', AuthenticationMethod: 'Certificate', PayloadCertificateUUID: elsewhere } }], 'payloads.0.IKEv2.PayloadCertificateUUID', /has no certificate payload/],
    ];
    for (const [payloads, field, message] of cases) {
      const refused = await api('POST', '/api/profiles', { name: 'Bad link', identifier: `com.example.badlink.${randomUUID().slice(0, 8)}`, payloads });
      expect(refused.status, JSON.stringify(refused.body)).toBe(400);
      expect(refused.body.field).toBe(field);
      expect(refused.body.message).toMatch(message);
    }
    // A new version that sends the certificate without its PayloadUUID keeps the one it had, so the link still holds.
    const { PayloadUUID: _kept, ...identityWithoutUuid } = identity;
    const changed = await api('PATCH', `/api/profiles/${created.body.id}`, { payloads: [{ ...wifi, SSID_STR: 'Office Secure 2' }, { ...identityWithoutUuid, Password: { $secret: 'kept' } }, anchor] });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect(changed.body.payloads[1].PayloadUUID).toBe(identity.PayloadUUID);
  });

  it('refuses a payload the schema forbids, naming the key', async () => {
    const wifi = { PayloadType: 'com.apple.wifi.managed', SSID_STR: 'Office', EncryptionType: 'WPA2' };
    const passcode = { PayloadType: 'com.apple.mobiledevice.passwordpolicy' };
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ ...wifi, AutoJoin: 'yes' }, 'payloads.0.AutoJoin', /true or false/],
      [{ ...wifi, EncryptionType: 'WPA9' }, 'payloads.0.EncryptionType', /one of "WEP", "WPA"/],
      [{ ...wifi, EncryptionType: 'None', Password: 'x' }, 'payloads.0.Password', /open network/],
      [{ ...wifi, SSID_STR: undefined }, 'payloads.0.SSID_STR', /network name/],
      [{ ...passcode, maxFailedAttempts: 20 }, 'payloads.0.maxFailedAttempts', /at most 11/],
      [{ ...passcode, minLength: 2.5 }, 'payloads.0.minLength', /whole number/],
      [{ PayloadType: 'com.apple.webClip.managed', Label: 'Booking' }, 'payloads.0.URL', /required/],
    ];
    for (const [payload, field, message] of cases) {
      const refused = await api('POST', '/api/profiles', { name: 'Bad', identifier: `com.example.bad.${randomUUID().slice(0, 8)}`, payloads: [JSON.parse(JSON.stringify(payload))] });
      expect(refused.status, JSON.stringify(payload)).toBe(400);
      expect(refused.body.field).toBe(field);
      expect(refused.body.message).toMatch(message);
    }
    // A payload type without a description is stored as given.
    const custom = await api('POST', '/api/profiles', { name: 'Custom', identifier: 'com.example.custom', payloads: [{ PayloadType: 'com.example.vendor', Anything: { goes: [1, 'two'] } }] });
    expect(custom.status).toBe(201);
  });
});
