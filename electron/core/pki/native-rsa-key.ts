import { constants, createPrivateKey, privateEncrypt, type KeyObject } from 'node:crypto';
import type forge from 'node-forge';

/** DER prefixes of PKCS#1 DigestInfo, by digest algorithm. */
const digestInfoPrefix: Record<string, string> = {
  sha1: '3021300906052b0e03021a05000414',
  sha256: '3031300d060960864801650304020105000420',
  sha384: '3041300d060960864801650304020205000430',
  sha512: '3051300d060960864801650304020305000440',
};

/**
 * A stand-in for a node-forge RSA private key whose `sign` runs in Node's
 * native crypto: forge builds the certificates and CMS structures, while the
 * RSA operation (pure JavaScript in forge, tens of milliseconds) takes well
 * under one. Only PKCS#1 v1.5 signing is offered, which is all forge asks of it.
 */
export function nativeRsaSigningKey(privateKeyPem: string): forge.pki.rsa.PrivateKey {
  const key: KeyObject = createPrivateKey(privateKeyPem);
  const sign = (md: forge.md.MessageDigest): string => {
    const prefix = digestInfoPrefix[md.algorithm];
    if (!prefix) throw new Error(`unsupported digest ${md.algorithm}`);
    const digestInfo = Buffer.concat([Buffer.from(prefix, 'hex'), Buffer.from(md.digest().getBytes(), 'binary')]);
    return privateEncrypt({ key, padding: constants.RSA_PKCS1_PADDING }, digestInfo).toString('binary');
  };
  return { sign } as unknown as forge.pki.rsa.PrivateKey;
}
