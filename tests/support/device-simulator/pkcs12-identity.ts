import forge from 'node-forge';
import { identityFromPem, type DeviceIdentity } from './device-identity';
import { toForgeBytes } from './pem';

/** PKCS#12 bag types (RFC 7292 section 4.2). */
const BAG = { key: '1.2.840.113549.1.12.10.1.1', shroudedKey: '1.2.840.113549.1.12.10.1.2', certificate: '1.2.840.113549.1.12.10.1.3' } as const;

function bags(pfx: forge.pkcs12.Pkcs12Pfx, bagType: string): forge.pkcs12.Bag[] {
  return pfx.getBags({ bagType })[bagType] ?? [];
}

/** Opens a PKCS#12 identity payload: the certificate whose public key matches the bag's private key. */
export function identityFromPkcs12(p12: Uint8Array, password: string): DeviceIdentity {
  let pfx: forge.pkcs12.Pkcs12Pfx;
  try {
    pfx = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(toForgeBytes(p12)), false, password);
  } catch (error) {
    throw new Error(`cannot open the PKCS#12 identity: ${(error as Error).message}`);
  }
  const keyBags = [...bags(pfx, BAG.shroudedKey), ...bags(pfx, BAG.key)];
  const key = keyBags.find((bag) => bag.key)?.key as forge.pki.rsa.PrivateKey | undefined;
  if (!key) throw new Error('the PKCS#12 holds no private key');
  const certificates = bags(pfx, BAG.certificate).flatMap((bag) => (bag.cert ? [bag.cert] : []));
  const certificate = certificates.find((c) => (c.publicKey as forge.pki.rsa.PublicKey).n.compareTo(key.n) === 0);
  if (!certificate) throw new Error('the PKCS#12 holds no certificate for its private key');
  return identityFromPem(forge.pki.certificateToPem(certificate), forge.pki.privateKeyToPem(key));
}
