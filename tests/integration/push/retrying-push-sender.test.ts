import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ApnsHttp2Provider } from '../../../electron/core/push/apns-http2-provider';
import type { PushOutcome, PushProvider } from '../../../electron/core/push/push-provider';
import { RetryingPushSender, backoffDelayMs } from '../../../electron/core/push/retrying-push-sender';
import { createTestPushPki, startApnsTestServer } from '../../support/apns-test-server';
import type { ApnsTestServer, TestPushPki } from '../../support/apns-test-server';
import { makeProvider, makeTarget } from './push-fixtures';

let pki: TestPushPki;
let server: ApnsTestServer;
let provider: ApnsHttp2Provider;
let sleeps: number[];
let sender: RetryingPushSender;

beforeAll(() => {
  pki = createTestPushPki();
});

beforeEach(async () => {
  server = await startApnsTestServer(pki);
  provider = makeProvider(pki, server);
  sleeps = [];
  sender = new RetryingPushSender(provider, {
    attempts: 4,
    baseDelayMs: 100,
    maxDelayMs: 250,
    random: () => 0.5,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  });
});

afterEach(async () => {
  await sender.close();
  await server.close();
});

describe('RetryingPushSender against the APNs test server', () => {
  it('retries 429 and 503 with growing, capped backoff, then delivers', async () => {
    server.failNext(1, { status: 429, reason: 'TooManyRequests' });
    server.failNext(2, { status: 503, reason: 'ServiceUnavailable' });
    const target = makeTarget(pki);
    expect(await sender.push(target)).toMatchObject({ kind: 'delivered' });
    expect(server.received.map((p) => p.status)).toEqual([429, 503, 503, 200]);
    expect(server.received.every((p) => p.token === target.token)).toBe(true);
    expect(sleeps).toEqual([75, 150, 188]); // 100, 200, min(250, 400) with 50% jitter
  });

  it('gives up after the configured attempts and returns the last failure', async () => {
    server.failNext(10, { status: 500, reason: 'InternalServerError' });
    expect(await sender.push(makeTarget(pki))).toEqual({ kind: 'failed', reason: 'InternalServerError', retryable: true });
    expect(server.received).toHaveLength(4);
    expect(sleeps).toHaveLength(3);
  });

  it('retries a dropped connection', async () => {
    server.stallNext(1);
    const pending = sender.push(makeTarget(pki));
    await expect.poll(() => server.received.length).toBeGreaterThan(0);
    server.destroyConnections();
    expect(await pending).toMatchObject({ kind: 'delivered' });
    expect(server.connectionCount).toBe(2);
  });

  it.each([
    [410, 'Unregistered', 'token-dead'],
    [400, 'BadDeviceToken', 'token-dead'],
    [400, 'BadTopic', 'failed'],
    [403, 'BadCertificate', 'certificate-rejected'],
    [413, 'PayloadTooLarge', 'failed'],
  ])('does not retry %i %s', async (status, reason, kind) => {
    server.failNext(1, { status, reason });
    expect(await sender.push(makeTarget(pki))).toMatchObject({ kind, reason });
    expect(server.received).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });
});

describe('RetryingPushSender', () => {
  it('computes equal-jitter exponential delays', () => {
    expect(backoffDelayMs(1, 1000, 60_000, () => 0)).toBe(500);
    expect(backoffDelayMs(1, 1000, 60_000, () => 1)).toBe(1000);
    expect(backoffDelayMs(3, 1000, 60_000, () => 0.5)).toBe(3000);
    expect(backoffDelayMs(20, 1000, 60_000, () => 1)).toBe(60_000);
  });

  it('stops waiting and returns the last failure when closed', async () => {
    const failing: PushProvider = {
      push: async (): Promise<PushOutcome> => ({ kind: 'failed', reason: 'ServiceUnavailable', retryable: true }),
      close: async () => undefined,
    };
    let backingOff!: () => void;
    const inBackoff = new Promise<void>((resolve) => (backingOff = resolve));
    // onRetry is called just as the sender starts its 60 s wait.
    const slow = new RetryingPushSender(failing, { baseDelayMs: 60_000, onRetry: () => backingOff() });
    const pending = slow.push(makeTarget(pki));
    await inBackoff;
    await slow.close();
    expect(await pending).toEqual({ kind: 'failed', reason: 'ServiceUnavailable', retryable: true });
  });

  it('uses the real timer by default', async () => {
    let calls = 0;
    const flaky: PushProvider = {
      push: async (): Promise<PushOutcome> =>
        ++calls < 3 ? { kind: 'failed', reason: 'TooManyRequests', retryable: true } : { kind: 'delivered' },
      close: async () => undefined,
    };
    const started = Date.now();
    const real = new RetryingPushSender(flaky, { baseDelayMs: 20, random: () => 1 });
    expect(await real.push(makeTarget(pki))).toEqual({ kind: 'delivered' });
    expect(calls).toBe(3);
    expect(Date.now() - started).toBeGreaterThanOrEqual(55); // 20 + 40
    await real.close();
  });
});
