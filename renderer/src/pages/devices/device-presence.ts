import type { DeviceSummary } from '../../../../contract/command-models';

/** An Apple device that checked in within this window counts as recently seen (the dashboard says so). */
export const recentWindowHours = 24;
/** A device not seen for longer than this is silent and raises an alert. */
export const silentAfterDays = 7;

/**
 * Where a device stands, as the dashboard counts it: an agent connected now
 * is online; otherwise a device seen within the recent window is recent,
 * one not seen for more than the silent limit is silent, and the rest quiet.
 */
export type Presence = 'online' | 'recent' | 'quiet' | 'silent';
export const presences: readonly Presence[] = ['online', 'recent', 'quiet', 'silent'];

export const presenceLabels: Record<Presence, string> = {
  online: 'Online now',
  recent: `Seen in the last ${recentWindowHours} hours`,
  quiet: `Seen in the last ${silentAfterDays} days`,
  silent: `Silent for over ${silentAfterDays} days`,
};

export function presenceOf(device: Pick<DeviceSummary, 'online' | 'lastSeenAt' | 'onlineChangedAt'>, now: number): Presence {
  if (device.online === true) return 'online';
  // An agent is seen until it goes offline: its last will may be later than its last message.
  const seen = Math.max(Date.parse(device.lastSeenAt) || 0, device.onlineChangedAt ? Date.parse(device.onlineChangedAt) || 0 : 0);
  const age = now - seen;
  if (age <= recentWindowHours * 3_600_000) return 'recent';
  if (age > silentAfterDays * 86_400_000) return 'silent';
  return 'quiet';
}
