import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ApnsHttp2Provider } from '../../../electron/core/push/apns-http2-provider';
import type { PushOutcome } from '../../../electron/core/push/push-provider';
import { createTestPushPki, startApnsTestServer } from '../../support/apns-test-server';
import type { ApnsTestServer, TestPushPki } from '../../support/apns-test-server';
import { makeProvider, makeTarget } from './push-fixtures';

const SEVEN_DAYS = 7 * 24 * 60 * 60;

let pki: TestPushPki;
let server: ApnsTestServer;
let provider: ApnsHttp2Provider;

beforeAll(() => {
  pki = createTestPushPki();
});

beforeEach(async () => {
  server = await startApnsTestServer(pki);
  provider = makeProvider(pki, server);
});

afterEach(async () => {
  await provider.close();
  await server.close();
});

describe('ApnsHttp2Provider request', () => {
  it('sends exactly the MDM push headers and body', async () => {
    const target = makeTarget(pki);
    const before = Math.floor(Date.now() / 1000);
    const outcome = await provider.push(target);
    const after = Math.floor(Date.now() / 1000);

    expect(outcome).toEqual({ kind: 'delivered', apnsId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(server.received).toHaveLength(1);
    const push = server.received[0]!;
    expect(push.path).toBe(`/3/device/${target.token}`);
    expect(push.token).toBe(target.token);
    expect(push.body).toEqual({ mdm: target.pushMagic });
    expect(push.clientTopic).toBe(pki.client.topic);
    expect(push.headers).toMatchObject({
      ':method': 'POST',
      ':scheme': 'https',
      'apns-push-type': 'mdm',
      'apns-topic': pki.client.topic,
      'apns-priority': '10',
      'content-type': 'application/json',
    });
    const expiration = Number(push.headers['apns-expiration']);
    expect(expiration).toBeGreaterThanOrEqual(before + SEVEN_DAYS);
    expect(expiration).toBeLessThanOrEqual(after + SEVEN_DAYS);
  });

  it('honours a custom expiration', async () => {
    await provider.close();
    provider = makeProvider(pki, server, { expirationSeconds: 60 });
    await provider.push(makeTarget(pki));
    const expiration = Number(server.received[0]!.headers['apns-expiration']);
    expect(Math.abs(expiration - (Math.floor(Date.now() / 1000) + 60))).toBeLessThanOrEqual(2);
  });

  it.each([
    ['a non-hex token', { token: 'not-hex!' }],
    ['an odd-length token', { token: 'abc' }],
    ['an empty token', { token: '' }],
    ['an empty PushMagic', { pushMagic: '' }],
    ['an empty topic', { topic: ' ' }],
  ])('rejects %s without contacting APNs', async (_label, overrides) => {
    const outcome = await provider.push(makeTarget(pki, overrides));
    expect(outcome).toMatchObject({ kind: 'failed', retryable: false, reason: expect.stringMatching(/^InvalidTarget/) });
    expect(server.connectionCount).toBe(0);
  });

  it('gets BadTopic when the topic is not the certificate topic', async () => {
    const outcome = await provider.push(makeTarget(pki, { topic: 'com.apple.mgmt.External.someone-else' }));
    expect(outcome).toEqual({ kind: 'failed', reason: 'BadTopic', retryable: false });
  });
});

describe('ApnsHttp2Provider session', () => {
  it('multiplexes concurrent pushes over one TLS connection', async () => {
    const targets = Array.from({ length: 20 }, () => makeTarget(pki));
    const outcomes = await Promise.all(targets.map((t) => provider.push(t)));
    expect(outcomes.every((o) => o.kind === 'delivered')).toBe(true);
    await provider.push(makeTarget(pki)); // a later push reuses the idle session
    expect(server.delivered).toHaveLength(21);
    expect(server.connectionCount).toBe(1);
    expect(new Set(server.received.map((p) => p.connection))).toEqual(new Set([1]));
  });

  it('reconnects after the server sends GOAWAY', async () => {
    server.goawayAfter(2);
    for (let i = 0; i < 4; i += 1) {
      expect((await provider.push(makeTarget(pki))).kind).toBe('delivered');
    }
    expect(server.connectionCount).toBe(2);
    expect(server.received.map((p) => p.connection)).toEqual([1, 1, 2, 2]);
  });

  it('reports streams refused by GOAWAY as retryable and then reconnects', async () => {
    server.goawayAfter(1);
    const outcomes = await Promise.all(Array.from({ length: 5 }, () => provider.push(makeTarget(pki))));
    const delivered = outcomes.filter((o) => o.kind === 'delivered');
    expect(delivered.length).toBeGreaterThanOrEqual(1);
    for (const outcome of outcomes.filter((o) => o.kind !== 'delivered')) {
      expect(outcome).toMatchObject({ kind: 'failed', retryable: true });
    }
    expect((await provider.push(makeTarget(pki))).kind).toBe('delivered');
    expect(server.connectionCount).toBe(2);
  });

  it('reconnects after the server destroys the connection', async () => {
    expect((await provider.push(makeTarget(pki))).kind).toBe('delivered');
    server.destroyConnections();
    // Until the client sees the close, a push would go out on the dead session; wait for the provider to forget it.
    await waitUntil(() => (provider as unknown as { connection: unknown }).connection === undefined);
    expect((await provider.push(makeTarget(pki))).kind).toBe('delivered');
    expect(server.connectionCount).toBe(2);
  });

  it('fails a push whose connection is destroyed mid-flight as retryable', async () => {
    server.stallNext(1);
    const pending = provider.push(makeTarget(pki));
    await waitUntil(() => server.received.length === 1);
    server.destroyConnections();
    expect(await pending).toMatchObject({ kind: 'failed', retryable: true });
    expect((await provider.push(makeTarget(pki))).kind).toBe('delivered');
  });

  it('times out a silent APNs, drops the session and reconnects', async () => {
    await provider.close();
    provider = makeProvider(pki, server, { requestTimeoutMs: 300 });
    server.stallNext(1);
    const outcome = await provider.push(makeTarget(pki));
    expect(outcome).toMatchObject({ kind: 'failed', retryable: true, reason: expect.stringContaining('300 ms') });
    expect((await provider.push(makeTarget(pki))).kind).toBe('delivered');
    expect(server.connectionCount).toBe(2);
  });

  it('refuses pushes after close()', async () => {
    await provider.push(makeTarget(pki));
    await provider.close();
    expect(await provider.push(makeTarget(pki))).toEqual({ kind: 'failed', reason: 'provider is closed', retryable: false });
  });

  it('close() lets an in-flight push finish', async () => {
    const pending = provider.push(makeTarget(pki));
    await provider.close();
    expect(await pending).toMatchObject({ kind: 'delivered' });
  });
});

describe('ApnsHttp2Provider error mapping', () => {
  const cases: [number, string, PushOutcome][] = [
    [400, 'BadDeviceToken', { kind: 'token-dead', reason: 'BadDeviceToken' }],
    [400, 'DeviceTokenNotForTopic', { kind: 'token-dead', reason: 'DeviceTokenNotForTopic' }],
    [400, 'BadTopic', { kind: 'failed', reason: 'BadTopic', retryable: false }],
    [400, 'TopicDisallowed', { kind: 'failed', reason: 'TopicDisallowed', retryable: false }],
    [400, 'MissingTopic', { kind: 'failed', reason: 'MissingTopic', retryable: false }],
    [400, 'PayloadEmpty', { kind: 'failed', reason: 'PayloadEmpty', retryable: false }],
    [400, 'BadExpirationDate', { kind: 'failed', reason: 'BadExpirationDate', retryable: false }],
    [400, 'BadPriority', { kind: 'failed', reason: 'BadPriority', retryable: false }],
    [403, 'BadCertificate', { kind: 'certificate-rejected', reason: 'BadCertificate' }],
    [403, 'BadCertificateEnvironment', { kind: 'certificate-rejected', reason: 'BadCertificateEnvironment' }],
    [403, 'Forbidden', { kind: 'certificate-rejected', reason: 'Forbidden' }],
    [403, 'ExpiredProviderToken', { kind: 'certificate-rejected', reason: 'ExpiredProviderToken' }],
    [410, 'Unregistered', { kind: 'token-dead', reason: 'Unregistered' }],
    [410, 'ExpiredToken', { kind: 'token-dead', reason: 'ExpiredToken' }],
    [413, 'PayloadTooLarge', { kind: 'failed', reason: 'PayloadTooLarge', retryable: false }],
    [429, 'TooManyRequests', { kind: 'failed', reason: 'TooManyRequests', retryable: true }],
    [500, 'InternalServerError', { kind: 'failed', reason: 'InternalServerError', retryable: true }],
    [503, 'ServiceUnavailable', { kind: 'failed', reason: 'ServiceUnavailable', retryable: true }],
    [503, 'Shutdown', { kind: 'failed', reason: 'Shutdown', retryable: true }],
  ];

  it.each(cases)('%i %s', async (status, reason, expected) => {
    server.failNext(1, { status, reason });
    expect(await provider.push(makeTarget(pki))).toEqual(expected);
  });

  it('scripts failures per token', async () => {
    const dead = makeTarget(pki);
    server.failToken(dead.token, { status: 410, reason: 'Unregistered' });
    expect(await provider.push(dead)).toEqual({ kind: 'token-dead', reason: 'Unregistered' });
    expect((await provider.push(makeTarget(pki))).kind).toBe('delivered');
  });
});

describe('ApnsHttp2Provider mutual TLS', () => {
  it.each([
    ['a self-signed client certificate', () => pki.issueClientCertificate({ signer: 'self' })],
    [
      'an expired client certificate',
      () => pki.issueClientCertificate({ notBefore: new Date(Date.now() - 10 * 86400_000), notAfter: new Date(Date.now() - 86400_000) }),
    ],
  ])('fails (without hanging) with %s', async (_label, issue) => {
    const identity = issue();
    const stranger = makeProvider(pki, server, { certificatePem: identity.certificatePem, privateKeyPem: identity.privateKeyPem });
    try {
      const first = await stranger.push(makeTarget(pki, { topic: identity.topic ?? pki.client.topic }));
      expect(first).toMatchObject({ kind: 'failed', retryable: true });
      const second = await stranger.push(makeTarget(pki, { topic: identity.topic ?? pki.client.topic }));
      expect(second).toMatchObject({ kind: 'failed', retryable: true });
      expect(server.received).toHaveLength(0);
    } finally {
      await stranger.close();
    }
  });

  it('fails when the server certificate is not trusted', async () => {
    const untrusting = makeProvider(pki, server, { ca: createTestPushPki().caCertPem });
    try {
      const outcome = await untrusting.push(makeTarget(pki));
      expect(outcome).toMatchObject({ kind: 'failed', retryable: true });
      expect(server.received).toHaveLength(0);
    } finally {
      await untrusting.close();
    }
  });

  it('fails without sending when the key does not match the certificate', async () => {
    const mismatched = makeProvider(pki, server, { privateKeyPem: pki.newKeyPair().privateKeyPem });
    try {
      expect(await mismatched.push(makeTarget(pki))).toMatchObject({ kind: 'failed', retryable: false });
      expect(server.connectionCount).toBe(0);
    } finally {
      await mismatched.close();
    }
  });
});


async function waitUntil(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
