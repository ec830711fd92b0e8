import type { KeyObject } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { RsaKeyPool } from '../../../electron/core/pki/rsa-key-pool';

const fingerprint = (key: KeyObject) => key.export({ type: 'pkcs1', format: 'der' }).toString('base64');

describe('RSA key pool', () => {
  it('fills up ahead of need when warmed, and hands each key out once', async () => {
    const pool = new RsaKeyPool({ bits: 1024, size: 3 });
    expect(pool.available).toBe(0);
    pool.warm();
    await vi.waitFor(() => expect(pool.available).toBe(3), { timeout: 20_000 });
    const keys = await Promise.all(Array.from({ length: 7 }, () => pool.take()));
    expect(new Set(keys.map(fingerprint)).size).toBe(7);
    for (const key of keys) expect(key.asymmetricKeyDetails?.modulusLength).toBe(1024);
    // It refills after handing keys out.
    await vi.waitFor(() => expect(pool.available).toBe(3), { timeout: 20_000 });
  });

  it('makes a key on demand when none is ready', async () => {
    const pool = new RsaKeyPool({ bits: 1024, size: 1 });
    const key = await pool.take();
    expect(key.type).toBe('private');
  });
});
