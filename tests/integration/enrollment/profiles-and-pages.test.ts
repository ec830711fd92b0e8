import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'plist';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../support/core-fixtures';
import { deviceRequest, iphoneAgent, macAgent, run } from '../../support/device-http';
import { startEnrollmentEnv, type EnrollmentEnv } from '../../support/enrollment-fixture';
import { bodyOf } from '../../support/test-core';

type Dict = Record<string, unknown>;

describe('enrollment profiles and the landing page', () => {
  let env: EnrollmentEnv;
  let scratch: Awaited<ReturnType<typeof tempDir>>;
  let caFile: string;
  beforeAll(async () => {
    env = await startEnrollmentEnv();
    scratch = await tempDir();
    caFile = join(scratch.path, 'ca.pem');
    await writeFile(caFile, env.caPem);
  });
  afterAll(async () => {
    await env.stop();
    await scratch.remove();
  });

  /** Verifies a signed profile with openssl against the office CA and returns the plist text. */
  async function opensslVerify(signed: Buffer, name: string): Promise<string> {
    const input = join(scratch.path, `${name}.mobileconfig`);
    const output = join(scratch.path, `${name}.plist`);
    await writeFile(input, signed);
    const { stderr } = await run('openssl', ['cms', '-verify', '-inform', 'DER', '-in', input, '-CAfile', caFile, '-out', output]);
    expect(stderr).toMatch(/Verification successful/);
    return readFile(output, 'utf8');
  }

  /** plistutil (libplist) reads the XML and writes it as a binary plist, which is parsed back. */
  async function throughPlistutil(xml: string, name: string): Promise<Dict> {
    const input = join(scratch.path, `${name}-in.plist`);
    const output = join(scratch.path, `${name}-out.bplist`);
    await writeFile(input, xml);
    await run('plistutil', ['-i', input, '-o', output, '-f', 'bin']);
    const binary = await readFile(output);
    expect(binary.subarray(0, 8).toString()).toBe('bplist00');
    return parse(binary) as Dict;
  }

  it('serves a signed enrollment profile that openssl verifies and plistutil and plist both read', async () => {
    const invitation = await env.invite({ label: 'Anna’s iPhone' });
    const response = await deviceRequest(invitation.profileUrl, { ca: env.caPem });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/x-apple-aspen-config');
    const xml = await opensslVerify(response.body, 'enroll');
    const fromPlistutil = await throughPlistutil(xml, 'enroll');
    const profile = parse(xml) as Dict;
    expect(fromPlistutil.PayloadOrganization).toBe('Café Ünïcode ✓ Office');
    expect(profile).toMatchObject({ PayloadType: 'Configuration', PayloadVersion: 1, PayloadOrganization: 'Café Ünïcode ✓ Office' });
    expect(String(profile.PayloadDescription)).toContain('IT Desk');
    expect(String(profile.PayloadDescription)).toContain('+1 555 0100');
    const payloads = profile.PayloadContent as Dict[];
    const byType = Object.fromEntries(payloads.map((p) => [p.PayloadType, p]));
    expect(Object.keys(byType).sort()).toEqual(['com.apple.mdm', 'com.apple.security.root', 'com.apple.security.scep']);
    const root = byType['com.apple.security.root']!;
    expect(Buffer.from(root.PayloadContent as Uint8Array).toString('base64')).toBe(env.caPem.replace(/-----[^-]+-----|\s/g, ''));
    const scep = byType['com.apple.security.scep']!;
    const scepContent = scep.PayloadContent as Dict;
    expect(scepContent).toMatchObject({ URL: `https://127.0.0.1:${env.mdmPort}/scep`, Keysize: 2048, 'Key Type': 'RSA', 'Key Usage': 5 });
    expect(scepContent.Challenge).toMatch(new RegExp(`^${invitation.id}\\.`));
    expect(scepContent.Subject).toEqual([[['O', 'Café Ünïcode ✓ Office']], [['CN', 'Lanyard device (Anna’s iPhone)']]]);
    const mdm = byType['com.apple.mdm']!;
    expect(mdm).toMatchObject({
      ServerURL: `https://127.0.0.1:${env.mdmPort}/mdm/server?invitation=${invitation.id}`,
      CheckInURL: `https://127.0.0.1:${env.mdmPort}/mdm/checkin?invitation=${invitation.id}`,
      Topic: env.pushPki.client.topic,
      IdentityCertificateUUID: scep.PayloadUUID,
      AccessRights: 8191,
      SignMessage: true,
      CheckOutWhenRemoved: true,
    });
  });

  it('keeps payload identifiers and UUIDs stable between downloads and invitations', async () => {
    const first = parse(await opensslVerify((await deviceRequest((await env.invite()).profileUrl, { ca: env.caPem })).body, 'a')) as Dict;
    const second = parse(await opensslVerify((await deviceRequest((await env.invite()).profileUrl, { ca: env.caPem })).body, 'b')) as Dict;
    const ids = (p: Dict) => [p.PayloadUUID, p.PayloadIdentifier, ...(p.PayloadContent as Dict[]).map((x) => `${x.PayloadUUID}|${x.PayloadIdentifier}`)];
    expect(ids(first)).toEqual(ids(second));
  });

  it('serves the trust profile over plain HTTP with only the root CA', async () => {
    const invitation = await env.invite();
    expect(invitation.trustProfileUrl).toMatch(/^http:\/\//);
    const response = await deviceRequest(invitation.trustProfileUrl);
    expect(response.status).toBe(200);
    const profile = parse(await opensslVerify(response.body, 'trust')) as Dict;
    expect((profile.PayloadContent as Dict[]).map((p) => p.PayloadType)).toEqual(['com.apple.security.root']);
  });

  it('never serves the enrollment profile, SCEP or MDM over plain HTTP', async () => {
    const invitation = await env.invite();
    const token = invitation.url.split('/').at(-1);
    for (const path of [`/enroll/${token}/enroll.mobileconfig`, '/scep?operation=GetCACert', '/mdm/checkin']) {
      expect((await deviceRequest(`http://127.0.0.1:${env.httpPort}${path}`)).status).toBe(404);
    }
  });

  it('guides an iPhone through two steps and a Mac through one, with fingerprint and helpdesk', async () => {
    const invitation = await env.invite();
    const iphone = await deviceRequest(invitation.url, { headers: { 'user-agent': iphoneAgent } });
    expect(iphone.status).toBe(200);
    const page = iphone.body.toString();
    expect(iphone.headers['content-security-policy']).toContain("default-src 'none'");
    expect(page).toContain('Step 1 of 2');
    expect(page).toContain('Certificate Trust Settings');
    expect(page).toContain(`href="${invitation.trustProfileUrl}"`);
    expect(page).toContain(`href="${invitation.profileUrl}"`);
    expect(page).toContain(env.core.api && (await bodyOf(await env.api('/api/pki'))).ca.sha256);
    expect(page).toContain('IT Desk');
    expect(page).toContain('Café Ünïcode ✓ Office');
    expect(page).not.toMatch(/<script|src="http/);
    const mac = (await deviceRequest(invitation.url, { headers: { 'user-agent': macAgent } })).body.toString();
    expect(mac.indexOf('Enroll this Mac')).toBeLessThan(mac.indexOf('Step 1 of 2'));
  });

  it('answers 410 for revoked, expired and used-up invitations and 404 for unknown tokens, logging each', async () => {
    const revoked = await env.invite({ label: 'revoked one' });
    await env.api(`/api/invitations/${revoked.id}`, { method: 'DELETE' });
    const expired = await env.invite({ label: 'expired one' });
    await env.core.store.update((tx) => tx.put('invitations', { ...env.core.store.collection('invitations').get(expired.id)!, expiresAt: new Date(Date.now() - 1000).toISOString() }));
    const used = await env.invite({ label: 'used one' });
    await env.core.store.update((tx) => tx.put('invitations', { ...env.core.store.collection('invitations').get(used.id)!, uses: 1 }));
    for (const [invitation, reason] of [
      [revoked, 'was revoked'],
      [expired, 'has expired'],
      [used, 'has been used up'],
    ] as const) {
      const page = await deviceRequest(invitation.url, { headers: { 'user-agent': iphoneAgent } });
      expect(page.status).toBe(410);
      expect(page.body.toString()).toContain(reason);
      expect((await deviceRequest(invitation.profileUrl, { ca: env.caPem })).status).toBe(410);
      const log = await bodyOf(await env.api(`/api/activity?subjectId=${invitation.id}`));
      expect(log.items[0].message).toContain(reason);
    }
    const unknown = await deviceRequest(`http://127.0.0.1:${env.httpPort}/enroll/${'x'.repeat(43)}`);
    expect(unknown.status).toBe(404);
  });

  it('logs opened, trust profile and enrollment profile against the invitation', async () => {
    const invitation = await env.invite({ label: 'logged' });
    await deviceRequest(invitation.url, { headers: { 'user-agent': iphoneAgent } });
    await deviceRequest(invitation.trustProfileUrl);
    await deviceRequest(invitation.profileUrl, { ca: env.caPem });
    const log = await bodyOf(await env.api(`/api/activity?subjectId=${invitation.id}`));
    expect(log.items.map((e: { action: string }) => e.action)).toEqual(['Enrollment profile downloaded', 'Trust profile downloaded', 'Invitation opened', 'Created an invitation']);
  });

  it('offers a PKCS#12 identity instead of SCEP when chosen in settings', async () => {
    await env.api('/api/settings', { method: 'PATCH', body: JSON.stringify({ enrollment: { identity: 'pkcs12' } }) });
    try {
      const invitation = await env.invite();
      const download = await deviceRequest(invitation.profileUrl, { ca: env.caPem });
      expect(download.status, download.body.toString()).toBe(200);
      const profile = parse(await opensslVerify(download.body, 'p12')) as Dict;
      const identity = (profile.PayloadContent as Dict[]).find((p) => p.PayloadType === 'com.apple.security.pkcs12')!;
      const mdm = (profile.PayloadContent as Dict[]).find((p) => p.PayloadType === 'com.apple.mdm')!;
      expect(mdm.IdentityCertificateUUID).toBe(identity.PayloadUUID);
      const p12File = join(scratch.path, 'identity.p12');
      await writeFile(p12File, Buffer.from(identity.PayloadContent as Uint8Array));
      const { stdout } = await run('openssl', ['pkcs12', '-in', p12File, '-passin', `pass:${identity.Password}`, '-nokeys', '-clcerts']);
      await writeFile(join(scratch.path, 'p12-cert.pem'), stdout);
      const verified = await run('openssl', ['verify', '-CAfile', caFile, join(scratch.path, 'p12-cert.pem')]);
      expect(verified.stdout).toMatch(/OK/);
      expect((await bodyOf(await env.api(`/api/invitations/${invitation.id}`))).certificatesIssued).toBe(1);
    } finally {
      await env.api('/api/settings', { method: 'PATCH', body: JSON.stringify({ enrollment: { identity: 'scep' } }) });
    }
  });

  it('refuses AccessRights that break Apple’s dependency rules', async () => {
    for (const rights of [0, 2, 128 | 1]) {
      const response = await env.api('/api/settings', { method: 'PATCH', body: JSON.stringify({ enrollment: { accessRights: rights } }) });
      expect(response.status).toBe(400);
      expect((await bodyOf(response)).field).toBe('enrollment.accessRights');
    }
  });
});

describe('enrollment without a push certificate', () => {
  let env: EnrollmentEnv;
  beforeAll(async () => {
    env = await startEnrollmentEnv({ withPush: false });
  });
  afterAll(() => env.stop());

  it('offers no MDM profile and says why, on the page and in the API', async () => {
    const invitation = await env.invite();
    expect(invitation.blockedReason).toMatch(/no Apple push certificate/);
    const page = (await deviceRequest(invitation.url, { headers: { 'user-agent': iphoneAgent } })).body.toString();
    expect(page).toContain('Enrollment is not available yet');
    expect(page).not.toContain('id="enrollment-profile-link"');
    const profile = await deviceRequest(invitation.profileUrl, { ca: env.caPem });
    expect(profile.status).toBe(503);
    expect(profile.headers['content-type']).toMatch(/text\/html/);
  });
});
