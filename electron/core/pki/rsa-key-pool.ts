import { generateKeyPair, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';

const generateRsa = promisify(generateKeyPair);

/**
 * RSA keys made ahead of need, so that issuing an identity never waits for
 * (or blocks the event loop on) key generation: a 2048-bit key takes 50 to
 * 500 ms. Keys are generated on libuv's thread pool, a few at a time, kept
 * only in memory, and each is handed out once.
 */
export class RsaKeyPool {
  private readonly ready: KeyObject[] = [];
  private readonly waiting: { resolve(key: KeyObject): void; reject(error: Error): void }[] = [];
  private making = 0;
  private failure: Error | null = null;

  constructor(private readonly options: { bits: number; size: number } = { bits: 2048, size: 4 }) {}

  /** Starts filling the pool (when identities are expected soon). */
  warm(): void {
    this.refill();
  }

  /** A fresh key nobody else was given. */
  take(): Promise<KeyObject> {
    const key = this.ready.shift();
    if (key) {
      this.refill();
      return Promise.resolve(key);
    }
    if (this.failure) {
      const failure = this.failure;
      this.failure = null;
      this.refill();
      return Promise.reject(failure);
    }
    const promise = new Promise<KeyObject>((resolve, reject) => this.waiting.push({ resolve, reject }));
    this.refill();
    return promise;
  }

  /** Keys ready now (for status and tests). */
  get available(): number {
    return this.ready.length;
  }

  private refill(): void {
    while (this.ready.length + this.making < this.options.size + this.waiting.length) {
      this.making += 1;
      generateRsa('rsa', { modulusLength: this.options.bits })
        .then(({ privateKey }) => {
          this.failure = null;
          const waiter = this.waiting.shift();
          if (waiter) waiter.resolve(privateKey);
          else this.ready.push(privateKey);
        })
        .catch((error: Error) => {
          this.failure = error;
          this.waiting.shift()?.reject(error);
        })
        .finally(() => {
          this.making -= 1;
        });
    }
  }
}
