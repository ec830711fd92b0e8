import { randomBytes, type KeyObject } from 'node:crypto';
import forge from 'node-forge';
import { issueDeviceCertificate, type CertKeyPem } from '../pki/certificates';
import { utf8Attribute } from '../pki/distinguished-name';

/** issueDeviceCertificate takes names as a CSR carries them: UTF-8 bytes. */
const asCsrAttribute = (name: string, text: string) => utf8Attribute(name, forge.util.encodeUtf8(text));

/** A device identity for `privateKey` (a fresh one from the key pool), shipped inside the profile as PKCS#12 (the alternative to SCEP). */
export function issueDeviceIdentityP12(ca: CertKeyPem, privateKey: KeyObject, options: { commonName: string; organization: string; validityDays: number }): { p12: Buffer; password: string; subject: string } {
  const key = forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs1', format: 'pem' }).toString());
  const publicKey = forge.pki.setRsaPublicKey((key as forge.pki.rsa.PrivateKey).n, (key as forge.pki.rsa.PrivateKey).e);
  const subject = [asCsrAttribute('organizationName', options.organization), asCsrAttribute('commonName', options.commonName)];
  const certificate = issueDeviceCertificate(ca, { publicKey, subject, validityDays: options.validityDays });
  const password = randomBytes(12).toString('base64url');
  const asn1 = forge.pkcs12.toPkcs12Asn1(key, [certificate, forge.pki.certificateFromPem(ca.certificatePem)], password, { algorithm: '3des', friendlyName: 'Lanyard device identity' });
  return { p12: Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary'), password, subject: `CN=${options.commonName}` };
}
