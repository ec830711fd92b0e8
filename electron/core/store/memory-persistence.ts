import { applyBatches, imageToMaps, mapsToImage, type ChangeBatch, type Persistence, type StoreImage } from './persistence';

/** What a MemoryPersistence keeps; share one between opens to play a restart. */
export interface MemoryMedium {
  image: StoreImage | null;
}

/**
 * Keeps the image in memory, copied in and out as if it went to disk. For
 * tests and for tools that need a store without a data folder.
 */
export class MemoryPersistence implements Persistence {
  readonly description = 'memory';
  appends = 0;

  constructor(readonly medium: MemoryMedium = { image: null }) {}

  async load(): Promise<StoreImage | null> {
    return this.medium.image ? structuredClone(this.medium.image) : null;
  }

  async append(batches: readonly ChangeBatch[]): Promise<void> {
    if (!this.medium.image) throw new Error('append before the first replace');
    // Copied now: the records are live objects that go on changing.
    const copied = structuredClone(batches);
    const { collections, singletons } = imageToMaps(this.medium.image);
    applyBatches(collections, singletons, copied);
    this.medium.image = mapsToImage(this.medium.image.schemaVersion, collections, singletons);
    this.appends += 1;
  }

  async replace(image: StoreImage): Promise<void> {
    this.medium.image = structuredClone(image);
  }

  async close(): Promise<void> {}
}
