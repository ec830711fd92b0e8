import { generateKeyPairSync } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import forge from 'node-forge';
import { describe, expect, it } from 'vitest';
import { DeviceIdentityVerifier } from '../../../electron/core/mdm/device-identity';
import { certificateToPem, createOfficeCa, issueDeviceCertificate } from '../../../electron/core/pki/certificates';
import { signMdmMessage } from '../../support/device-simulator';

const office = createOfficeCa({ organization: 'Identity Office' });

function deviceIdentity(ca = office) {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const forgeKey = forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs1', format: 'pem' }).toString()) as forge.pki.rsa.PrivateKey;
  const certificate = issueDeviceCertificate(ca, { publicKey: forge.pki.setRsaPublicKey(forgeKey.n, forgeKey.e), subject: [{ name: 'commonName', value: 'Device' }], validityDays: 1 });
  return { certificatePem: certificateToPem(certificate), privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
}

const signed = (body: Buffer, identity: ReturnType<typeof deviceIdentity>) => ({ headers: { 'mdm-signature': signMdmMessage(body, identity) }, socket: {} }) as unknown as IncomingMessage;

describe('device identity from Mdm-Signature', () => {
  it('names the same identity on every request, and still checks validity on each', () => {
    let caPem = office.certificatePem;
    const verifier = new DeviceIdentityVerifier(() => caPem);
    const identity = deviceIdentity();
    const body = Buffer.from('<plist/>');
    const first = verifier.identify(signed(body, identity), body);
    expect(first.certificatePem.replace(/\s/g, '')).toBe(identity.certificatePem.replace(/\s/g, ''));
    expect(verifier.identify(signed(body, identity), body)).toEqual(first);
    // The certificate was seen before, but it has expired by then.
    expect(() => verifier.identify(signed(body, identity), body, new Date(Date.now() + 3 * 86_400_000))).toThrow(/not valid now/);
    // A new office CA (e.g. restored from another backup): certificates checked against the old one are checked again.
    caPem = createOfficeCa({ organization: 'Another Office' }).certificatePem;
    expect(() => verifier.identify(signed(body, identity), body)).toThrow(/not issued by the office CA/);
  });

  it('refuses a signature whose body was changed, even from a certificate it knows', () => {
    const verifier = new DeviceIdentityVerifier(() => office.certificatePem);
    const identity = deviceIdentity();
    const body = Buffer.from('<plist>one</plist>');
    verifier.identify(signed(body, identity), body);
    expect(() => verifier.identify(signed(body, identity), Buffer.from('<plist>two</plist>'))).toThrow(/does not match the body/);
  });

  it('refuses a certificate from another CA', () => {
    const verifier = new DeviceIdentityVerifier(() => office.certificatePem);
    const stranger = deviceIdentity(createOfficeCa({ organization: 'Stranger' }));
    const body = Buffer.from('<plist/>');
    expect(() => verifier.identify(signed(body, stranger), body)).toThrow(/not issued by the office CA/);
  });
});
