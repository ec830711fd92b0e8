/**
 * Calls `flush(key)` at most once per `delayMs` for each key, however often
 * `touch(key)` is called meanwhile: a thousand devices moving one
 * deployment's counts cost a few events a second, not a thousand.
 */
export class KeyedThrottle {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private stopped = false;

  constructor(
    private readonly delayMs: number,
    private readonly flush: (key: string) => void,
  ) {}

  touch(key: string): void {
    if (this.timers.has(key) || this.stopped) return;
    const timer = setTimeout(() => this.now(key), this.delayMs);
    timer.unref();
    this.timers.set(key, timer);
  }

  /** Flushes at once (and drops the pending timer). */
  now(key: string): void {
    const timer = this.timers.get(key);
    if (timer) clearTimeout(timer);
    this.timers.delete(key);
    this.flush(key);
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}
