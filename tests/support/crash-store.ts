import { z } from 'zod';
import type { StoreImage } from '../../electron/core/store/persistence';
import type { StoreDefinition } from '../../electron/core/store/record-store';

/** The store the crash test writes: records whose content follows from their number, so a half-written one shows. */
export interface CrashRecord {
  id: string;
  n: number;
  text: string;
}

export const crashRecord = (n: number): CrashRecord => ({ id: `k${n}`, n, text: `record ${n} `.repeat(1 + (n % 40)) });

export const crashStoreDefinition: StoreDefinition<{ records: CrashRecord }, { counter: number }> = {
  schemaVersion: 1,
  collections: { records: { key: 'id' } },
  singletons: { counter: z.number() },
  migrate: (image) => image,
};

export const freshCrashImage = (): StoreImage => ({ schemaVersion: 1, singletons: { counter: 0 }, collections: { records: [] } });
