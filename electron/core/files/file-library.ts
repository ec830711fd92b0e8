import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ApiError } from '../../../contract/errors';
import type { LanyardStore } from '../store/lanyard-store';
import type { ReadonlyCollection } from '../store/record-store';
import type { StoredFile } from '../store/schema';

/**
 * The files agents are sent: stored content-addressed (the id is the
 * SHA-256 of the bytes) under `<data folder>/files/`, written to a temporary
 * name, flushed and renamed, so a file is whole or absent. The records live
 * in the store; the same bytes uploaded twice are one file.
 */
export class FileLibrary {
  private readonly folder: string;

  constructor(
    private readonly store: LanyardStore,
    dataDir: string,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.folder = join(dataDir, 'files');
  }

  get(id: string): StoredFile | null {
    return this.store.collection('files').get(id) ?? null;
  }

  require(id: string): StoredFile {
    const file = this.get(id);
    if (!file) throw new ApiError('not_found', `no file with id ${id} in the library`, 'fileId');
    return file;
  }

  records(): ReadonlyCollection<StoredFile> {
    return this.store.collection('files');
  }

  /** Where a file's bytes are. */
  pathOf(file: StoredFile): string {
    return join(this.folder, file.sha256);
  }

  async add(name: string, content: Uint8Array): Promise<StoredFile> {
    const sha256 = createHash('sha256').update(content).digest('hex');
    await mkdir(this.folder, { recursive: true });
    const target = join(this.folder, sha256);
    if (!(await exists(target, content.byteLength))) {
      const temporary = join(this.folder, `.upload-${randomBytes(6).toString('hex')}`);
      const handle = await open(temporary, 'wx', 0o600);
      try {
        await handle.writeFile(content);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temporary, target);
    }
    const file: StoredFile = { id: sha256, name, sha256, size: content.byteLength, uploadedAt: this.get(sha256)?.uploadedAt ?? this.now().toISOString() };
    await this.store.update((tx) => tx.put('files', file));
    return file;
  }

  async remove(id: string): Promise<StoredFile> {
    const file = this.require(id);
    await this.store.update((tx) => tx.delete('files', id));
    await rm(this.pathOf(file), { force: true });
    return file;
  }
}

async function exists(path: string, size: number): Promise<boolean> {
  try {
    return (await stat(path)).size === size;
  } catch {
    return false;
  }
}
