// Shared setup for the push tests: one test PKI, an APNs test server and
// providers wired to trust the test CA.
import { randomBytes, randomUUID } from 'node:crypto';
import { ApnsHttp2Provider } from '../../../electron/core/push/apns-http2-provider';
import type { ApnsHttp2ProviderOptions } from '../../../electron/core/push/apns-http2-provider';
import type { PushTarget } from '../../../electron/core/push/push-provider';
import type { ApnsTestServer } from '../../support/apns-test-server';
import type { TestPushPki } from '../../support/test-push-pki';

export function makeTarget(pki: TestPushPki, overrides: Partial<PushTarget> = {}): PushTarget {
  return {
    deviceId: randomUUID(),
    token: randomBytes(32).toString('hex'),
    pushMagic: randomUUID().toUpperCase(),
    topic: pki.client.topic,
    ...overrides,
  };
}

export function makeProvider(
  pki: TestPushPki,
  server: ApnsTestServer,
  overrides: Partial<ApnsHttp2ProviderOptions> = {},
): ApnsHttp2Provider {
  return new ApnsHttp2Provider({
    baseUrl: server.url,
    certificatePem: pki.client.certificatePem,
    privateKeyPem: pki.client.privateKeyPem,
    ca: pki.caCertPem,
    requestTimeoutMs: 5000,
    ...overrides,
  });
}
