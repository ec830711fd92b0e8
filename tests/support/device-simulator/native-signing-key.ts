import { constants, createPrivateKey, privateDecrypt, privateEncrypt, type KeyObject } from 'node:crypto';
import type forge from 'node-forge';

/** Parsed keys by PEM: OpenSSL takes milliseconds to import one, and a device signs every message with the same key. */
const parsedKeys = new Map<string, KeyObject>();
function keyObject(privateKeyPem: string): KeyObject {
  let key = parsedKeys.get(privateKeyPem);
  if (!key) {
    key = createPrivateKey(privateKeyPem);
    parsedKeys.set(privateKeyPem, key);
  }
  return key;
}

const sha256DigestInfo = Buffer.from('3031300d060960864801650304020105000420', 'hex');

/**
 * The simulator's own fast RSA signer for node-forge: forge assembles the
 * CMS, Node's native crypto does the PKCS#1 v1.5 private-key operation
 * (forge's JavaScript RSA would make a simulated fleet CPU-bound).
 */
export function fastSigningKey(privateKeyPem: string): forge.pki.rsa.PrivateKey {
  const key = keyObject(privateKeyPem);
  return {
    sign(md: forge.md.MessageDigest): string {
      if (md.algorithm !== 'sha256') throw new Error(`the simulator signs with SHA-256 only, not ${md.algorithm}`);
      return privateEncrypt({ key, padding: constants.RSA_PKCS1_PADDING }, Buffer.concat([sha256DigestInfo, Buffer.from(md.digest().getBytes(), 'binary')])).toString('binary');
    },
  } as unknown as forge.pki.rsa.PrivateKey;
}

/**
 * The same for decrypting a CertRep's content key: Node 20 refuses PKCS#1
 * v1.5 private decryption (CVE-2023-46809), so the RSA step runs raw and the
 * padding is taken off here. A device reading its own CA's reply need not hide
 * padding errors, so a bad block simply throws.
 */
export function fastDecryptionKey(privateKeyPem: string): forge.pki.rsa.PrivateKey {
  const key = keyObject(privateKeyPem);
  return {
    decrypt(encrypted: string): string {
      const block = privateDecrypt({ key, padding: constants.RSA_NO_PADDING }, Buffer.from(encrypted, 'binary'));
      const end = block.indexOf(0, 2);
      if (block[0] !== 0 || block[1] !== 2 || end < 10) throw new Error('the CertRep content key is not a PKCS#1 v1.5 block');
      return block.subarray(end + 1).toString('binary');
    },
  } as unknown as forge.pki.rsa.PrivateKey;
}
