// Decorator that retries transient push failures (429, 5xx, transport errors)
// with jittered exponential backoff. token-dead and certificate-rejected
// outcomes, and non-retryable failures, are returned at once.
import { setTimeout as delay } from 'node:timers/promises';
import type { PushOutcome, PushProvider, PushTarget } from './push-provider';

export interface RetryOptions {
  /** Total attempts including the first; default 4. */
  attempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  random?: () => number;
  /** Must reject (or resolve early) when the signal aborts; the default does. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  onRetry?: (info: { target: PushTarget; attempt: number; delayMs: number; outcome: PushOutcome }) => void;
}

/** "Equal jitter": half of the capped exponential delay is fixed, half random. */
export function backoffDelayMs(attempt: number, baseDelayMs: number, maxDelayMs: number, random: () => number): number {
  const capped = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
  return Math.round(capped / 2 + (capped / 2) * random());
}

const defaultSleep = (ms: number, signal: AbortSignal): Promise<void> => delay(ms, undefined, { signal });

export class RetryingPushSender implements PushProvider {
  private readonly attempts: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly random: () => number;
  private readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  private readonly closing = new AbortController();

  constructor(
    private readonly inner: PushProvider,
    private readonly options: RetryOptions = {},
  ) {
    this.attempts = Math.max(1, Math.floor(options.attempts ?? 4));
    this.baseDelayMs = options.baseDelayMs ?? 1000;
    this.maxDelayMs = options.maxDelayMs ?? 60_000;
    this.random = options.random ?? Math.random;
    this.sleep = options.sleep ?? defaultSleep;
  }

  async push(target: PushTarget): Promise<PushOutcome> {
    for (let attempt = 1; ; attempt += 1) {
      const outcome = await this.inner.push(target);
      const retry = outcome.kind === 'failed' && outcome.retryable && attempt < this.attempts;
      if (!retry || this.closing.signal.aborted) return outcome;
      const delayMs = backoffDelayMs(attempt, this.baseDelayMs, this.maxDelayMs, this.random);
      this.options.onRetry?.({ target, attempt, delayMs, outcome });
      try {
        await this.sleep(delayMs, this.closing.signal);
      } catch {
        return outcome; // closed while waiting
      }
      if (this.closing.signal.aborted) return outcome;
    }
  }

  async close(): Promise<void> {
    this.closing.abort();
    await this.inner.close();
  }
}
