import { constants, privateDecrypt, randomBytes, type KeyObject } from 'node:crypto';

/**
 * Unwraps a content key sent with RSA PKCS#1 v1.5 key transport (CMS
 * EnvelopedData, as SCEP clients send it), in native crypto.
 *
 * Node 20 refuses RSA_PKCS1_PADDING for private decryption (CVE-2023-46809,
 * the Marvin timing attack), so the RSA operation runs raw (RSA_NO_PADDING)
 * and the EME-PKCS1-v1_5 block is checked here, without branching on secret
 * bytes. Any bad block, or a key of the wrong length, yields a random key of
 * the expected length instead of an error ("implicit rejection", RFC 3218
 * section 2.3.2): the failure surfaces later as an ordinary decryption error,
 * so a client cannot tell bad padding from a bad key. node-forge did the same
 * in pure JavaScript, at some 50 ms per unwrap.
 */
export function unwrapContentKey(encryptedKey: Buffer, privateKey: KeyObject, keyLength: number): Buffer {
  const fallback = randomBytes(keyLength);
  let block: Buffer;
  try {
    block = privateDecrypt({ key: privateKey, padding: constants.RSA_NO_PADDING }, encryptedKey);
  } catch {
    return fallback;
  }
  // EM = 0x00 || 0x02 || PS (at least 8 non-zero bytes) || 0x00 || M, with M keyLength bytes long.
  const separatorAt = block.length - keyLength - 1;
  let bad = block.length < keyLength + 11 ? 1 : 0;
  bad |= block[0]! | (block[1]! ^ 0x02);
  for (let i = 2; i < block.length; i += 1) {
    const isZero = ((block[i]! - 1) >>> 31) & 1;
    const inPadding = ((i - separatorAt) >>> 31) & 1;
    const atSeparator = i === separatorAt ? 1 : 0;
    bad |= (isZero & inPadding) | ((isZero ^ 1) & atSeparator);
  }
  const key = block.subarray(block.length - keyLength);
  const mask = -bad & 0xff;
  const out = Buffer.alloc(keyLength);
  for (let i = 0; i < keyLength; i += 1) out[i] = (key[i]! & ~mask) | (fallback[i]! & mask);
  return out;
}
