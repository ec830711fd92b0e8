import { spawnSync } from 'node:child_process';
import { createPrivateKey } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import forge from 'node-forge';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  certificateSummary,
  createOfficeCa,
  issueProfileSigningCertificate,
  issueTlsServerCertificate,
  keyMatchesCertificate,
  sha256Fingerprint,
  type CertKeyPem,
} from '../../../electron/core/pki/certificates';
import { signCms, verifyAttachedCms, verifyDetachedCms } from '../../../electron/core/pki/profile-signing';
import { openEnvelope } from '../../../electron/core/pki/scep/envelope';
import { run, withTempDir } from './cli';

const ORGANIZATION = 'Café Ünïcode ✓';
const LEGACY_PROVIDER = spawnSync('openssl', ['list', '-providers', '-provider', 'legacy']).status === 0;
const CONTENT = Buffer.concat([
  Buffer.from('<?xml version="1.0"?>\r\n<plist><string>Grüße ✓ 日本</string></plist>\n', 'utf8'),
  Buffer.from([0, 1, 2, 0xfe, 0xff, 0x0d, 0x0a]),
]);

describe('openssl interop', () => {
  let ca: CertKeyPem;
  let signer: CertKeyPem;
  beforeAll(() => {
    ca = createOfficeCa({ organization: ORGANIZATION });
    signer = issueProfileSigningCertificate(ca, { organization: ORGANIZATION, validityDays: 365 });
  });

  const files = async (dir: string, entries: Record<string, string | Buffer>) => {
    for (const [name, data] of Object.entries(entries)) await writeFile(join(dir, name), data);
  };

  it('openssl verifies the TLS server certificate for sslserver and sees the SANs', async () => {
    await withTempDir(async (dir) => {
      const tls = issueTlsServerCertificate(ca, { hosts: ['mdm.office.lan', '10.1.2.3', '::1'] });
      await files(dir, { 'ca.pem': ca.certificatePem, 'server.pem': tls.certificatePem });
      const verify = await run('openssl', ['verify', '-purpose', 'sslserver', '-CAfile', 'ca.pem', 'server.pem'], { cwd: dir });
      expect(verify.stdout.trim(), verify.stderr).toBe('server.pem: OK');
      const text = await run('openssl', ['x509', '-in', 'server.pem', '-noout', '-ext', 'subjectAltName,extendedKeyUsage'], { cwd: dir });
      expect(text.stdout).toContain('DNS:mdm.office.lan, IP Address:10.1.2.3, IP Address:0:0:0:0:0:0:0:1, DNS:localhost, IP Address:127.0.0.1');
      expect(text.stdout).toContain('TLS Web Server Authentication');
      const caText = await run('openssl', ['x509', '-in', 'ca.pem', '-noout', '-subject', '-nameopt', 'utf8,sep_comma_plus'], { cwd: dir });
      expect(caText.stdout.trim()).toBe(`subject=O=${ORGANIZATION},CN=${ORGANIZATION} Root CA`);
    });
  });

  it('summarises a certificate made elsewhere, with an EC key', async () => {
    await withTempDir(async (dir) => {
      const made = await run(
        'openssl',
        ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'k.pem', '-out', 'c.pem', '-subj', '/CN=ec.example/O=Elsewhere', '-days', '2'],
        { cwd: dir },
      );
      expect(made.code, made.stderr).toBe(0);
      const pem = await readFile(join(dir, 'c.pem'), 'utf8');
      const fingerprint = await run('openssl', ['x509', '-in', 'c.pem', '-noout', '-fingerprint', '-sha256'], { cwd: dir });
      expect(certificateSummary(pem)).toMatchObject({ subject: 'CN=ec.example, O=Elsewhere', issuer: 'CN=ec.example, O=Elsewhere' });
      expect(fingerprint.stdout.trim()).toBe(`sha256 Fingerprint=${sha256Fingerprint(pem)}`);
      expect(keyMatchesCertificate(pem, await readFile(join(dir, 'k.pem'), 'utf8'))).toBe(true);
    });
  });

  it('openssl cms -verify accepts signCms output (no -purpose any) and yields the exact bytes', async () => {
    await withTempDir(async (dir) => {
      await files(dir, { 'ca.pem': ca.certificatePem, 'signed.der': signCms(CONTENT, signer, [ca.certificatePem]) });
      const verify = await run('openssl', ['cms', '-verify', '-inform', 'DER', '-in', 'signed.der', '-CAfile', 'ca.pem', '-binary', '-out', 'out.bin'], { cwd: dir });
      expect(verify.code, verify.stderr).toBe(0);
      expect(verify.stderr).toContain('Verification successful');
      expect((await readFile(join(dir, 'out.bin'))).equals(CONTENT)).toBe(true);
    });
  });

  it('openssl cms -verify rejects signCms output under a foreign CA', async () => {
    await withTempDir(async (dir) => {
      const other = createOfficeCa({ organization: 'Other' });
      await files(dir, { 'other.pem': other.certificatePem, 'signed.der': signCms(CONTENT, signer, []) });
      const verify = await run('openssl', ['cms', '-verify', '-inform', 'DER', '-in', 'signed.der', '-CAfile', 'other.pem', '-binary', '-out', 'out.bin'], { cwd: dir });
      expect(verify.code).not.toBe(0);
    });
  });

  it('verifyAttachedCms accepts openssl cms -sign -nodetach output and rejects it when tampered', async () => {
    await withTempDir(async (dir) => {
      await files(dir, { 'content.bin': CONTENT, 's.pem': signer.certificatePem, 's.key': signer.privateKeyPem });
      const sign = await run(
        'openssl',
        ['cms', '-sign', '-binary', '-nodetach', '-outform', 'DER', '-md', 'sha256', '-in', 'content.bin', '-signer', 's.pem', '-inkey', 's.key', '-out', 'signed.der'],
        { cwd: dir },
      );
      expect(sign.code, sign.stderr).toBe(0);
      const der = await readFile(join(dir, 'signed.der'));
      const { content, signerCertificatePem } = await verifyAttachedCms(der, ca.certificatePem);
      expect(content.equals(CONTENT)).toBe(true);
      expect(sha256Fingerprint(signerCertificatePem)).toBe(sha256Fingerprint(signer.certificatePem));

      const tampered = Buffer.from(der);
      const at = tampered.indexOf(Buffer.from('Grüße', 'utf8'));
      tampered[at] = (tampered[at] ?? 0) ^ 0x20;
      await expect(verifyAttachedCms(tampered, ca.certificatePem)).rejects.toThrow(/CMS verification failed/);
    });
  });

  it('verifyDetachedCms accepts openssl cms -sign (detached) output over the exact body only', async () => {
    await withTempDir(async (dir) => {
      await files(dir, { 'content.bin': CONTENT, 's.pem': signer.certificatePem, 's.key': signer.privateKeyPem });
      const sign = await run(
        'openssl',
        ['cms', '-sign', '-binary', '-outform', 'DER', '-md', 'sha256', '-in', 'content.bin', '-signer', 's.pem', '-inkey', 's.key', '-out', 'sig.der'],
        { cwd: dir },
      );
      expect(sign.code, sign.stderr).toBe(0);
      const signature = await readFile(join(dir, 'sig.der'));
      const { signerCertificatePem } = await verifyDetachedCms(signature, CONTENT);
      expect(sha256Fingerprint(signerCertificatePem)).toBe(sha256Fingerprint(signer.certificatePem));
      await expect(verifyDetachedCms(signature, Buffer.concat([CONTENT, Buffer.from(' ')]))).rejects.toThrow(/CMS verification failed/);
      // Apple sends the header base64-encoded; the same bytes after a round trip verify too.
      await expect(verifyDetachedCms(Buffer.from(signature.toString('base64'), 'base64'), CONTENT)).resolves.toBeDefined();
    });
  });

  const decryptsOpensslEnvelope = (cipherArgs: string[]) =>
    withTempDir(async (dir) => {
      await files(dir, { 'ca.pem': ca.certificatePem, 'content.bin': CONTENT });
      const args = ['cms', '-encrypt', ...cipherArgs, '-binary', '-outform', 'DER', '-in', 'content.bin', '-out', 'env.der', 'ca.pem'];
      const encrypt = await run('openssl', args, { cwd: dir });
      expect(encrypt.code, encrypt.stderr).toBe(0);
      const recipient = { certificate: forge.pki.certificateFromPem(ca.certificatePem), privateKey: createPrivateKey(ca.privateKeyPem) };
      const { content } = openEnvelope(await readFile(join(dir, 'env.der')), recipient);
      expect(content.equals(CONTENT)).toBe(true);
    });

  it.each(['-des3', '-aes128', '-aes256'])('openEnvelope decrypts openssl cms -encrypt %s output', (cipherFlag) => decryptsOpensslEnvelope([cipherFlag]));

  // scepclient encrypts with single DES; OpenSSL 3 only produces it with the legacy provider.
  it.skipIf(!LEGACY_PROVIDER)('openEnvelope decrypts openssl cms -encrypt -des output', () =>
    decryptsOpensslEnvelope(['-provider', 'legacy', '-provider', 'default', '-des']));
});
