import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PushHealthCircuit } from '../../../electron/core/push/push-health';
import type { PushHealthState } from '../../../electron/core/push/push-health';
import type { PushOutcome, PushProvider } from '../../../electron/core/push/push-provider';
import { RetryingPushSender } from '../../../electron/core/push/retrying-push-sender';
import { createTestPushPki, startApnsTestServer } from '../../support/apns-test-server';
import type { ApnsTestServer, TestPushPki } from '../../support/apns-test-server';
import { makeProvider, makeTarget } from './push-fixtures';

let pki: TestPushPki;
let server: ApnsTestServer;
let circuit: PushHealthCircuit;
let alerts: PushHealthState[];

beforeAll(() => {
  pki = createTestPushPki();
});

beforeEach(async () => {
  server = await startApnsTestServer(pki);
  alerts = [];
  const retrying = new RetryingPushSender(makeProvider(pki, server), { sleep: async () => undefined });
  circuit = new PushHealthCircuit(retrying, {
    onBlocked: (state) => alerts.push(state),
    now: () => new Date('2030-01-02T03:04:05.000Z'),
  });
});

afterEach(async () => {
  await circuit.close();
  await server.close();
});

describe('PushHealthCircuit', () => {
  it('passes pushes through while healthy', async () => {
    expect(await circuit.push(makeTarget(pki))).toMatchObject({ kind: 'delivered' });
    expect(circuit.state()).toEqual({ blocked: false });
  });

  it('blocks after a 403 without contacting APNs again, until reset', async () => {
    server.failNext(1, { status: 403, reason: 'BadCertificate' });
    expect(await circuit.push(makeTarget(pki))).toEqual({ kind: 'certificate-rejected', reason: 'BadCertificate' });
    const blocked = { blocked: true, reason: 'BadCertificate', since: '2030-01-02T03:04:05.000Z' };
    expect(circuit.state()).toEqual(blocked);
    expect(alerts).toEqual([blocked]);

    const outcomes = await Promise.all([circuit.push(makeTarget(pki)), circuit.push(makeTarget(pki))]);
    expect(outcomes).toEqual([
      { kind: 'certificate-rejected', reason: 'BadCertificate' },
      { kind: 'certificate-rejected', reason: 'BadCertificate' },
    ]);
    expect(server.received).toHaveLength(1);
    expect(alerts).toHaveLength(1);

    circuit.reset();
    expect(circuit.state()).toEqual({ blocked: false });
    expect(await circuit.push(makeTarget(pki))).toMatchObject({ kind: 'delivered' });
    expect(server.received).toHaveLength(2);
  });

  it('does not block on token or transient failures', async () => {
    server.failNext(1, { status: 410, reason: 'Unregistered' });
    expect(await circuit.push(makeTarget(pki))).toMatchObject({ kind: 'token-dead' });
    server.failNext(1, { status: 400, reason: 'BadTopic' });
    expect(await circuit.push(makeTarget(pki))).toMatchObject({ kind: 'failed' });
    expect(circuit.state().blocked).toBe(false);
    expect(alerts).toEqual([]);
  });

  it('reset(replacement) swaps to a provider with the new certificate and closes the old one', async () => {
    const closed: string[] = [];
    const fake = (name: string, outcome: PushOutcome): PushProvider => ({
      push: async () => outcome,
      close: async () => {
        closed.push(name);
      },
    });
    const local = new PushHealthCircuit(fake('old', { kind: 'certificate-rejected', reason: 'BadCertificate' }));
    expect((await local.push(makeTarget(pki))).kind).toBe('certificate-rejected');
    local.reset(fake('new', { kind: 'delivered' }));
    expect(await local.push(makeTarget(pki))).toEqual({ kind: 'delivered' });
    await Promise.resolve();
    expect(closed).toEqual(['old']);
    await local.close();
    expect(closed).toEqual(['old', 'new']);
  });

  it('ignores a late rejection from before reset()', async () => {
    let release: (outcome: PushOutcome) => void = () => undefined;
    const slow: PushProvider = {
      push: () => new Promise<PushOutcome>((resolve) => (release = resolve)),
      close: async () => undefined,
    };
    const local = new PushHealthCircuit(slow);
    const pending = local.push(makeTarget(pki));
    local.reset();
    release({ kind: 'certificate-rejected', reason: 'BadCertificate' });
    expect(await pending).toMatchObject({ kind: 'certificate-rejected' });
    expect(local.state()).toEqual({ blocked: false });
  });
});
