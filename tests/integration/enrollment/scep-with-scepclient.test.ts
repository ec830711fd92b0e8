import { X509Certificate } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../support/core-fixtures';
import { deviceRequest, run } from '../../support/device-http';
import { startEnrollmentEnv, type EnrollmentEnv } from '../../support/enrollment-fixture';
import { bodyOf } from '../../support/test-core';

/** micromdm's scepclient, an independent SCEP client, against Lanyard's /scep over HTTPS. */
describe('SCEP with scepclient', () => {
  let env: EnrollmentEnv;
  let scratch: Awaited<ReturnType<typeof tempDir>>;
  let caFile: string;
  let round = 0;
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

  async function enroll(challenge: string): Promise<{ ok: boolean; output: string; certificate: string }> {
    const dir = join(scratch.path, `enroll-${(round += 1)}`);
    await mkdir(dir);
    const certificate = join(dir, 'device.pem');
    const args = ['-server-url', `https://127.0.0.1:${env.mdmPort}/scep`, '-private-key', join(dir, 'key.pem'), '-certificate', certificate, '-cn', 'iPhone of Anna', '-challenge', challenge];
    try {
      const { stdout, stderr } = await run('scepclient', args, { cwd: dir, timeout: 30_000, env: { ...process.env, SSL_CERT_FILE: caFile } });
      return { ok: true, output: stdout + stderr, certificate };
    } catch (error) {
      const failure = error as { stdout?: string; stderr?: string };
      return { ok: false, output: `${failure.stdout ?? ''}${failure.stderr ?? ''}`, certificate };
    }
  }

  async function challengeOf(invitation: { profileUrl: string; id: string }): Promise<string> {
    return env.core.enrollment.pki.challengeFor(invitation.id);
  }

  it('issues a certificate for the invitation’s challenge that openssl verifies against the office CA', async () => {
    const invitation = await env.invite({ label: 'scep ok' });
    const result = await enroll(await challengeOf(invitation));
    expect(result.ok, result.output).toBe(true);
    expect(existsSync(result.certificate)).toBe(true);
    const { stdout } = await run('openssl', ['verify', '-CAfile', caFile, result.certificate]);
    expect(stdout).toMatch(/: OK/);
    const after = await bodyOf(await env.api(`/api/invitations/${invitation.id}`));
    expect(after.certificatesIssued).toBe(1);
    const log = await bodyOf(await env.api(`/api/activity?subjectId=${invitation.id}`));
    expect(log.items[0].message).toMatch(/certificate issued by SCEP \(.*CN=iPhone of Anna/);
  });

  it('fails with badRequest for a wrong challenge, issues nothing, and logs it against the invitation', async () => {
    const invitation = await env.invite({ label: 'scep wrong' });
    const wrong = `${invitation.id}.AAAAAAAAAAAAAAAAAAAAAAAA`;
    const result = await enroll(wrong);
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(/badRequest/);
    expect(existsSync(result.certificate)).toBe(false);
    expect((await bodyOf(await env.api(`/api/invitations/${invitation.id}`))).certificatesIssued).toBe(0);
    const log = await bodyOf(await env.api(`/api/activity?subjectId=${invitation.id}`));
    expect(log.items[0].message).toBe('SCEP request refused: wrong challenge');
  });

  it('refuses the challenge of a revoked or expired invitation', async () => {
    const revoked = await env.invite({ label: 'scep revoked' });
    await env.api(`/api/invitations/${revoked.id}`, { method: 'DELETE' });
    const refused = await enroll(await challengeOf(revoked));
    expect(refused.ok).toBe(false);
    expect(refused.output).toMatch(/badRequest/);
    const log = await bodyOf(await env.api(`/api/activity?subjectId=${revoked.id}`));
    expect(log.items[0].message).toBe('SCEP request refused: this invitation was revoked');

    const expired = await env.invite({ label: 'scep expired' });
    await env.core.store.update((tx) => tx.put('invitations', { ...env.core.store.collection('invitations').get(expired.id)!, expiresAt: new Date(Date.now() - 1).toISOString() }));
    expect((await enroll(await challengeOf(expired))).ok).toBe(false);
  });

  it('answers GetCACaps and GetCACert over HTTPS whose certificate names the public host', async () => {
    const caps = await deviceRequest(`https://127.0.0.1:${env.mdmPort}/scep?operation=GetCACaps`, { ca: env.caPem });
    expect(caps.status).toBe(200);
    expect(caps.body.toString().split('\n')).toEqual(expect.arrayContaining(['POSTPKIOperation', 'SHA-256', 'AES']));
    const caCert = await deviceRequest(`https://127.0.0.1:${env.mdmPort}/scep?operation=GetCACert`, { ca: env.caPem });
    expect(caCert.headers['content-type']).toBe('application/x-x509-ca-cert');
    expect(new X509Certificate(caCert.body).fingerprint256).toBe(new X509Certificate(env.caPem).fingerprint256);
  });
});
