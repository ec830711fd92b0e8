import { constants, createPrivateKey, privateEncrypt } from 'node:crypto';
import type forge from 'node-forge';

const sha256DigestInfo = Buffer.from('3031300d060960864801650304020105000420', 'hex');

/**
 * The simulator's own fast RSA signer for node-forge: forge assembles the
 * CMS, Node's native crypto does the PKCS#1 v1.5 private-key operation
 * (forge's JavaScript RSA would make a simulated fleet CPU-bound).
 */
export function fastSigningKey(privateKeyPem: string): forge.pki.rsa.PrivateKey {
  const key = createPrivateKey(privateKeyPem);
  return {
    sign(md: forge.md.MessageDigest): string {
      if (md.algorithm !== 'sha256') throw new Error(`the simulator signs with SHA-256 only, not ${md.algorithm}`);
      return privateEncrypt({ key, padding: constants.RSA_PKCS1_PADDING }, Buffer.concat([sha256DigestInfo, Buffer.from(md.digest().getBytes(), 'binary')])).toString('binary');
    },
  } as unknown as forge.pki.rsa.PrivateKey;
}
