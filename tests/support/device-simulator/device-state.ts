import type { DeviceFacts, Platform } from './device-facts';
import { stringField, numberField, arrayField, isPlistDict, type PlistDict } from './plist-codec';

export interface InstalledProfile {
  identifier: string;
  uuid: string;
  displayName: string | undefined;
  organization: string | undefined;
  description: string | undefined;
  version: number;
  /** Installed by MDM (InstallProfile) rather than by the user. */
  managed: boolean;
  signerCertificatesDer: Buffer[];
  payloads: PlistDict[];
  plist: PlistDict;
}

export interface InstalledApp {
  identifier: string;
  name: string;
  shortVersion: string;
  version: string;
  bundleSize: number;
  managed: boolean;
}

/** Everything commands can read or change on the simulated device. */
export interface DeviceState {
  facts: DeviceFacts;
  profiles: Map<string, InstalledProfile>;
  apps: Map<string, InstalledApp>;
  passcodePresent: boolean;
  locked: boolean;
  lostMode: { enabled: boolean; message?: string | undefined; phoneNumber?: string | undefined; footnote?: string | undefined; soundsPlayed: number };
  location: { latitude: number; longitude: number; horizontalAccuracy: number };
  restarts: number;
  shutdowns: number;
  /** Set by EraseDevice, or by RemoveProfile on the enrollment profile: acted upon when the session ends. */
  pendingEffect: 'erase' | 'unenroll' | undefined;
}

/** The read-only context commands run in. */
export interface DeviceContext {
  platform: Platform;
  supervised: boolean;
  accessRights: number;
  /** The UnlockToken sent in TokenUpdate (iOS/iPadOS with AccessRights 4). */
  unlockToken: Buffer | undefined;
  enrollmentProfileIdentifier: string | undefined;
  /** Certificates in the device keychain that MDM may list: the identity and the root CA (PEM). */
  certificates: Array<{ pem: string; isIdentity: boolean }>;
  state: DeviceState;
}

const STARTER_APPS: Record<Platform, InstalledApp[]> = {
  ios: [
    { identifier: 'com.microsoft.Office.Outlook', name: 'Outlook', shortVersion: '4.2447.0', version: '4.2447.0', bundleSize: 312_456_192, managed: false },
    { identifier: 'com.tinyspeck.chatlyio', name: 'Slack', shortVersion: '24.11.10', version: '24.11.10.0', bundleSize: 198_311_936, managed: false },
    { identifier: 'com.google.chrome.ios', name: 'Chrome', shortVersion: '131.0.6778.73', version: '6778.73', bundleSize: 287_113_216, managed: false },
  ],
  ipados: [
    { identifier: 'com.microsoft.Office.Word', name: 'Word', shortVersion: '2.91', version: '2.91.24111016', bundleSize: 402_653_184, managed: false },
    { identifier: 'com.apple.Keynote', name: 'Keynote', shortVersion: '14.2', version: '7038.0.81', bundleSize: 612_368_384, managed: false },
  ],
  macos: [
    { identifier: 'com.apple.Safari', name: 'Safari', shortVersion: '18.1', version: '20619.2.8.11.10', bundleSize: 14_680_064, managed: false },
    { identifier: 'com.google.Chrome', name: 'Google Chrome', shortVersion: '131.0.6778.86', version: '6778.86', bundleSize: 1_288_490_189, managed: false },
    { identifier: 'com.tinyspeck.slackmacgap', name: 'Slack', shortVersion: '4.41.105', version: '441000105', bundleSize: 521_142_272, managed: false },
  ],
};

export function createDeviceState(facts: DeviceFacts): DeviceState {
  return {
    facts,
    profiles: new Map(),
    apps: new Map(STARTER_APPS[facts.platform].map((app) => [app.identifier, { ...app }])),
    passcodePresent: true,
    locked: false,
    lostMode: { enabled: false, soundsPlayed: 0 },
    location: { latitude: 48.8584, longitude: 2.2945, horizontalAccuracy: 12 },
    restarts: 0,
    shutdowns: 0,
    pendingEffect: undefined,
  };
}

/** The record a device keeps of an installed profile; throws when required keys are missing. */
export function installedProfileFrom(plist: PlistDict, options: { managed: boolean; signerCertificatesDer: Buffer[] }): InstalledProfile {
  const identifier = stringField(plist, 'PayloadIdentifier');
  const uuid = stringField(plist, 'PayloadUUID');
  if (stringField(plist, 'PayloadType') !== 'Configuration') throw new Error('PayloadType is not Configuration');
  if (!identifier) throw new Error('PayloadIdentifier is missing');
  if (!uuid) throw new Error('PayloadUUID is missing');
  const content = arrayField(plist, 'PayloadContent') ?? [];
  if (!content.every(isPlistDict)) throw new Error('PayloadContent must be an array of dictionaries');
  for (const payload of content) {
    if (!stringField(payload, 'PayloadType') || !stringField(payload, 'PayloadIdentifier') || !stringField(payload, 'PayloadUUID')) {
      throw new Error('every payload needs PayloadType, PayloadIdentifier and PayloadUUID');
    }
  }
  return {
    identifier,
    uuid,
    displayName: stringField(plist, 'PayloadDisplayName'),
    organization: stringField(plist, 'PayloadOrganization'),
    description: stringField(plist, 'PayloadDescription'),
    version: numberField(plist, 'PayloadVersion') ?? 1,
    managed: options.managed,
    signerCertificatesDer: options.signerCertificatesDer,
    payloads: content,
    plist,
  };
}
