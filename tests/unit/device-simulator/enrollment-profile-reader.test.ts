import { beforeAll, describe, expect, it } from 'vitest';
import { EnrollmentProfileError, readEnrollmentProfile } from '../../support/device-simulator/enrollment-profile-reader';
import { ProfileSignatureError } from '../../support/device-simulator/signed-profile';
import { enrollmentProfileXml, signProfile, TOPIC, type EnrollmentProfileFixture } from './fixtures/profile-fixture';
import { createTestCa, issueCertificate, pkcs12Of, type TestCertificate } from './fixtures/test-pki';

describe('readEnrollmentProfile', () => {
  let ca: TestCertificate;
  let signer: TestCertificate;
  let fixture: EnrollmentProfileFixture;

  beforeAll(() => {
    ca = createTestCa('Café Ünïcode Office CA', 'Café Ünïcode');
    signer = issueCertificate(ca, { commonName: 'Profile signing' });
    fixture = {
      serverBase: 'https://mdm.example.test:8443',
      rootCaPem: ca.certificatePem,
      identity: { kind: 'scep', url: 'https://mdm.example.test:8443/scep', challenge: 's3cret', organization: 'Café Ünïcode' },
    };
  });

  it('verifies the signature and extracts the root CA, the MDM settings and the SCEP identity', async () => {
    const profile = await readEnrollmentProfile(signProfile(enrollmentProfileXml(fixture), signer), { trustedCaPem: ca.certificatePem });
    expect(profile.rootCaPem.replace(/\s/g, '')).toBe(ca.certificatePem.replace(/\s/g, ''));
    expect(profile.mdm).toMatchObject({
      serverUrl: 'https://mdm.example.test:8443/mdm/server?invitation=inv-1',
      checkInUrl: 'https://mdm.example.test:8443/mdm/checkin?invitation=inv-1',
      topic: TOPIC,
      accessRights: 8191,
      signMessage: true,
      checkOutWhenRemoved: true,
    });
    expect(profile.identity).toEqual({
      kind: 'scep',
      url: 'https://mdm.example.test:8443/scep',
      challenge: 's3cret',
      subject: [[['O', 'Café Ünïcode']], [['CN', 'Lanyard device (Anna’s iPhone ✓)']]],
      keySize: 2048,
      keyUsage: 5,
      name: 'Device identity',
    });
    expect(profile.payloadIdentifier).toBe('com.example.lanyard.enrollment');
    expect(profile.signerCertificatePem).toContain('BEGIN CERTIFICATE');
  });

  it('reads a PKCS#12 identity payload', async () => {
    const device = issueCertificate(ca, { commonName: 'device' });
    const p12 = pkcs12Of(device, 'pw');
    const profile = await readEnrollmentProfile(signProfile(enrollmentProfileXml({ ...fixture, identity: { kind: 'pkcs12', p12, password: 'pw' } }), signer), { trustedCaPem: ca.certificatePem });
    expect(profile.identity).toEqual({ kind: 'pkcs12', p12, password: 'pw' });
  });

  it('trusts the embedded root payload when the caller gives no CA, and not when told not to', async () => {
    const signed = signProfile(enrollmentProfileXml(fixture), signer);
    await expect(readEnrollmentProfile(signed)).resolves.toMatchObject({ mdm: { topic: TOPIC } });
    await expect(readEnrollmentProfile(signed, { trustEmbeddedRoot: false })).rejects.toThrow(ProfileSignatureError);
  });

  it('rejects a profile whose content was tampered with after signing', async () => {
    const signed = signProfile(enrollmentProfileXml(fixture), signer);
    const at = signed.indexOf(Buffer.from('mdm/server'));
    expect(at).toBeGreaterThan(0);
    const tampered = Buffer.from(signed);
    tampered.write('evil/serve', at, 'latin1');
    await expect(readEnrollmentProfile(tampered, { trustedCaPem: ca.certificatePem })).rejects.toThrow(/signature does not verify/);
  });

  it('rejects a profile whose signature bytes were altered', async () => {
    const signed = Buffer.from(signProfile(enrollmentProfileXml(fixture), signer));
    signed[signed.length - 10] = (signed[signed.length - 10] ?? 0) ^ 0xff;
    await expect(readEnrollmentProfile(signed, { trustedCaPem: ca.certificatePem })).rejects.toThrow(ProfileSignatureError);
  });

  it('rejects a signer that chains to neither the trusted CA nor the embedded root', async () => {
    const otherCa = createTestCa('Someone else');
    const stranger = issueCertificate(otherCa, { commonName: 'Stranger' });
    const signed = signProfile(enrollmentProfileXml(fixture), stranger);
    await expect(readEnrollmentProfile(signed, { trustedCaPem: ca.certificatePem })).rejects.toThrow(/does not chain/);
  });

  it('accepts a signer chaining to the caller CA through an intermediate carried in the CMS', async () => {
    const intermediate = issueCertificate(ca, { commonName: 'Intermediate CA', isCa: true });
    const leaf = issueCertificate(intermediate, { commonName: 'Leaf signer' });
    const xml = enrollmentProfileXml({ ...fixture, omitRoot: true });
    const withChain = await readEnrollmentProfile(signProfile(xml, leaf, [intermediate.certificatePem]), { trustedCaPem: ca.certificatePem });
    expect(withChain.rootCaPem.replace(/\s/g, '')).toBe(ca.certificatePem.replace(/\s/g, '')); // no root payload: the caller's CA stands in
    await expect(readEnrollmentProfile(signProfile(xml, leaf), { trustedCaPem: ca.certificatePem })).rejects.toThrow(/does not chain/);
  });

  it('rejects an unsigned profile', async () => {
    await expect(readEnrollmentProfile(enrollmentProfileXml(fixture), { trustedCaPem: ca.certificatePem })).rejects.toThrow(/not signed/);
  });

  it('rejects an IdentityCertificateUUID that names no payload', async () => {
    const signed = signProfile(enrollmentProfileXml({ ...fixture, identityCertificateUuid: '00000000-0000-0000-0000-000000000000' }), signer);
    await expect(readEnrollmentProfile(signed, { trustedCaPem: ca.certificatePem })).rejects.toThrow(EnrollmentProfileError);
  });

  it('rejects invalid AccessRights', async () => {
    const signed = signProfile(enrollmentProfileXml({ ...fixture, accessRights: 2 }), signer);
    await expect(readEnrollmentProfile(signed, { trustedCaPem: ca.certificatePem })).rejects.toThrow(/2 requires 1/);
  });
});
