import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import type { SecretBox } from './secret-box';

const prefix = 'kf1:';

/** AES-256-GCM with a random key kept in a file of mode 0600 beside the data. */
export class KeyFileSecretBox implements SecretBox {
  readonly description: string;

  private constructor(
    private readonly key: Buffer,
    path: string,
  ) {
    this.description = `encrypted with the key file ${path} (readable by its owner only)`;
  }

  static async open(path: string): Promise<KeyFileSecretBox> {
    let key: Buffer;
    try {
      key = Buffer.from((await readFile(path, 'utf8')).trim(), 'base64');
      await chmod(path, 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      key = randomBytes(32);
      await writeFile(path, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    }
    if (key.length !== 32) throw new Error(`the secret key file ${path} is damaged (expected 32 bytes)`);
    return new KeyFileSecretBox(key, path);
  }

  async seal(plain: Buffer): Promise<string> {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plain), cipher.final()]);
    return prefix + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
  }

  async open(sealed: string): Promise<Buffer> {
    if (!sealed.startsWith(prefix)) throw new Error('this secret was not sealed with the key file');
    const raw = Buffer.from(sealed.slice(prefix.length), 'base64');
    const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]);
  }
}
