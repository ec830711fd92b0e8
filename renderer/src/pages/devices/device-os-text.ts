import type { DeviceSummary } from '../../../../contract/command-models';

const osNames: Record<DeviceSummary['platform'], string> = { ios: 'iOS', ipados: 'iPadOS', macos: 'macOS', tvos: 'tvOS', windows: 'Windows', linux: 'Linux', unknown: '' };

/** "iOS 17.4", "Linux Debian 12"; a dash when nothing is known yet. */
export function osText(device: Pick<DeviceSummary, 'platform' | 'osVersion'>): string {
  return [osNames[device.platform], device.osVersion].filter(Boolean).join(' ') || '—';
}
