import type { DeviceContext } from '../device-state';
import { acknowledged, DeviceErrors, failed, formatError, type CommandOutcome } from '../error-chain';
import { stringField, type PlistDict } from '../plist-codec';

/** Lost Mode exists only on supervised iOS/iPadOS; anything else answers like a real device would. */
function refuse(requestType: string, device: DeviceContext): CommandOutcome | undefined {
  if (device.platform === 'macos') return failed(DeviceErrors.unsupportedOnPlatform(requestType));
  if (!device.supervised) return failed(DeviceErrors.notSupervised(requestType));
  return undefined;
}

export function enableLostMode(command: PlistDict, device: DeviceContext): CommandOutcome {
  const refused = refuse('EnableLostMode', device);
  if (refused) return refused;
  const message = stringField(command, 'Message');
  const phoneNumber = stringField(command, 'PhoneNumber');
  if (!message && !phoneNumber) return formatError('EnableLostMode needs a Message or a PhoneNumber');
  device.state.lostMode = { ...device.state.lostMode, enabled: true, message, phoneNumber, footnote: stringField(command, 'Footnote') };
  return acknowledged();
}

export function disableLostMode(_command: PlistDict, device: DeviceContext): CommandOutcome {
  const refused = refuse('DisableLostMode', device);
  if (refused) return refused;
  if (!device.state.lostMode.enabled) return failed(DeviceErrors.lostModeNotEnabled());
  device.state.lostMode = { enabled: false, soundsPlayed: device.state.lostMode.soundsPlayed };
  return acknowledged();
}

export function playLostModeSound(_command: PlistDict, device: DeviceContext): CommandOutcome {
  const refused = refuse('PlayLostModeSound', device);
  if (refused) return refused;
  if (!device.state.lostMode.enabled) return failed(DeviceErrors.lostModeNotEnabled());
  device.state.lostMode.soundsPlayed += 1;
  return acknowledged();
}

export function deviceLocation(_command: PlistDict, device: DeviceContext): CommandOutcome {
  const refused = refuse('DeviceLocation', device);
  if (refused) return refused;
  if (!device.state.lostMode.enabled) return failed(DeviceErrors.lostModeNotEnabled());
  const { latitude, longitude, horizontalAccuracy } = device.state.location;
  return acknowledged({
    Latitude: latitude,
    Longitude: longitude,
    HorizontalAccuracy: horizontalAccuracy,
    VerticalAccuracy: 8,
    Altitude: 35,
    Speed: 0,
    Course: -1,
    Timestamp: new Date().toISOString(),
  });
}
