import type { DeviceSummary } from '../../../../contract/command-models';
import type { PkiStatus, PushStatus } from '../../../../contract/enrollment-models';
import type { FleetView } from '../../../../contract/fleet-models';
import type { ServerStatus } from '../../../../contract/models';
import { devicesLink } from '../devices/device-filter';
import { presenceOf, silentAfterDays, type Presence } from '../devices/device-presence';

export interface FleetFigures {
  /** null: every device. */
  fleetId: string | null;
  name: string;
  total: number;
  byPresence: Record<Presence, number>;
}

const noPresence = (): Record<Presence, number> => ({ online: 0, recent: 0, quiet: 0, silent: 0 });

/** Devices per fleet and where each stands, plus a first row for every device. */
export function fleetFigures(fleets: readonly FleetView[], devices: readonly DeviceSummary[], now: number): FleetFigures[] {
  const rows = new Map<string, FleetFigures>(fleets.map((fleet) => [fleet.id, { fleetId: fleet.id, name: fleet.name, total: 0, byPresence: noPresence() }]));
  const all: FleetFigures = { fleetId: null, name: 'All devices', total: 0, byPresence: noPresence() };
  for (const device of devices) {
    const presence = presenceOf(device, now);
    for (const row of [all, rows.get(device.fleetId)]) {
      if (!row) continue;
      row.total += 1;
      row.byPresence[presence] += 1;
    }
  }
  return [all, ...rows.values()];
}

export interface HealthAlert {
  id: string;
  tone: 'warning' | 'error';
  text: string;
  /** Where to act on it. */
  href: string;
}

const day = 86_400_000;
/** Certificates this close to their end raise an alert. */
export const certificateWarningDays = 30;

function expiring(notAfter: string, now: number): { expired: boolean; days: number } | null {
  const left = Date.parse(notAfter) - now;
  if (left > certificateWarningDays * day) return null;
  return { expired: left <= 0, days: Math.max(0, Math.ceil(left / day)) };
}

/** What needs the admin, most urgent first: certificates, servers that are down, devices Lanyard cannot reach. */
export function healthAlerts(input: { push: PushStatus | null; pki: PkiStatus | null; servers: readonly ServerStatus[]; devices: readonly DeviceSummary[]; now: number }): HealthAlert[] {
  const { push, pki, servers, devices, now } = input;
  const alerts: HealthAlert[] = [];
  if (push) {
    if (!push.configured) alerts.push({ id: 'push-missing', tone: 'warning', text: 'No APNs push certificate yet: Apple devices cannot enroll.', href: '#/settings/push-certificate' });
    else if (push.expired) alerts.push({ id: 'push-expired', tone: 'error', text: 'The APNs push certificate has expired: Apple devices cannot be reached. Renew it with the same Apple ID.', href: '#/settings/push-certificate' });
    else if (push.expiresSoon && push.notAfter) {
      const left = expiring(push.notAfter, now);
      alerts.push({ id: 'push-expiring', tone: 'warning', text: `The APNs push certificate expires in ${left?.days ?? certificateWarningDays} days. Renew it (same Apple ID, same topic) before then.`, href: '#/settings/push-certificate' });
    }
    if (push.blocked) alerts.push({ id: 'push-blocked', tone: 'error', text: push.blocked, href: '#/settings/push-certificate' });
    if (push.devicesOnOtherTopic > 0)
      alerts.push({ id: 'push-topic', tone: 'error', text: `The push certificate's topic changed: ${push.devicesOnOtherTopic} Apple ${push.devicesOnOtherTopic === 1 ? 'device was' : 'devices were'} enrolled under the old one and cannot be woken until ${push.devicesOnOtherTopic === 1 ? 'it enrols' : 'they enrol'} again. Renewing with the Apple ID that made the first certificate keeps the topic.`, href: '#/settings/push-certificate' });
  }
  for (const [id, label, certificate] of [
    ['ca', 'office CA', pki?.ca],
    ['tls', 'TLS certificate', pki?.tls],
  ] as const) {
    const left = certificate ? expiring(certificate.notAfter, now) : null;
    if (left) alerts.push({ id: `${id}-expiring`, tone: left.expired ? 'error' : 'warning', text: left.expired ? `The ${label} has expired.` : `The ${label} expires in ${left.days} days.`, href: '#/settings/certificates' });
  }
  if (pki?.tls && !pki.tls.coversPublicHost) alerts.push({ id: 'tls-host', tone: 'error', text: "The TLS certificate does not cover the address devices use: they cannot connect.", href: '#/settings/certificates' });
  for (const server of servers) {
    if (server.state === 'failed') alerts.push({ id: `server-${server.name}`, tone: 'error', text: `${server.name} is down${server.error ? `: ${server.error}` : '.'}`, href: '#/' });
  }
  const dead = devices.filter((device) => device.channel === 'mdm' && device.enrollmentStatus === 'enrolled' && device.pushState === 'dead').length;
  if (dead > 0) alerts.push({ id: 'push-dead', tone: 'error', text: `APNs refuses pushes to ${dead} Apple ${dead === 1 ? 'device' : 'devices'}: they cannot be woken.`, href: devicesLink({ channel: 'mdm' }) });
  const silent = devices.filter((device) => presenceOf(device, now) === 'silent').length;
  if (silent > 0) alerts.push({ id: 'silent', tone: 'warning', text: `${silent} ${silent === 1 ? 'device has' : 'devices have'} not been seen for more than ${silentAfterDays} days.`, href: devicesLink({ presence: 'silent' }) });
  return alerts.sort((a, b) => Number(b.tone === 'error') - Number(a.tone === 'error'));
}
