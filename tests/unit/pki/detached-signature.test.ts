import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import forge from 'node-forge';
import { describe, expect, it } from 'vitest';
import { createOfficeCa, issueTlsServerCertificate } from '../../../electron/core/pki/certificates';
import { verifyDetachedSignature } from '../../../electron/core/pki/detached-signature';
import { verifyDetachedCms } from '../../../electron/core/pki/profile-signing';

/** The fast Mdm-Signature check must agree with pkijs's full CMS verification on every case. */
describe('verifyDetachedSignature', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lanyard-sig-'));
  const body = Buffer.from('<plist><dict><key>Status</key><string>Idle</string></dict></plist>');
  const ca = createOfficeCa({ organization: 'Signature Test' });
  const rsa = issueTlsServerCertificate(ca, { hosts: ['device.test'] });

  function opensslSign(certificatePem: string, keyPem: string, digest: string): Buffer {
    writeFileSync(join(dir, 'cert.pem'), certificatePem);
    writeFileSync(join(dir, 'key.pem'), keyPem);
    writeFileSync(join(dir, 'body'), body);
    execFileSync('openssl', ['cms', '-sign', '-binary', '-outform', 'DER', '-md', digest, '-in', join(dir, 'body'), '-signer', join(dir, 'cert.pem'), '-inkey', join(dir, 'key.pem'), '-out', join(dir, 'sig.der')]);
    return readFileSync(join(dir, 'sig.der'));
  }

  function forgeSign(): Buffer {
    const signedData = forge.pkcs7.createSignedData();
    signedData.content = forge.util.createBuffer(body.toString('binary'));
    const certificate = forge.pki.certificateFromPem(rsa.certificatePem);
    signedData.addCertificate(certificate);
    signedData.addSigner({
      key: forge.pki.privateKeyFromPem(rsa.privateKeyPem),
      certificate,
      digestAlgorithm: forge.pki.oids.sha256!,
      authenticatedAttributes: [{ type: forge.pki.oids.contentType!, value: forge.pki.oids.data! }, { type: forge.pki.oids.messageDigest! }, { type: forge.pki.oids.signingTime!, value: new Date() as unknown as string }],
    });
    signedData.sign({ detached: true });
    return Buffer.from(forge.asn1.toDer(signedData.toAsn1()).getBytes(), 'binary');
  }

  const ecKey = execFileSync('openssl', ['ecparam', '-name', 'prime256v1', '-genkey', '-noout']).toString();
  writeFileSync(join(dir, 'ec.key'), ecKey);
  const ecCert = execFileSync('openssl', ['req', '-new', '-x509', '-key', join(dir, 'ec.key'), '-subj', '/CN=ec device', '-days', '2']).toString();

  const cases: [string, () => Buffer][] = [
    ['node-forge RSA SHA-256 (like the simulator)', forgeSign],
    ['openssl RSA SHA-256', () => opensslSign(rsa.certificatePem, rsa.privateKeyPem, 'sha256')],
    ['openssl RSA SHA-1', () => opensslSign(rsa.certificatePem, rsa.privateKeyPem, 'sha1')],
    ['openssl EC P-256 SHA-256', () => opensslSign(ecCert, ecKey, 'sha256')],
  ];

  it.each(cases)('accepts %s, as pkijs does, and names the signer', async (_name, sign) => {
    const signature = sign();
    const fast = verifyDetachedSignature(signature, body);
    const full = await verifyDetachedCms(signature, body);
    expect(fast.signerCertificate.toString()).toBe(full.signerCertificatePem);
  });

  it.each(cases)('refuses %s over a changed body, as pkijs does', async (_name, sign) => {
    const signature = sign();
    const changed = Buffer.concat([body, Buffer.from(' ')]);
    expect(() => verifyDetachedSignature(signature, changed)).toThrow(/digest/);
    await expect(verifyDetachedCms(signature, changed)).rejects.toThrow();
  });

  it('refuses a tampered signature value and garbage', async () => {
    const signature = forgeSign();
    const tampered = Buffer.from(signature);
    tampered[tampered.length - 10]! ^= 0xff;
    expect(() => verifyDetachedSignature(tampered, body)).toThrow(/bad signature/);
    await expect(verifyDetachedCms(tampered, body)).rejects.toThrow();
    for (const garbage of [Buffer.alloc(0), Buffer.from('not der'), signature.subarray(0, signature.length / 2)]) {
      expect(() => verifyDetachedSignature(garbage, body)).toThrow(/not a CMS SignedData/);
    }
  });
});
