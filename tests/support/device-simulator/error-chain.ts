import type { PlistDict } from './plist-codec';

export type CommandStatus = 'Acknowledged' | 'Error' | 'CommandFormatError' | 'NotNow';

/** What executing a command produced: the status and any response keys (QueryResponses, ErrorChain…). */
export interface CommandOutcome {
  status: CommandStatus;
  response: PlistDict;
}

export function acknowledged(response: PlistDict = {}): CommandOutcome {
  return { status: 'Acknowledged', response };
}

export function errorItem(code: number, domain: string, description: string): PlistDict {
  return { ErrorCode: code, ErrorDomain: domain, LocalizedDescription: description, USEnglishDescription: description };
}

export function failed(...chain: PlistDict[]): CommandOutcome {
  return { status: 'Error', response: { ErrorChain: chain } };
}

export function formatError(description: string): CommandOutcome {
  return { status: 'CommandFormatError', response: { ErrorChain: [errorItem(12001, 'MCMDMErrorDomain', description)] } };
}

/**
 * The errors the simulator reports, modelled on what devices send. Only 12021 (unknown
 * command) and MCProfileErrorDomain 1000 (malformed profile) are taken from real
 * devices; the other codes are plausible stand-ins, not Apple's catalogue.
 */
export const DeviceErrors = {
  unknownCommand: () => errorItem(12021, 'MCMDMErrorDomain', 'Unknown command'),
  malformedProfile: (detail: string) => errorItem(1000, 'MCProfileErrorDomain', `The profile is malformed: ${detail}`),
  profileNotInstalled: (identifier: string) => errorItem(1009, 'MCProfileErrorDomain', `The profile “${identifier}” is not installed.`),
  installFailed: () => errorItem(4001, 'MCInstallationErrorDomain', 'The profile could not be installed.'),
  notSupervised: (requestType: string) => errorItem(12081, 'MCMDMErrorDomain', `${requestType} requires a supervised device.`),
  unsupportedOnPlatform: (requestType: string) => errorItem(12009, 'MCMDMErrorDomain', `${requestType} is not supported on this device.`),
  missingAccessRights: (requestType: string) => errorItem(12025, 'MCMDMErrorDomain', `The MDM server has no access rights for ${requestType}.`),
  lostModeNotEnabled: () => errorItem(12067, 'MCMDMErrorDomain', 'Lost Mode is not enabled.'),
  wrongUnlockToken: () => errorItem(12015, 'MCMDMErrorDomain', 'The unlock token is invalid.'),
  appNotManaged: (identifier: string) => errorItem(12029, 'MCMDMErrorDomain', `The app “${identifier}” is not managed.`),
  scripted: (requestType: string) => errorItem(12999, 'MCMDMErrorDomain', `${requestType} failed (scripted by the test).`),
};
