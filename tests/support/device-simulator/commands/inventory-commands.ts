import { X509Certificate } from 'node:crypto';
import type { DeviceContext, InstalledProfile } from '../device-state';
import { acknowledged, type CommandOutcome } from '../error-chain';
import { pemToDer } from '../pem';
import { arrayField, booleanField, type PlistDict } from '../plist-codec';

/** SecurityInfo: passcode and encryption on iOS/iPadOS; FileVault, SIP and firewall on macOS. */
export function securityInfo(_command: PlistDict, device: DeviceContext): CommandOutcome {
  const passcode = { PasscodePresent: device.state.passcodePresent, PasscodeCompliant: true, PasscodeCompliantWithProfiles: true };
  if (device.platform !== 'macos') {
    return acknowledged({ SecurityInfo: { ...passcode, HardwareEncryptionCaps: 3, PasscodeLockGracePeriodEnforced: 0, PasscodeLockGracePeriod: 0 } });
  }
  return acknowledged({
    SecurityInfo: {
      ...passcode,
      FDE_Enabled: true,
      FDE_HasPersonalRecoveryKey: true,
      FDE_HasInstitutionalRecoveryKey: false,
      SystemIntegrityProtectionEnabled: true,
      AuthenticatedRootVolumeEnabled: true,
      IsRecoveryLockEnabled: false,
      RemoteDesktopEnabled: false,
      FirewallSettings: { FirewallEnabled: true, BlockAllIncoming: false, StealthMode: false, Applications: [] },
      FirmwarePasswordStatus: { PasswordExists: false, ChangePending: false, AllowOroms: true },
      SecureBoot: { SecureBootLevel: 'full', ExternalBootLevel: 'disallowed' },
    },
  });
}

/** ProfileList: the enrollment profile (user-installed) and every profile MDM installed. */
export function profileList(command: PlistDict, device: DeviceContext): CommandOutcome {
  const managedOnly = booleanField(command, 'ManagedOnly') ?? false;
  const profiles = [...device.state.profiles.values()].filter((profile) => !managedOnly || profile.managed);
  return acknowledged({ ProfileList: profiles.map(profileEntry) });
}

function profileEntry(profile: InstalledProfile): PlistDict {
  const entry: PlistDict = {
    PayloadIdentifier: profile.identifier,
    PayloadUUID: profile.uuid,
    PayloadVersion: profile.version,
    IsManaged: profile.managed,
    IsEncrypted: false,
    HasRemovalPasscode: false,
    PayloadRemovalDisallowed: false,
    PayloadContent: profile.payloads.map((payload) => {
      const item: PlistDict = {};
      for (const key of ['PayloadIdentifier', 'PayloadType', 'PayloadUUID', 'PayloadVersion', 'PayloadDisplayName', 'PayloadDescription', 'PayloadOrganization']) {
        const value = payload[key];
        if (value !== undefined) item[key] = value;
      }
      return item;
    }),
  };
  if (profile.displayName !== undefined) entry.PayloadDisplayName = profile.displayName;
  if (profile.organization !== undefined) entry.PayloadOrganization = profile.organization;
  if (profile.description !== undefined) entry.PayloadDescription = profile.description;
  if (profile.signerCertificatesDer.length > 0) entry.SignerCertificates = profile.signerCertificatesDer;
  return entry;
}

/** InstalledApplicationList, optionally filtered by Identifiers and ManagedAppsOnly. */
export function installedApplicationList(command: PlistDict, device: DeviceContext): CommandOutcome {
  const identifiers = arrayField(command, 'Identifiers')?.filter((id): id is string => typeof id === 'string');
  const managedOnly = booleanField(command, 'ManagedAppsOnly') ?? false;
  const apps = [...device.state.apps.values()].filter((app) => (!identifiers || identifiers.includes(app.identifier)) && (!managedOnly || app.managed));
  return acknowledged({
    InstalledApplicationList: apps.map((app) => ({
      Identifier: app.identifier,
      Name: app.name,
      ShortVersion: app.shortVersion,
      Version: app.version,
      BundleSize: app.bundleSize,
      DynamicSize: Math.round(app.bundleSize / 7),
      Installing: false,
      IsValidated: true,
      AppStoreVendable: true,
      DeviceBasedVPP: false,
      BetaApp: false,
      AdHocCodeSigned: false,
      HasUpdateAvailable: false,
      IsAppClip: false,
    })),
  });
}

/** CertificateList: the identity and root CA in the keychain. */
export function certificateList(_command: PlistDict, device: DeviceContext): CommandOutcome {
  return acknowledged({
    CertificateList: device.certificates.map(({ pem, isIdentity }) => ({
      CommonName: /CN=([^\n]+)/.exec(new X509Certificate(pem).subject)?.[1] ?? '',
      IsIdentity: isIdentity,
      Data: pemToDer(pem),
    })),
  });
}
