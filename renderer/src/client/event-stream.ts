import type { ConnectionState } from './live-client';
import { SseParser, type SseMessage } from './sse-parser';

export interface EventStreamOptions {
  url: string;
  fetch: typeof fetch;
  /** Request headers, or null when there is nothing to connect with (no token). */
  headers(): Record<string, string> | null;
  onMessage(message: SseMessage): void;
  /** After the server's `hello`: `reconnected` is false the first time only. */
  onOpen(reconnected: boolean): void;
  onStateChange(state: ConnectionState): void;
  onUnauthorized(): void;
  /** First retry delay; doubles up to maxDelayMs. */
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** The server sends a comment every 20 s; silence this long (30 s by default) means the connection is dead. */
  idleTimeoutMs?: number;
}

/**
 * The live event stream read with fetch (EventSource cannot send the
 * Authorization header). It reconnects with exponential backoff whenever
 * the stream ends or fails, and stops for good on 401 or stop().
 */
export class ReconnectingEventStream {
  private generation = 0;
  private running = false;
  private openedBefore = false;
  private state: ConnectionState = 'closed';
  private abort: AbortController | null = null;
  private wake: (() => void) | null = null;

  constructor(private readonly options: EventStreamOptions) {}

  get connectionState(): ConnectionState {
    return this.state;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    const generation = ++this.generation;
    void this.loop(generation);
  }

  stop(): void {
    this.running = false;
    this.generation += 1;
    this.abort?.abort();
    this.abort = null;
    this.wake?.();
    this.setState('closed');
  }

  /** Reconnects now, e.g. with a new token; a later open counts as a reconnect. */
  restart(): void {
    this.stop();
    this.start();
  }

  private async loop(generation: number): Promise<void> {
    const current = () => generation === this.generation;
    let attempt = 0;
    while (current()) {
      const headers = this.options.headers();
      if (!headers) {
        this.running = false;
        this.setState('closed');
        return;
      }
      this.setState('connecting');
      const outcome = await this.connectOnce(headers, current, () => {
        attempt = 0;
      });
      if (!current()) return;
      if (outcome === 'unauthorized') {
        this.running = false;
        this.setState('closed');
        this.options.onUnauthorized();
        return;
      }
      this.setState('connecting');
      await this.sleep(this.delay(attempt));
      attempt += 1;
    }
  }

  /** One connection, until it ends. */
  private async connectOnce(headers: Record<string, string>, current: () => boolean, onOpen: () => void): Promise<'ended' | 'unauthorized'> {
    const abort = new AbortController();
    this.abort = abort;
    let idleTimer: ReturnType<typeof setTimeout> | undefined;
    const resetIdle = () => {
      clearTimeout(idleTimer);
      idleTimer = setTimeout(() => abort.abort(), this.options.idleTimeoutMs ?? 30_000);
    };
    try {
      resetIdle();
      const response = await this.options.fetch(this.options.url, {
        headers: { ...headers, accept: 'text/event-stream' },
        signal: abort.signal,
      });
      if (response.status === 401) return 'unauthorized';
      if (!response.ok || !response.body) {
        await response.body?.cancel().catch(() => undefined);
        return 'ended';
      }
      const parser = new SseParser((message) => {
        if (!current()) return;
        if (message.event === 'hello') {
          onOpen();
          const reconnected = this.openedBefore;
          this.openedBefore = true;
          this.setState('open');
          this.options.onOpen(reconnected);
          return;
        }
        this.options.onMessage(message);
      });
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      for (;;) {
        const { done, value } = await reader.read();
        if (done || !current()) break;
        resetIdle();
        parser.push(decoder.decode(value, { stream: true }));
      }
      await reader.cancel().catch(() => undefined);
      return 'ended';
    } catch {
      return 'ended';
    } finally {
      clearTimeout(idleTimer);
      if (this.abort === abort) this.abort = null;
      abort.abort();
    }
  }

  private delay(attempt: number): number {
    const initial = this.options.initialDelayMs ?? 500;
    const max = this.options.maxDelayMs ?? 10_000;
    const base = Math.min(max, initial * 2 ** attempt);
    return Math.round(base * (0.8 + Math.random() * 0.4));
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        if (this.wake === done) this.wake = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }

  private setState(state: ConnectionState): void {
    if (state === this.state) return;
    this.state = state;
    this.options.onStateChange(state);
  }
}
