import { commandParams, type CommandName } from '../../../../contract/command-models';
import { buildPlist, parsePlistDict, type PlistDict } from '../../plist/plist-codec';
import { defineCommand, isMac, isMobile, needsSupervisedMobile, type CommandDefinition } from './command-definition';
import { standardQueries } from './device-information';


/** Every command the admin API can queue, keyed by RequestType. */
export const commandCatalog = {
  DeviceInformation: defineCommand({
    requestType: 'DeviceInformation',
    params: commandParams('DeviceInformation'),
    refusal: () => null,
    build: (params) => ({ command: { RequestType: 'DeviceInformation', Queries: params.queries ?? [...standardQueries] }, summary: 'Device information' }),
  }),
  SecurityInfo: simple('SecurityInfo', 'Security information'),
  ProfileList: simple('ProfileList', 'Installed profiles'),
  InstallProfile: defineCommand({
    requestType: 'InstallProfile',
    params: commandParams('InstallProfile'),
    refusal: () => null,
    build: async (params, _device, context) => {
      const profile = Buffer.from(params.profileBase64, 'base64');
      let dict: PlistDict;
      try {
        dict = parsePlistDict(profile);
      } catch (error) {
        throw new Error(`profileBase64 must be an unsigned configuration profile: ${(error as Error).message}`);
      }
      if (dict.PayloadType !== 'Configuration' || typeof dict.PayloadIdentifier !== 'string') throw new Error('profileBase64 must be a Configuration profile with a PayloadIdentifier');
      const signed = await context.signProfile(Buffer.from(buildPlist(dict), 'utf8'));
      return { command: { RequestType: 'InstallProfile', Payload: signed }, summary: `Install profile ${dict.PayloadIdentifier}` };
    },
  }),
  RemoveProfile: defineCommand({
    requestType: 'RemoveProfile',
    params: commandParams('RemoveProfile'),
    refusal: () => null,
    build: (params) => ({ command: { RequestType: 'RemoveProfile', Identifier: params.identifier }, summary: `Remove profile ${params.identifier}` }),
  }),
  InstalledApplicationList: simple('InstalledApplicationList', 'Installed apps'),
  InstallApplication: defineCommand({
    requestType: 'InstallApplication',
    params: commandParams('InstallApplication'),
    refusal: () => null,
    build: (params) => {
      const source: PlistDict = params.iTunesStoreId !== undefined ? { iTunesStoreID: params.iTunesStoreId } : { ManifestURL: params.manifestUrl! };
      return {
        command: { RequestType: 'InstallApplication', ...source, ManagementFlags: params.removeWithMdm ? 1 : 0 },
        summary: `Install app ${params.iTunesStoreId ?? params.manifestUrl}`,
      };
    },
  }),
  RemoveApplication: defineCommand({
    requestType: 'RemoveApplication',
    params: commandParams('RemoveApplication'),
    refusal: () => null,
    build: (params) => ({ command: { RequestType: 'RemoveApplication', Identifier: params.identifier }, summary: `Remove app ${params.identifier}` }),
  }),
  DeviceLock: defineCommand({
    requestType: 'DeviceLock',
    params: commandParams('DeviceLock'),
    available: () => null,
    refusal: (device, params) => {
      if (isMac(device) && !params.pin) return 'locking a Mac needs a 6-digit PIN';
      if (!isMac(device) && params.pin) return 'a PIN can only be set when locking a Mac';
      return null;
    },
    build: (params) => ({
      command: { RequestType: 'DeviceLock', ...(params.message ? { Message: params.message } : {}), ...(params.phoneNumber ? { PhoneNumber: params.phoneNumber } : {}), ...(params.pin ? { PIN: params.pin } : {}) },
      summary: 'Lock the device',
    }),
    destructive: true,
  }),
  EraseDevice: defineCommand({
    requestType: 'EraseDevice',
    params: commandParams('EraseDevice'),
    available: () => null,
    refusal: (device, params) => (!isMac(device) && params.pin ? 'a PIN can only be set when erasing a Mac' : null),
    build: (params, device) => ({
      command: { RequestType: 'EraseDevice', ...(params.pin ? { PIN: params.pin } : {}), ...(isMobile(device) ? { PreserveDataPlan: params.preserveDataPlan } : {}) },
      summary: 'Erase the device',
    }),
    destructive: true,
  }),
  ClearPasscode: defineCommand({
    requestType: 'ClearPasscode',
    params: commandParams('ClearPasscode'),
    refusal: (device) => {
      if (!isMobile(device)) return 'ClearPasscode is only available on iPhone and iPad';
      return device.sealedUnlockToken ? null : 'this device did not escrow an UnlockToken, so its passcode cannot be cleared';
    },
    build: async (_params, device, context) => {
      const token = await context.unlockToken(device);
      if (!token) throw new Error('the escrowed UnlockToken could not be read');
      return { command: { RequestType: 'ClearPasscode', UnlockToken: token }, summary: 'Clear the passcode' };
    },
    destructive: true,
  }),
  RestartDevice: defineCommand({
    requestType: 'RestartDevice',
    params: commandParams('RestartDevice'),
    refusal: (device) => (isMac(device) ? null : needsSupervisedMobile(device, 'Restart')),
    build: () => ({ command: { RequestType: 'RestartDevice' }, summary: 'Restart' }),
  }),
  ShutDownDevice: defineCommand({
    requestType: 'ShutDownDevice',
    params: commandParams('ShutDownDevice'),
    refusal: (device) => (isMac(device) ? null : needsSupervisedMobile(device, 'Shut down')),
    build: () => ({ command: { RequestType: 'ShutDownDevice' }, summary: 'Shut down' }),
  }),
  Settings: defineCommand({
    requestType: 'Settings',
    params: commandParams('Settings'),
    refusal: (device) => (isMac(device) ? null : needsSupervisedMobile(device, 'Renaming')),
    build: (params) => ({ command: { RequestType: 'Settings', Settings: [{ Item: 'DeviceName', DeviceName: params.deviceName }] }, summary: `Rename to "${params.deviceName}"` }),
  }),
  EnableLostMode: defineCommand({
    requestType: 'EnableLostMode',
    params: commandParams('EnableLostMode'),
    refusal: (device) => needsSupervisedMobile(device, 'Lost mode'),
    build: (params) => ({
      command: { RequestType: 'EnableLostMode', ...(params.message ? { Message: params.message } : {}), ...(params.phoneNumber ? { PhoneNumber: params.phoneNumber } : {}), ...(params.footnote ? { Footnote: params.footnote } : {}) },
      summary: 'Enable lost mode',
    }),
    destructive: true,
  }),
  DisableLostMode: lostModeOnly('DisableLostMode', 'Disable lost mode'),
  DeviceLocation: lostModeOnly('DeviceLocation', 'Locate the device'),
  PlayLostModeSound: lostModeOnly('PlayLostModeSound', 'Play a sound'),
  Raw: defineCommand({
    requestType: 'Raw',
    params: commandParams('Raw'),
    refusal: () => null,
    build: (params) => {
      const command = params.commandPlist !== undefined ? parsePlistDict(Buffer.from(params.commandPlist, 'utf8')) : (params.command as PlistDict);
      if (typeof command.RequestType !== 'string' || !command.RequestType) throw new Error('the raw command needs a RequestType');
      return { command, summary: `Raw ${command.RequestType}` };
    },
  }),
} satisfies Record<CommandName, CommandDefinition>;

function simple(requestType: CommandName, summary: string) {
  return defineCommand({ requestType, params: commandParams(requestType), refusal: () => null, build: () => ({ command: { RequestType: requestType }, summary }) });
}

/** Commands that only make sense while the device is in lost mode (Apple refuses them otherwise). */
function lostModeOnly(requestType: CommandName, summary: string) {
  return defineCommand({
    requestType,
    params: commandParams(requestType),
    refusal: (device) => needsSupervisedMobile(device, 'Lost mode') ?? (device.information.IsMDMLostModeEnabled === false ? 'the device is not in lost mode' : null),
    build: () => ({ command: { RequestType: requestType }, summary }),
  });
}
