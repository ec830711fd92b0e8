import { execFileSync, spawnSync } from 'node:child_process';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  PushCertificateError,
  createPushCsr,
  inspectPushCertificate,
  topicChangeWarning,
} from '../../../electron/core/push-certificate/certificate-file';
import type { PushCertificateErrorCode, PushCertificateInput } from '../../../electron/core/push-certificate/certificate-file';
import { createTestPushPki, legacyP12Base64 } from '../../support/test-push-pki';
import type { TestPushPki } from '../../support/test-push-pki';

const DAY = 24 * 60 * 60 * 1000;
const hasOpenssl = spawnSync('openssl', ['version']).status === 0;

let pki: TestPushPki;
let dir: string;

beforeAll(() => {
  pki = createTestPushPki();
  dir = mkdtempSync(join(tmpdir(), 'lanyard-push-cert-'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function expectError(input: PushCertificateInput, code: PushCertificateErrorCode, message?: RegExp, now?: Date): void {
  let thrown: unknown;
  try {
    inspectPushCertificate(input, now);
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(PushCertificateError);
  expect((thrown as PushCertificateError).code).toBe(code);
  if (message) expect((thrown as PushCertificateError).message).toMatch(message);
}

function pemOf(identity: { certificatePem: string; privateKeyPem: string }): PushCertificateInput {
  return { certificatePem: identity.certificatePem, privateKeyPem: identity.privateKeyPem };
}

function sameKey(a: string, b: string): boolean {
  const spki = (pem: string) => createPublicKey(createPrivateKey(pem)).export({ type: 'spki', format: 'der' });
  return spki(a).equals(spki(b));
}

/** Writes the default client identity to disk and runs `openssl pkcs12 -export` with extra arguments. */
function opensslP12(name: string, password: string, extra: string[] = []): string {
  writeFileSync(join(dir, 'client.pem'), pki.client.certificatePem);
  writeFileSync(join(dir, 'client.key'), pki.client.privateKeyPem);
  writeFileSync(join(dir, 'ca.pem'), pki.caCertPem);
  const out = join(dir, name);
  execFileSync('openssl', [
    'pkcs12', '-export', '-in', join(dir, 'client.pem'), '-inkey', join(dir, 'client.key'),
    '-out', out, '-passout', `pass:${password}`, ...extra,
  ]);
  return readFileSync(out).toString('base64');
}

describe('inspectPushCertificate: valid imports', () => {
  it('reads a PEM certificate and key', () => {
    const info = inspectPushCertificate({ certificatePem: pki.client.certificatePem, privateKeyPem: pki.client.privateKeyPem });
    expect(info.topic).toBe(pki.client.topic);
    expect(info.topic.startsWith('com.apple.mgmt.External.')).toBe(true);
    expect(info.commonName).toMatch(/^APSP:/);
    expect(info.certificatePem).toContain('-----BEGIN CERTIFICATE-----');
    expect(info.privateKeyPem).toContain('-----BEGIN PRIVATE KEY-----');
    expect(sameKey(info.privateKeyPem, pki.client.privateKeyPem)).toBe(true);
    expect(new Date(info.notAfter).getTime()).toBeGreaterThan(Date.now() + 300 * DAY);
    expect(new Date(info.notBefore).getTime()).toBeLessThan(Date.now());
    expect(info.expiresSoon).toBe(false);
  });

  it('accepts a combined PEM and a PKCS#1 key', () => {
    const pkcs1 = createPrivateKey(pki.client.privateKeyPem).export({ type: 'pkcs1', format: 'pem' }).toString();
    const info = inspectPushCertificate({ certificatePem: `${pki.client.certificatePem}${pkcs1}`, privateKeyPem: '' });
    expect(info.topic).toBe(pki.client.topic);
  });

  it('reads a legacy 3DES .p12 made by node-forge', () => {
    const info = inspectPushCertificate({ p12Base64: pki.client.p12Base64, password: pki.client.p12Password });
    expect(info.topic).toBe(pki.client.topic);
    expect(sameKey(info.privateKeyPem, pki.client.privateKeyPem)).toBe(true);
  });

  it('reads a .p12 with an empty password', () => {
    const p12Base64 = legacyP12Base64(pki.client, '');
    expect(inspectPushCertificate({ p12Base64, password: '' }).topic).toBe(pki.client.topic);
  });

  it('flags a certificate that expires within 30 days', () => {
    const soon = pki.issueClientCertificate({ notAfter: new Date(Date.now() + 10 * DAY) });
    expect(inspectPushCertificate({ certificatePem: soon.certificatePem, privateKeyPem: soon.privateKeyPem }).expiresSoon).toBe(true);
    const info = inspectPushCertificate(pemOf(pki.client), new Date(Date.now() + 340 * DAY));
    expect(info.expiresSoon).toBe(true);
  });
});

describe.runIf(hasOpenssl)('inspectPushCertificate: .p12 files made by the openssl CLI', () => {
  it('reads a legacy (RC2/3DES, SHA-1 MAC) .p12: openssl pkcs12 -export -legacy', () => {
    const p12Base64 = opensslP12('legacy.p12', 'secret', ['-legacy']);
    expect(inspectPushCertificate({ p12Base64, password: 'secret' }).topic).toBe(pki.client.topic);
  });

  it('reads a modern (AES-256, SHA-256 MAC) .p12: openssl pkcs12 -export', () => {
    const p12Base64 = opensslP12('modern.p12', 'secret');
    const info = inspectPushCertificate({ p12Base64, password: 'secret' });
    expect(info.topic).toBe(pki.client.topic);
    expect(sameKey(info.privateKeyPem, pki.client.privateKeyPem)).toBe(true);
  });

  it('picks the push certificate from a .p12 that also holds the CA', () => {
    const p12Base64 = opensslP12('chain.p12', 'secret', ['-certfile', join(dir, 'ca.pem')]);
    expect(inspectPushCertificate({ p12Base64, password: 'secret' }).topic).toBe(pki.client.topic);
  });

  it('reports a wrong password on a modern .p12', () => {
    const p12Base64 = opensslP12('modern-pw.p12', 'secret');
    expectError({ p12Base64, password: 'nope' }, 'wrong-password', /wrong password/i);
  });

  it('reports a wrong password on a .p12 without MAC', () => {
    const p12Base64 = opensslP12('nomac.p12', 'secret', ['-nomac']);
    expectError({ p12Base64, password: 'nope' }, 'wrong-password');
  });
});

describe('inspectPushCertificate: rejections', () => {
  it('rejects a wrong .p12 password', () => {
    expectError({ p12Base64: pki.client.p12Base64, password: 'wrong' }, 'wrong-password', /wrong password/i);
  });

  it.each([
    ['text that is not PEM', () => ({ certificatePem: 'hello', privateKeyPem: 'world' }), /not a PEM/i],
    [
      'a corrupt PEM certificate',
      () => ({ certificatePem: '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----', privateKeyPem: pki.client.privateKeyPem }),
      /could not be read/,
    ],
    ['invalid base64', () => ({ p12Base64: 'not base64 at all!', password: 'x' }), /invalid base64/],
    ['base64 that is not a .p12', () => ({ p12Base64: Buffer.from('definitely not asn.1').toString('base64'), password: 'x' }), /not a readable \.p12/i],
  ] as [string, () => PushCertificateInput, RegExp][])('rejects %s', (_label, input, message) => {
    expectError(input(), 'unreadable', message);
  });

  it('rejects a certificate without a key', () => {
    expectError({ certificatePem: pki.client.certificatePem, privateKeyPem: '' }, 'missing-key');
  });

  it('rejects a password-protected PEM key', () => {
    const encrypted = createPrivateKey(pki.client.privateKeyPem)
      .export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'pw' })
      .toString();
    expectError({ certificatePem: pki.client.certificatePem, privateKeyPem: encrypted }, 'unreadable', /password-protected/);
  });

  it('rejects a certificate without subject UID', () => {
    const plain = pki.issueClientCertificate({ uid: null });
    expectError(pemOf(plain), 'not-mdm-push', /not an Apple MDM push certificate.*missing/);
  });

  it('rejects a certificate whose UID is not an MDM topic (PEM and .p12)', () => {
    const other = pki.issueClientCertificate({ uid: 'com.example.app' });
    expectError(pemOf(other), 'not-mdm-push', /"com\.example\.app"/);
    expectError({ p12Base64: legacyP12Base64(other, 'pw'), password: 'pw' }, 'not-mdm-push');
  });

  it('rejects a key that does not match the certificate', () => {
    expectError({ certificatePem: pki.client.certificatePem, privateKeyPem: pki.newKeyPair().privateKeyPem }, 'key-mismatch', /does not belong/);
  });

  it('rejects an expired certificate', () => {
    const expired = pki.issueClientCertificate({ notBefore: new Date(Date.now() - 400 * DAY), notAfter: new Date(Date.now() - DAY) });
    expectError(pemOf(expired), 'expired', /expired on/);
    expectError({ p12Base64: legacyP12Base64(expired, 'pw'), password: 'pw' }, 'expired');
  });

  it('rejects a certificate that is not yet valid', () => {
    expectError(pemOf(pki.client), 'not-yet-valid', /not valid before/, new Date(Date.now() - 30 * DAY));
  });
});

describe('topicChangeWarning', () => {
  it('is silent for a first import or a renewal with the same topic', () => {
    expect(topicChangeWarning(undefined, 'com.apple.mgmt.External.a')).toBeUndefined();
    expect(topicChangeWarning('com.apple.mgmt.External.a', 'com.apple.mgmt.External.a')).toBeUndefined();
  });

  it('warns loudly when the topic changes', () => {
    const warning = topicChangeWarning('com.apple.mgmt.External.a', 'com.apple.mgmt.External.b');
    expect(warning).toMatch(/^WARNING/);
    expect(warning).toContain('com.apple.mgmt.External.a');
    expect(warning).toContain('com.apple.mgmt.External.b');
    expect(warning).toMatch(/re-enrol/);
  });
});

describe('createPushCsr', () => {
  it('rejects bad subjects', () => {
    expect(() => createPushCsr({ commonName: ' ', email: 'a@b.c' })).toThrow(/commonName/);
    expect(() => createPushCsr({ commonName: 'Acme', email: 'nope' })).toThrow(/email/);
    expect(() => createPushCsr({ commonName: 'Acme', email: 'a@b.c', country: 'France' })).toThrow(/country/);
  });

  it.runIf(hasOpenssl)('makes an RSA 2048 / SHA-256 CSR that openssl verifies', () => {
    const { privateKeyPem, csrPem } = createPushCsr({ commonName: 'Acme MDM', email: 'it@acme.example', country: 'FR' });
    const csrFile = join(dir, 'push.csr');
    writeFileSync(csrFile, csrPem);
    const verify = spawnSync('openssl', ['req', '-verify', '-noout', '-in', csrFile], { encoding: 'utf8' });
    expect(verify.status).toBe(0);
    expect(`${verify.stdout}${verify.stderr}`).toMatch(/verif(y|ication) OK/i);

    const text = execFileSync('openssl', ['req', '-noout', '-text', '-in', csrFile], { encoding: 'utf8' });
    expect(text).toMatch(/Public-Key: \(2048 bit\)/);
    expect(text).toMatch(/sha256WithRSAEncryption/);
    expect(text).toMatch(/CN\s*=\s*Acme MDM/);
    expect(text).toMatch(/emailAddress\s*=\s*it@acme\.example/);
    expect(text).toMatch(/C\s*=\s*FR/);

    const csrKey = execFileSync('openssl', ['req', '-noout', '-pubkey', '-in', csrFile], { encoding: 'utf8' });
    const fromPrivate = createPublicKey(createPrivateKey(privateKeyPem)).export({ type: 'spki', format: 'pem' }).toString();
    expect(csrKey.trim()).toBe(fromPrivate.trim());
  });
});
