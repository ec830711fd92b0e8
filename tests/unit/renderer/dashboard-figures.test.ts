import { describe, expect, it } from 'vitest';
import type { DeviceSummary } from '../../../contract/command-models';
import type { PkiStatus, PushStatus } from '../../../contract/enrollment-models';
import type { FleetView } from '../../../contract/fleet-models';
import { fleetFigures, healthAlerts } from '../../../renderer/src/pages/overview/dashboard-figures';
import { defaultDeviceFilter, devicesLink, filterFromQuery, filterToQuery, matchesDevice } from '../../../renderer/src/pages/devices/device-filter';
import { presenceOf } from '../../../renderer/src/pages/devices/device-presence';

const now = Date.parse('2026-12-04T12:00:00Z');
const hoursAgo = (h: number) => new Date(now - h * 3_600_000).toISOString();

const device = (id: string, extra: Partial<DeviceSummary>): DeviceSummary => ({
  id,
  udid: id,
  serialNumber: `SN-${id}`,
  name: id,
  model: '',
  modelName: '',
  osVersion: '',
  channel: 'mdm',
  fleetId: 'unassigned',
  platform: 'ios',
  enrollmentStatus: 'enrolled',
  online: null,
  onlineChangedAt: null,
  hostname: null,
  user: null,
  lastSeenAt: hoursAgo(1),
  supervised: null,
  pushState: 'healthy',
  pendingCommands: 0,
  inventoryAt: null,
  lostMode: null,
  ...extra,
});
const fleet = (id: string, name: string, isDefault = false): FleetView => ({ id, name, isDefault, deviceCount: 0, createdAt: hoursAgo(100) });
const push: PushStatus = { configured: true, topic: 'com.apple.mgmt.x', subject: 's', notAfter: hoursAgo(-24 * 300), expiresSoon: false, expired: false, csrPending: false, blocked: null, devicesOnOtherTopic: 0 };
const certificate = (daysLeft: number) => ({ subject: 's', issuer: 'i', notBefore: hoursAgo(1000), notAfter: hoursAgo(-24 * daysLeft), sha256: 'x' });
const pki = (caDays: number, tlsDays: number): PkiStatus => ({ ca: { ...certificate(caDays), certificatePem: '' }, tls: { ...certificate(tlsDays), source: 'office', hosts: ['127.0.0.1'], coversPublicHost: true }, keyProtection: 'file' });

describe('presence', () => {
  it('counts a connected agent online, then by the last time a device was seen', () => {
    expect(presenceOf(device('a', { channel: 'agent', online: true, lastSeenAt: hoursAgo(500) }), now)).toBe('online');
    expect(presenceOf(device('b', { lastSeenAt: hoursAgo(23) }), now)).toBe('recent');
    expect(presenceOf(device('c', { lastSeenAt: hoursAgo(25) }), now)).toBe('quiet');
    expect(presenceOf(device('d', { lastSeenAt: hoursAgo(24 * 8) }), now)).toBe('silent');
    // An agent that went offline a moment ago was seen then, even if its last message is older.
    expect(presenceOf(device('e', { channel: 'agent', online: false, lastSeenAt: hoursAgo(24 * 8), onlineChangedAt: hoursAgo(2) }), now)).toBe('recent');
  });
});

describe('fleet figures', () => {
  it('counts every device once per fleet and once in the total', () => {
    const rows = fleetFigures(
      [fleet('unassigned', 'Unassigned', true), fleet('desk', 'Front desk')],
      [device('a', { channel: 'agent', online: true, fleetId: 'desk' }), device('b', { fleetId: 'desk', lastSeenAt: hoursAgo(24 * 9) }), device('c', {})],
      now,
    );
    expect(rows.map((r) => [r.name, r.total, r.byPresence.online, r.byPresence.recent, r.byPresence.silent])).toEqual([
      ['All devices', 3, 1, 1, 1],
      ['Unassigned', 1, 0, 1, 0],
      ['Front desk', 2, 1, 0, 1],
    ]);
  });
});

describe('health alerts', () => {
  it('says nothing when all is well', () => {
    expect(healthAlerts({ push, pki: pki(3000, 300), servers: [{ name: 'Agent MQTT broker', state: 'running' }], devices: [device('a', {})], now })).toEqual([]);
  });

  it('names what needs the admin, errors first, each with where to act', () => {
    const alerts = healthAlerts({
      push: { ...push, expiresSoon: true, notAfter: hoursAgo(-24 * 12) },
      pki: pki(3000, 10),
      servers: [{ name: 'Agent MQTT broker', state: 'failed', error: 'port 8883 is in use' }],
      devices: [device('dead', { pushState: 'dead' }), device('old', { lastSeenAt: hoursAgo(24 * 30) })],
      now,
    });
    expect(alerts.map((a) => a.id)).toEqual(['server-Agent MQTT broker', 'push-dead', 'push-expiring', 'tls-expiring', 'silent']);
    expect(alerts[0]!.text).toBe('Agent MQTT broker is down: port 8883 is in use');
    expect(alerts.find((a) => a.id === 'push-expiring')!.text).toMatch(/expires in 12 days/);
    expect(alerts.find((a) => a.id === 'tls-expiring')!.text).toBe('The TLS certificate expires in 10 days.');
    expect(alerts.find((a) => a.id === 'silent')!.href).toBe('#/devices?presence=silent');
  });

  it('says how many devices a push topic change cut off', () => {
    const alerts = healthAlerts({ push: { ...push, devicesOnOtherTopic: 3 }, pki: null, servers: [], devices: [], now });
    expect(alerts.map((a) => [a.id, a.tone])).toEqual([['push-topic', 'error']]);
    expect(alerts[0]!.text).toMatch(/3 Apple devices were enrolled under the old one/);
  });

  it('tells a missing or expired push certificate apart', () => {
    expect(healthAlerts({ push: { ...push, configured: false }, pki: null, servers: [], devices: [], now }).map((a) => a.id)).toEqual(['push-missing']);
    expect(healthAlerts({ push: { ...push, expired: true }, pki: null, servers: [], devices: [], now }).map((a) => a.tone)).toEqual(['error']);
  });
});

describe('device filters in the address', () => {
  it('round-trips every filter and leaves defaults out', () => {
    const filter = { text: 'ann', status: 'enrolled', channel: 'agent', fleetId: 'desk', presence: 'silent', platform: 'linux', model: 'ThinkPad T14' } as const;
    expect(filterToQuery(filter).toString()).toBe('q=ann&status=enrolled&channel=agent&fleet=desk&presence=silent&os=linux&model=ThinkPad+T14');
    expect(filterFromQuery(filterToQuery(filter))).toEqual(filter);
    expect(filterToQuery(defaultDeviceFilter).toString()).toBe('');
    expect(devicesLink({ fleetId: 'desk', presence: 'online' })).toBe('#/devices?fleet=desk&presence=online');
  });

  it('falls back to the default for a value it does not know', () => {
    expect(filterFromQuery(new URLSearchParams('status=bogus&channel=fax&presence=never'))).toEqual(defaultDeviceFilter);
  });

  it('filters by OS and model', () => {
    const mac = device('m', { platform: 'macos', modelName: 'MacBook Air' });
    const phone = device('p', { platform: 'ios', modelName: 'iPhone' });
    expect([mac, phone].filter((d) => matchesDevice(d, { ...defaultDeviceFilter, platform: 'macos' }, now)).map((d) => d.id)).toEqual(['m']);
    expect([mac, phone].filter((d) => matchesDevice(d, { ...defaultDeviceFilter, model: 'iPhone' }, now)).map((d) => d.id)).toEqual(['p']);
  });

  it('filters by fleet and presence', () => {
    const desk = device('a', { fleetId: 'desk', channel: 'agent', online: true });
    const other = device('b', { lastSeenAt: hoursAgo(24 * 10) });
    expect([desk, other].filter((d) => matchesDevice(d, { ...defaultDeviceFilter, fleetId: 'desk' }, now)).map((d) => d.id)).toEqual(['a']);
    expect([desk, other].filter((d) => matchesDevice(d, { ...defaultDeviceFilter, presence: 'silent' }, now)).map((d) => d.id)).toEqual(['b']);
  });
});
