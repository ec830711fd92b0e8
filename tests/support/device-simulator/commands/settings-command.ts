import type { DeviceContext } from '../device-state';
import { acknowledged, DeviceErrors, errorItem, formatError, type CommandOutcome } from '../error-chain';
import { arrayField, isPlistDict, stringField, type PlistDict } from '../plist-codec';

/** Settings: one status per item. DeviceName needs supervision on iOS/iPadOS; HostName is macOS only. */
export function settings(command: PlistDict, device: DeviceContext): CommandOutcome {
  const items = arrayField(command, 'Settings');
  if (!items || !items.every(isPlistDict)) return formatError('Settings must be an array of dictionaries');
  return acknowledged({ Settings: (items as PlistDict[]).map((item) => applyItem(item, device)) });
}

function applyItem(item: PlistDict, device: DeviceContext): PlistDict {
  const name = stringField(item, 'Item') ?? '';
  const refused = (error: PlistDict): PlistDict => ({ Item: name, Status: 'Error', ErrorChain: [error] });
  switch (name) {
    case 'DeviceName': {
      const value = stringField(item, 'DeviceName');
      if (!value) return refused(errorItem(12001, 'MCMDMErrorDomain', 'DeviceName must be a non-empty string'));
      if (device.platform !== 'macos' && !device.supervised) return refused(DeviceErrors.notSupervised('Settings DeviceName'));
      device.state.facts.deviceName = value;
      return { Item: name, Status: 'Acknowledged' };
    }
    case 'HostName': {
      const value = stringField(item, 'HostName');
      if (device.platform !== 'macos') return refused(DeviceErrors.unsupportedOnPlatform('Settings HostName'));
      if (!value) return refused(errorItem(12001, 'MCMDMErrorDomain', 'HostName must be a non-empty string'));
      return { Item: name, Status: 'Acknowledged' };
    }
    case 'OrganizationInfo':
    case 'MDMOptions':
      return { Item: name, Status: 'Acknowledged' };
    case 'TimeZone':
    case 'Bluetooth':
    case 'Wallpaper':
      if (device.platform !== 'macos' && !device.supervised) return refused(DeviceErrors.notSupervised(`Settings ${name}`));
      return { Item: name, Status: 'Acknowledged' };
    default:
      return refused(DeviceErrors.unsupportedOnPlatform(`Settings ${name || '(no Item)'}`));
  }
}
