import { buildPlist, type PlistDict } from '../plist/plist-codec';
import type { Settings } from '../../../contract/models';
import { payloadIdentifier, stableUuid } from './payload-ids';
import { profileDescription } from './profile-text';
import { rootCertificatePayload } from './trust-profile';

export type DeviceIdentity =
  | { kind: 'scep'; url: string; challenge: string; subjectCommonName: string }
  | { kind: 'pkcs12'; p12: Buffer; password: string };

export interface EnrollmentProfileInput {
  installationId: string;
  settings: Settings;
  caCertificatePem: string;
  invitationId: string;
  /** https://host:port of the device-facing server. */
  serverBase: string;
  topic: string;
  identity: DeviceIdentity;
}

/**
 * The MDM enrollment profile: root CA, device identity (SCEP or PKCS#12) and
 * the com.apple.mdm payload whose URLs carry the invitation id, so each
 * enrollment is tied to the invitation it came from.
 */
export function buildEnrollmentProfile(input: EnrollmentProfileInput): string {
  const { installationId, settings } = input;
  const identityUuid = stableUuid(installationId, 'device-identity');
  const query = `?invitation=${encodeURIComponent(input.invitationId)}`;
  const mdm = {
    PayloadType: 'com.apple.mdm',
    PayloadVersion: 1,
    PayloadIdentifier: payloadIdentifier(installationId, 'mdm'),
    PayloadUUID: stableUuid(installationId, 'mdm'),
    PayloadDisplayName: `${settings.organization.name} device management`,
    ServerURL: `${input.serverBase}/mdm/server${query}`,
    CheckInURL: `${input.serverBase}/mdm/checkin${query}`,
    Topic: input.topic,
    IdentityCertificateUUID: identityUuid,
    AccessRights: settings.enrollment.accessRights,
    SignMessage: true,
    CheckOutWhenRemoved: true,
    ServerCapabilities: ['com.apple.mdm.per-user-connections', 'com.apple.mdm.bootstraptoken'],
  };
  return buildPlist({
    PayloadType: 'Configuration',
    PayloadVersion: 1,
    PayloadIdentifier: payloadIdentifier(installationId, 'enrollment'),
    PayloadUUID: stableUuid(installationId, 'enrollment-profile'),
    PayloadDisplayName: `${settings.organization.name} enrollment`,
    PayloadOrganization: settings.organization.name,
    PayloadDescription: profileDescription(settings, 'Enrolls this device in device management'),
    PayloadScope: 'System',
    PayloadContent: [rootCertificatePayload(installationId, settings, input.caCertificatePem), identityPayload(input, identityUuid), mdm],
  });
}

function identityPayload(input: EnrollmentProfileInput, uuid: string): PlistDict {
  const { installationId, settings, identity } = input;
  const common = { PayloadVersion: 1, PayloadUUID: uuid, PayloadIdentifier: payloadIdentifier(installationId, 'device-identity'), PayloadDisplayName: 'Device identity' };
  if (identity.kind === 'pkcs12') {
    return { ...common, PayloadType: 'com.apple.security.pkcs12', PayloadContent: identity.p12, Password: identity.password, PayloadCertificateFileName: 'device-identity.p12' };
  }
  return {
    ...common,
    PayloadType: 'com.apple.security.scep',
    PayloadContent: {
      URL: identity.url,
      Name: `${settings.organization.name} device identity`,
      Challenge: identity.challenge,
      Subject: [[['O', settings.organization.name]], [['CN', identity.subjectCommonName]]],
      Keysize: 2048,
      'Key Type': 'RSA',
      'Key Usage': 5,
      Retries: 3,
      RetryDelay: 10,
    },
  };
}
