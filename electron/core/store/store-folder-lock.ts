import { open, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { DataFileError } from './store-errors';

/**
 * Keeps a second Lanyard process from opening the same data folder: a `lock`
 * file holding the owner's process id, made with O_EXCL. A lock left by a
 * process that no longer runs (a crash) is taken over.
 */
export class StoreFolderLock {
  private constructor(private readonly path: string) {}

  static async take(folder: string): Promise<StoreFolderLock> {
    const path = join(folder, 'lock');
    for (let attempt = 0; attempt < 3; attempt += 1) {
      try {
        const file = await open(path, 'wx', 0o600);
        await file.writeFile(String(process.pid));
        await file.close();
        return new StoreFolderLock(path);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const owner = Number((await readFile(path, 'utf8').catch(() => '')).trim());
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isRunning(owner)) {
        throw new DataFileError(`Lanyard could not use its data in ${folder}: another Lanyard (process ${owner}) is using it. Stop that one first.`);
      }
      await unlink(path).catch(() => undefined);
    }
    throw new DataFileError(`Lanyard could not take the lock on its data in ${folder}.`);
  }

  async release(): Promise<void> {
    await unlink(this.path).catch(() => undefined);
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
