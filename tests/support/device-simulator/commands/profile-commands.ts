import { installedProfileFrom, type DeviceContext } from '../device-state';
import { acknowledged, DeviceErrors, failed, formatError, type CommandOutcome } from '../error-chain';
import { pemToDer } from '../pem';
import { dataField, stringField, type PlistDict } from '../plist-codec';
import { decodeMobileconfig } from '../signed-profile';

/** InstallProfile: Payload is a .mobileconfig, signed (CMS) or bare; an existing profile with the same identifier is replaced. */
export async function installProfile(command: PlistDict, device: DeviceContext): Promise<CommandOutcome> {
  const payload = dataField(command, 'Payload');
  if (!payload) return formatError('Payload must be data');
  let profile;
  try {
    const decoded = await decodeMobileconfig(payload);
    if (decoded.profile.EncryptedPayloadContent !== undefined) throw new Error('encrypted profiles are not supported by the simulator');
    profile = installedProfileFrom(decoded.profile, {
      managed: true,
      signerCertificatesDer: decoded.signed ? [pemToDer(decoded.signed.signerCertificatePem)] : [],
    });
  } catch (error) {
    return failed(DeviceErrors.installFailed(), DeviceErrors.malformedProfile((error as Error).message));
  }
  if (profile.identifier === device.enrollmentProfileIdentifier) {
    // Re-installing the MDM profile (e.g. identity renewal) keeps it user-installed, as on a device.
    profile.managed = false;
  }
  device.state.profiles.set(profile.identifier, profile);
  return acknowledged();
}

/** RemoveProfile: removing the enrollment profile unenrolls the device once the session ends. */
export function removeProfile(command: PlistDict, device: DeviceContext): CommandOutcome {
  const identifier = stringField(command, 'Identifier');
  if (!identifier) return formatError('Identifier must be a string');
  if (!device.state.profiles.has(identifier)) return failed(DeviceErrors.profileNotInstalled(identifier));
  device.state.profiles.delete(identifier);
  if (identifier === device.enrollmentProfileIdentifier) device.state.pendingEffect = 'unenroll';
  return acknowledged();
}
