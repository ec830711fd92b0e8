import { generateKeyPair } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const generateRsa = promisify(generateKeyPair);

/** Where pre-generated simulator keys are kept between runs (inside node_modules, so a clean clone starts without them). */
export const defaultKeyCache = join(dirname(fileURLToPath(import.meta.url)), '../../../node_modules/.cache/lanyard-simulator-keys');

/**
 * Real RSA keys for simulated devices, generated once and kept on disk, so a
 * run that enrolls thousands of devices does not spend minutes making keys.
 * Each key goes to one device only (a SCEP transaction id is a hash of the
 * public key, and the server binds each device to its certificate). Only for
 * tests and benchmarks: these private keys sit unprotected on disk.
 */
export class SimulatorKeyPool {
  private next = 0;

  private constructor(private readonly keys: string[]) {}

  /** At least `count` keys of `bits`: those cached, plus new ones generated (4 at a time) and added to the cache. */
  static async load(count: number, options: { bits?: number; cacheDir?: string } = {}): Promise<SimulatorKeyPool> {
    const bits = options.bits ?? 2048;
    const file = join(options.cacheDir ?? defaultKeyCache, `rsa-${bits}.pem`);
    const cached = await readFile(file, 'utf8').then(splitPems, () => [] as string[]);
    const keys = cached.slice();
    const missing = count - keys.length;
    for (let made = 0; made < missing; made += 4) {
      const batch = await Promise.all(Array.from({ length: Math.min(4, missing - made) }, () => generateRsa('rsa', { modulusLength: bits })));
      for (const { privateKey } of batch) keys.push(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
    }
    if (keys.length > cached.length) {
      await mkdir(dirname(file), { recursive: true });
      await writeFile(`${file}.partial`, keys.join(''), { mode: 0o600 });
      await rename(`${file}.partial`, file);
    }
    return new SimulatorKeyPool(keys);
  }

  /** The next unused key (PKCS#8 PEM). */
  take(): string {
    const key = this.keys[this.next];
    if (!key) throw new Error(`the key pool has only ${this.keys.length} keys`);
    this.next += 1;
    return key;
  }

  get size(): number {
    return this.keys.length;
  }
}

function splitPems(text: string): string[] {
  return text.match(/-----BEGIN PRIVATE KEY-----[\s\S]+?-----END PRIVATE KEY-----\n?/g) ?? [];
}
