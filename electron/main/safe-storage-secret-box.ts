import { safeStorage } from 'electron';
import type { SecretBox } from '../core/secrets/secret-box';

const prefix = 'ss1:';

/** Seals secrets with the OS keychain (Keychain, DPAPI, libsecret) through Electron's safeStorage. */
export class SafeStorageSecretBox implements SecretBox {
  readonly description = 'encrypted with the operating system keychain (Electron safeStorage)';

  static available(): boolean {
    return safeStorage.isEncryptionAvailable();
  }

  async seal(plain: Buffer): Promise<string> {
    return prefix + safeStorage.encryptString(plain.toString('base64')).toString('base64');
  }

  async open(sealed: string): Promise<Buffer> {
    if (!sealed.startsWith(prefix)) throw new Error('this secret was not sealed with safeStorage');
    return Buffer.from(safeStorage.decryptString(Buffer.from(sealed.slice(prefix.length), 'base64')), 'base64');
  }
}
