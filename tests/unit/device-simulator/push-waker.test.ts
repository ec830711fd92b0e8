import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApnsPush, ApnsPushSource } from '../../support/device-simulator/push-waker';
import { SimulatedDevice } from '../../support/device-simulator/simulated-device';
import { startMdmTestBed, type MdmTestBed } from './fixtures/mdm-test-bed';

/** Stands in for the APNs test server: resolves waits with pushes arriving later, or (history mode) also past ones. */
class FakeApns implements ApnsPushSource {
  readonly pushes: ApnsPush[] = [];
  /** waitForPush calls so far: each is a look at the pushes (past ones too in history mode). */
  polls = 0;
  constructor(private readonly matchHistory = false) {}

  private waiters: Array<{ predicate: (push: ApnsPush) => boolean; resolve: (push: ApnsPush) => void }> = [];

  receive(push: ApnsPush): void {
    this.pushes.push(push);
    for (const waiter of [...this.waiters]) {
      if (waiter.predicate(push)) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve(push);
      }
    }
  }

  /** Waits still listening for a push. */
  get waiting(): number {
    return this.waiters.length;
  }

  waitForPush(predicate: (push: ApnsPush) => boolean, timeoutMs: number): Promise<ApnsPush> {
    this.polls += 1;
    const past = this.matchHistory ? this.pushes.find(predicate) : undefined;
    if (past) return Promise.resolve(past);
    return new Promise((resolve, reject) => {
      const waiter = { predicate, resolve: (push: ApnsPush) => (clearTimeout(timer), resolve(push)) };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new Error('timeout'));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }
}

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('SimulatedDevice.wakeOnPush', () => {
  let bed: MdmTestBed;
  beforeAll(async () => {
    bed = await startMdmTestBed();
  });
  afterAll(() => bed.stop());

  it('connects once per MDM push for its token and magic, ignores others, and stops on request', async () => {
    const device = new SimulatedDevice({ platform: 'ipados', trustedCaPem: bed.ca.certificatePem });
    await device.enroll(bed.profile());
    const apns = new FakeApns(true);
    const sessions: number[] = [];
    device.wakeOnPush(apns, { pollTimeoutMs: 100, onSession: (log) => sessions.push(log.commands.length) });

    const first = bed.server.enqueue('DeviceInformation', { Queries: ['DeviceName'] });
    apns.receive({ token: device.pushToken.toUpperCase(), body: { mdm: device.pushMagic } });
    await until(() => bed.server.results.has(first));
    expect(bed.server.results.get(first)?.QueryResponses).toEqual({ DeviceName: device.name });

    await until(() => sessions.length === 1);
    const second = bed.server.enqueue('SecurityInfo');
    let polls = apns.polls;
    apns.receive({ token: device.pushToken, body: { mdm: 'some-other-magic' } });
    apns.receive({ token: 'ab'.repeat(32), body: { mdm: device.pushMagic } });
    // A wake starts (wakeCount) as soon as a push is taken, before the device listens again: once it has
    // listened again, having looked at every push so far (history mode), it has passed over these two.
    await until(() => apns.polls > polls);
    expect(device.wakeCount).toBe(1);
    expect(bed.server.results.has(second)).toBe(false);
    apns.receive({ token: device.pushToken, body: { mdm: device.pushMagic } });
    await until(() => bed.server.results.has(second) && sessions.length === 2);
    // Listening again after the second session, the device must not take a push it already handled.
    polls = apns.polls;
    await until(() => apns.polls > polls);
    expect(device.wakeCount).toBe(2);
    expect(sessions).toEqual([1, 1]);

    await device.stopWaking();
    expect(apns.waiting).toBe(0);
    const third = bed.server.enqueue('ProfileList');
    apns.receive({ token: device.pushToken, body: { mdm: device.pushMagic } });
    // Nobody is listening any more, so the push can wake nothing.
    expect(apns.waiting).toBe(0);
    expect(device.wakeCount).toBe(2);
    expect(bed.server.results.has(third)).toBe(false);
    bed.server.queue.splice(0);
    device.close();
  });

  it('does not miss a push that arrives while a session is running', async () => {
    const device = new SimulatedDevice({ platform: 'ios', trustedCaPem: bed.ca.certificatePem });
    await device.enroll(bed.profile());
    const apns = new FakeApns(false);
    let later = '';
    device.wakeOnPush(apns, {
      pollTimeoutMs: 100,
      onSession: () => {
        if (later) return;
        // Still inside the first wake: the server queues another command and pushes again.
        later = bed.server.enqueue('ProfileList');
        apns.receive({ token: device.pushToken, body: { mdm: device.pushMagic } });
      },
    });
    const first = bed.server.enqueue('SecurityInfo');
    apns.receive({ token: device.pushToken, body: { mdm: device.pushMagic } });
    await until(() => bed.server.results.has(first) && later !== '' && bed.server.results.has(later));
    expect(device.wakeCount).toBe(2);
    await device.stopWaking();
    device.close();
  });
});
