import { buildPlist, type PlistDict } from '../plist/plist-codec';
import type { Settings } from '../../../contract/models';
import { pemToDer } from '../pki/pem';
import { payloadIdentifier, stableUuid } from './payload-ids';
import { profileDescription } from './profile-text';

/** A profile holding only the office root CA: step 1 on iOS, before full trust is turned on. */
export function buildTrustProfile(options: { installationId: string; settings: Settings; caCertificatePem: string }): string {
  const { installationId, settings } = options;
  return buildPlist({
    PayloadType: 'Configuration',
    PayloadVersion: 1,
    PayloadIdentifier: payloadIdentifier(installationId, 'trust'),
    PayloadUUID: stableUuid(installationId, 'trust-profile'),
    PayloadDisplayName: `${settings.organization.name} — trust`,
    PayloadOrganization: settings.organization.name,
    PayloadDescription: profileDescription(settings, 'Lets this device trust the office device-management server'),
    PayloadContent: [rootCertificatePayload(installationId, settings, options.caCertificatePem)],
  });
}

export function rootCertificatePayload(installationId: string, settings: Settings, caCertificatePem: string): PlistDict {
  return {
    PayloadType: 'com.apple.security.root',
    PayloadVersion: 1,
    PayloadIdentifier: payloadIdentifier(installationId, 'root-ca'),
    PayloadUUID: stableUuid(installationId, 'root-ca'),
    PayloadDisplayName: `${settings.organization.name} Root CA`,
    PayloadCertificateFileName: 'office-root-ca.cer',
    PayloadContent: pemToDer(caCertificatePem),
  };
}
