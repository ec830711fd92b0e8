import type { DeviceContext } from '../device-state';
import { DeviceErrors, failed, type CommandOutcome } from '../error-chain';
import type { PlistDict } from '../plist-codec';
import { installApplication, removeApplication } from './app-commands';
import { deviceInformation } from './device-information';
import { certificateList, installedApplicationList, profileList, securityInfo } from './inventory-commands';
import { clearPasscode, deviceLock, eraseDevice, restartDevice, shutDownDevice } from './lock-and-power-commands';
import { deviceLocation, disableLostMode, enableLostMode, playLostModeSound } from './lost-mode-commands';
import { installProfile, removeProfile } from './profile-commands';
import { settings } from './settings-command';

type Handler = (command: PlistDict, device: DeviceContext) => CommandOutcome | Promise<CommandOutcome>;

/** Each supported RequestType, with the AccessRights bits of which at least one is needed (0: none). */
const HANDLERS: Record<string, { rights: number; handle: Handler }> = {
  DeviceInformation: { rights: 16 | 32, handle: deviceInformation },
  SecurityInfo: { rights: 1024, handle: securityInfo },
  ProfileList: { rights: 1, handle: profileList },
  CertificateList: { rights: 1, handle: certificateList },
  InstallProfile: { rights: 2, handle: installProfile },
  RemoveProfile: { rights: 2, handle: removeProfile },
  InstalledApplicationList: { rights: 256, handle: installedApplicationList },
  InstallApplication: { rights: 4096, handle: installApplication },
  RemoveApplication: { rights: 4096, handle: removeApplication },
  DeviceLock: { rights: 4, handle: deviceLock },
  ClearPasscode: { rights: 4, handle: clearPasscode },
  EraseDevice: { rights: 8, handle: eraseDevice },
  RestartDevice: { rights: 4, handle: restartDevice },
  ShutDownDevice: { rights: 4, handle: shutDownDevice },
  Settings: { rights: 2048, handle: settings },
  EnableLostMode: { rights: 0, handle: enableLostMode },
  DisableLostMode: { rights: 0, handle: disableLostMode },
  PlayLostModeSound: { rights: 0, handle: playLostModeSound },
  DeviceLocation: { rights: 0, handle: deviceLocation },
};

export const SUPPORTED_REQUEST_TYPES = Object.keys(HANDLERS);

/** Runs one command the way the device's MDM client would; unknown RequestTypes get error 12021. */
export async function executeCommand(requestType: string, command: PlistDict, device: DeviceContext): Promise<CommandOutcome> {
  const entry = Object.hasOwn(HANDLERS, requestType) ? HANDLERS[requestType] : undefined;
  if (!entry) return failed(DeviceErrors.unknownCommand());
  if (entry.rights !== 0 && (device.accessRights & entry.rights) === 0) return failed(DeviceErrors.missingAccessRights(requestType));
  return entry.handle(command, device);
}
