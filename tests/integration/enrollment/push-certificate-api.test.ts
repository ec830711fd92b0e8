import { X509Certificate } from 'node:crypto';
import forge from 'node-forge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEnrollmentEnv, type EnrollmentEnv } from '../../support/enrollment-fixture';
import { bodyOf } from '../../support/test-core';

describe('the Apple push certificate over the admin API', () => {
  let env: EnrollmentEnv;
  beforeAll(async () => {
    env = await startEnrollmentEnv({ withPush: false });
  });
  afterAll(() => env.stop());

  const put = (body: object) => env.api('/api/push-certificate', { method: 'PUT', body: JSON.stringify(body) });
  const status = async () => bodyOf(await env.api('/api/push-certificate'));

  it.each([
    ['a certificate that is not an MDM push certificate', () => env.pushPki.issueClientCertificate({ uid: null }), /not an Apple MDM push certificate|UID/i],
    ['an expired certificate', () => env.pushPki.issueClientCertificate({ notBefore: new Date(Date.now() - 400 * 86_400_000), notAfter: new Date(Date.now() - 86_400_000) }), /expired/i],
  ])('refuses %s and stores nothing', async (_name, make, message) => {
    const identity = make();
    const response = await put({ certificatePem: identity.certificatePem, privateKeyPem: identity.privateKeyPem });
    expect(response.status).toBe(400);
    expect((await bodyOf(response)).message).toMatch(message);
    expect((await status()).configured).toBe(false);
  });

  it('refuses a key that does not match the certificate', async () => {
    const other = env.pushPki.issueClientCertificate();
    const response = await put({ certificatePem: env.pushPki.client.certificatePem, privateKeyPem: other.privateKeyPem });
    expect(response.status).toBe(400);
    expect((await bodyOf(response)).message).toMatch(/key/i);
    expect((await status()).configured).toBe(false);
  });

  it('refuses a .p12 with the wrong password', async () => {
    const response = await put({ p12Base64: env.pushPki.client.p12Base64, password: 'wrong' });
    expect(response.status).toBe(400);
    expect((await bodyOf(response)).message).toMatch(/password/i);
  });

  it('imports a legacy 3DES .p12 and answers the topic and expiry', async () => {
    const response = await put({ p12Base64: env.pushPki.client.p12Base64, password: env.pushPki.client.p12Password });
    expect(response.status).toBe(200);
    const result = await bodyOf(response);
    expect(result).toEqual({ topic: env.pushPki.client.topic, notAfter: new Date(new X509Certificate(env.pushPki.client.certificatePem).validTo).toISOString() });
    expect(await status()).toMatchObject({ configured: true, topic: env.pushPki.client.topic, expired: false, expiresSoon: false });
  });

  it('warns loudly when a renewal changes the topic, and logs the warning', async () => {
    const renewal = env.pushPki.issueClientCertificate();
    const response = await put({ certificatePem: renewal.certificatePem, privateKeyPem: renewal.privateKeyPem });
    const result = await bodyOf(response);
    expect(result.topic).toBe(renewal.topic);
    expect(result.warning).toMatch(/re-?enrol/i);
    const log = await bodyOf(await env.api('/api/activity?outcome=warning'));
    expect(log.items[0].action).toBe('Push topic changed');
  });

  it('asks for the key when a certificate comes alone and no request was made here', async () => {
    const response = await put({ certificatePem: env.pushPki.client.certificatePem });
    expect(response.status).toBe(400);
    expect(await bodyOf(response)).toMatchObject({ field: 'privateKeyPem' });
  });

  it('makes a CSR for the Apple Push Certificates Portal, then accepts Apple’s certificate alone', async () => {
    const csr = await bodyOf(await env.api('/api/push-certificate/csr', { method: 'POST', body: JSON.stringify({ email: 'admin@office.test' }) }));
    expect(csr.csrPem).toMatch(/^-----BEGIN CERTIFICATE REQUEST-----/);
    expect((await status()).csrPending).toBe(true);
    const request = forge.pki.certificationRequestFromPem(csr.csrPem);
    expect(request.verify()).toBe(true);
    const fromApple = env.pushPki.issueClientCertificate({ keys: { publicKeyPem: forge.pki.publicKeyToPem(request.publicKey!), privateKeyPem: '' } });
    const response = await put({ certificatePem: fromApple.certificatePem });
    expect(response.status, JSON.stringify(await bodyOf(response.clone()))).toBe(200);
    expect(await status()).toMatchObject({ configured: true, csrPending: false, topic: fromApple.topic });
  });

  it('warns 30 days ahead of expiry', async () => {
    const soon = env.pushPki.issueClientCertificate({ notAfter: new Date(Date.now() + 10 * 86_400_000) });
    await put({ certificatePem: soon.certificatePem, privateKeyPem: soon.privateKeyPem });
    expect(await status()).toMatchObject({ expiresSoon: true, expired: false });
  });
});
