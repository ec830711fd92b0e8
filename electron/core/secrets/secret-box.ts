/**
 * Encrypts secrets (CA and push keys) before they are stored. The desktop
 * uses the OS keychain through Electron's safeStorage; headless mode uses a
 * key file that only the owner can read.
 */
export interface SecretBox {
  /** Shown to the admin: where the protection comes from. */
  readonly description: string;
  seal(plain: Buffer): Promise<string>;
  open(sealed: string): Promise<Buffer>;
}
