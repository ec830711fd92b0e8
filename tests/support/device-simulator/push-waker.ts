/** A push as the APNs test server records it: the device token (hex) and the parsed JSON body. */
export interface ApnsPush {
  token: string;
  body: unknown;
}

/** The part of the APNs test server the simulator needs. */
export interface ApnsPushSource {
  waitForPush(predicate: (push: ApnsPush) => boolean, timeoutMs: number): Promise<ApnsPush>;
}

export interface PushWakerOptions {
  source: ApnsPushSource;
  /** Read at every wait, so a renewed token or magic is picked up. */
  target: () => { token: string; pushMagic: string };
  /** Runs once per wake; pushes arriving meanwhile are coalesced into one more wake, as APNs does. */
  onWake: () => Promise<void>;
  /** Checked before each wait; false ends the loop (e.g. once the device is unenrolled). */
  shouldContinue?: () => boolean;
  /** How long each wait lasts before the loop checks whether it was stopped (default 1000 ms). */
  pollTimeoutMs?: number;
}

/**
 * Waits for MDM pushes addressed to this device ({"mdm": PushMagic} to its token). A wait is
 * always outstanding, even while a session runs, so no push is missed; each push is handled
 * once even if the source also reports past pushes.
 */
export class PushWaker {
  private running = false;
  private listening: Promise<void> | undefined;
  private working: Promise<void> | undefined;
  private pendingWakes = 0;
  private readonly handled = new WeakSet<object>();
  /** Matching pushes received so far. */
  pushCount = 0;
  /** Sessions started by pushes so far. */
  wakeCount = 0;
  lastError: unknown;

  constructor(private readonly options: PushWakerOptions) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.listening = this.listen();
  }

  /** Stops waiting; resolves once the current wait and any session in progress have finished. */
  async stop(): Promise<void> {
    this.running = false;
    await this.listening;
    await this.working;
  }

  get isRunning(): boolean {
    return this.running;
  }

  private active(): boolean {
    return this.running && (this.options.shouldContinue?.() ?? true);
  }

  private async listen(): Promise<void> {
    try {
      while (this.active()) {
        const { token, pushMagic } = this.options.target();
        const startedAt = Date.now();
        let push: ApnsPush;
        try {
          push = await this.options.source.waitForPush((p) => !this.handled.has(p) && isWakeFor(p, token, pushMagic), this.options.pollTimeoutMs ?? 1000);
        } catch (error) {
          // Timed out: wait again (or stop). A source failing at once is not allowed to spin the loop.
          if (Date.now() - startedAt < 20) {
            this.lastError = error;
            await new Promise((resolve) => setTimeout(resolve, 50));
          }
          continue;
        }
        this.handled.add(push);
        if (!this.active()) return;
        this.pushCount += 1;
        this.pendingWakes += 1;
        this.working ??= this.work();
      }
    } finally {
      this.running = false;
    }
  }

  private async work(): Promise<void> {
    try {
      while (this.pendingWakes > 0 && this.active()) {
        this.pendingWakes = 0;
        this.wakeCount += 1;
        try {
          await this.options.onWake();
        } catch (error) {
          this.lastError = error;
        }
      }
    } finally {
      this.working = undefined;
    }
  }
}

export function isWakeFor(push: ApnsPush, token: string, pushMagic: string): boolean {
  const body = push.body as { mdm?: unknown } | null;
  return push.token.toLowerCase() === token.toLowerCase() && typeof body === 'object' && body !== null && body.mdm === pushMagic;
}
