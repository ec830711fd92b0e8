import { open, readFile, rename, unlink } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';
import type { Adapter } from 'lowdb';

/**
 * A lowdb adapter that makes each write durable: the JSON goes to a
 * temporary file that is fsynced, renamed over the target, and the folder is
 * fsynced so the rename itself survives a power cut. Reads return the raw
 * text so the caller can validate it (and keep it if it is corrupt).
 */
export class DurableJsonFile implements Adapter<string | null> {
  private readonly tempPath: string;

  constructor(readonly path: string) {
    this.tempPath = join(dirname(path), `.${basename(path)}.tmp`);
  }

  async read(): Promise<string | null> {
    try {
      return await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async write(text: string | null): Promise<void> {
    if (text === null) throw new Error('refusing to write an empty document');
    const file = await open(this.tempPath, 'w', 0o600);
    try {
      await file.writeFile(text, 'utf8');
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(this.tempPath, this.path);
    await syncDirectory(dirname(this.path));
  }

  async discardTemp(): Promise<void> {
    await unlink(this.tempPath).catch(() => undefined);
  }
}

/** Makes the entries of a folder (a file created or renamed in it) durable. */
export async function syncDirectory(path: string): Promise<void> {
  const dir = await open(path, 'r');
  try {
    await dir.sync();
  } catch (error) {
    // Some file systems refuse fsync on a directory; the rename is still atomic there.
    if ((error as NodeJS.ErrnoException).code !== 'EINVAL' && (error as NodeJS.ErrnoException).code !== 'EISDIR') throw error;
  } finally {
    await dir.close();
  }
}
