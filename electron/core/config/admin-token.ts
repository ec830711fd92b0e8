import { randomBytes } from 'node:crypto';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The admin API token: LANYARD_ADMIN_TOKEN when set, otherwise a random one
 * generated once into the data directory with mode 0600.
 */
export async function loadAdminToken(dataDir: string, env: NodeJS.ProcessEnv): Promise<{ token: string; source: 'environment' | 'file' | 'generated'; path: string }> {
  const path = join(dataDir, 'admin-token');
  const fromEnv = env.LANYARD_ADMIN_TOKEN?.trim();
  if (fromEnv) {
    if (fromEnv.length < 16) throw new Error('LANYARD_ADMIN_TOKEN must be at least 16 characters long');
    return { token: fromEnv, source: 'environment', path };
  }
  try {
    const token = (await readFile(path, 'utf8')).trim();
    if (token.length >= 16) {
      await chmod(path, 0o600);
      return { token, source: 'file', path };
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const token = randomBytes(24).toString('base64url');
  await writeFile(path, `${token}\n`, { mode: 0o600 });
  return { token, source: 'generated', path };
}
