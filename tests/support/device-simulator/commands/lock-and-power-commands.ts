import type { DeviceContext } from '../device-state';
import { acknowledged, DeviceErrors, failed, formatError, type CommandOutcome } from '../error-chain';
import { dataField, stringField, type PlistDict } from '../plist-codec';

const SIX_DIGITS = /^\d{6}$/;

/** DeviceLock: iOS/iPadOS show the message (MessageResult); macOS needs a 6-digit PIN. */
export function deviceLock(command: PlistDict, device: DeviceContext): CommandOutcome {
  if (device.platform === 'macos') {
    const pin = stringField(command, 'PIN');
    if (!pin || !SIX_DIGITS.test(pin)) return formatError('DeviceLock on macOS requires a 6-digit PIN');
    device.state.locked = true;
    return acknowledged();
  }
  device.state.locked = true;
  const message = stringField(command, 'Message');
  return acknowledged({ MessageResult: message ? `Displayed: ${message}` : 'Device locked' });
}

/** EraseDevice: acknowledged, then the device wipes itself when the session ends (a macOS PIN must be 6 digits). */
export function eraseDevice(command: PlistDict, device: DeviceContext): CommandOutcome {
  const pin = command.PIN;
  if (device.platform === 'macos' && pin !== undefined && !(typeof pin === 'string' && SIX_DIGITS.test(pin))) {
    return formatError('PIN must be 6 digits');
  }
  device.state.pendingEffect = 'erase';
  return acknowledged();
}

/** ClearPasscode (iOS/iPadOS): the UnlockToken must be the one the device sent in TokenUpdate. */
export function clearPasscode(command: PlistDict, device: DeviceContext): CommandOutcome {
  if (device.platform === 'macos') return failed(DeviceErrors.unsupportedOnPlatform('ClearPasscode'));
  const token = dataField(command, 'UnlockToken');
  if (!token) return formatError('UnlockToken must be data');
  if (!device.unlockToken || !token.equals(device.unlockToken)) return failed(DeviceErrors.wrongUnlockToken());
  device.state.passcodePresent = false;
  return acknowledged();
}

/** RestartDevice: supervised only on iOS/iPadOS. */
export function restartDevice(_command: PlistDict, device: DeviceContext): CommandOutcome {
  if (device.platform !== 'macos' && !device.supervised) return failed(DeviceErrors.notSupervised('RestartDevice'));
  device.state.restarts += 1;
  return acknowledged();
}

/** ShutDownDevice: supervised only on iOS/iPadOS. */
export function shutDownDevice(_command: PlistDict, device: DeviceContext): CommandOutcome {
  if (device.platform !== 'macos' && !device.supervised) return failed(DeviceErrors.notSupervised('ShutDownDevice'));
  device.state.shutdowns += 1;
  return acknowledged();
}
