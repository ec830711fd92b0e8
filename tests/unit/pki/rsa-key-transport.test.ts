import { constants, generateKeyPairSync, publicEncrypt, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { unwrapContentKey } from '../../../electron/core/pki/rsa-key-transport';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const size = 256;

/** An EME-PKCS1-v1_5 block built by hand, so the test can break it on purpose. */
function block(message: Buffer, edit: (bytes: Buffer) => void = () => undefined): Buffer {
  const bytes = Buffer.alloc(size);
  bytes[1] = 0x02;
  const padding = size - 3 - message.length;
  for (let i = 0; i < padding; i += 1) bytes[2 + i] = 1 + (i % 255);
  bytes[2 + padding] = 0;
  message.copy(bytes, 3 + padding);
  edit(bytes);
  return publicEncrypt({ key: publicKey, padding: constants.RSA_NO_PADDING }, bytes);
}

describe('RSA PKCS#1 v1.5 key transport, unwrapped natively', () => {
  it('gives back the content key that Node (OpenSSL) wrapped', () => {
    for (const length of [8, 16, 24, 32]) {
      const key = randomBytes(length);
      const wrapped = publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_PADDING }, key);
      expect(unwrapContentKey(wrapped, privateKey, length).equals(key)).toBe(true);
    }
  });

  it('gives back a key from a hand-built block', () => {
    const key = randomBytes(32);
    expect(unwrapContentKey(block(key), privateKey, 32).equals(key)).toBe(true);
  });

  it.each([
    ['a first byte that is not 0', (b: Buffer) => (b[0] = 1)],
    ['block type 1 (a signature) instead of 2', (b: Buffer) => (b[1] = 1)],
    ['a zero inside the padding', (b: Buffer) => (b[5] = 0)],
    ['no zero before the key', (b: Buffer) => (b[size - 33] = 7)],
  ])('answers %s with a random key of the right length, not an error', (_name, edit) => {
    const key = randomBytes(32);
    const first = unwrapContentKey(block(key, edit), privateKey, 32);
    const second = unwrapContentKey(block(key, edit), privateKey, 32);
    expect(first.length).toBe(32);
    expect(first.equals(key)).toBe(false);
    expect(first.equals(second)).toBe(false);
  });

  it('answers a key of another length, or a ciphertext that is no RSA block, with a random key', () => {
    const key = randomBytes(16);
    const wrapped = publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_PADDING }, key);
    const other = unwrapContentKey(wrapped, privateKey, 32);
    expect(other.length).toBe(32);
    expect(other.subarray(16).equals(key)).toBe(false);
    expect(unwrapContentKey(Buffer.alloc(size, 0xff), privateKey, 24).length).toBe(24);
    expect(unwrapContentKey(Buffer.alloc(3), privateKey, 24).length).toBe(24);
  });
});
