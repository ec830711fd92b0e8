import type { ServerResponse } from 'node:http';
import type { EventBus } from '../events/event-bus';

/**
 * Server-sent events carrying the contract's events. Each message is
 * `event: <name>` and `data: <json>`; a comment line every 20 s keeps
 * proxies and idle timers from closing the stream.
 */
export class EventStream {
  private readonly clients = new Set<ServerResponse>();
  private readonly heartbeat: NodeJS.Timeout;
  private readonly unsubscribe: () => void;
  private closed = false;

  constructor(events: EventBus) {
    this.unsubscribe = events.onAny((event, payload) => this.broadcast(event, payload));
    this.heartbeat = setInterval(() => this.write(': keep-alive\n\n'), 20_000);
    this.heartbeat.unref();
  }

  attach(response: ServerResponse): void {
    if (this.closed) {
      response.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' }).end('Lanyard is stopping');
      return;
    }
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    response.write('event: hello\ndata: {}\n\n');
    this.clients.add(response);
    response.on('close', () => this.clients.delete(response));
  }

  get size(): number {
    return this.clients.size;
  }

  close(): void {
    this.closed = true;
    clearInterval(this.heartbeat);
    this.unsubscribe();
    for (const client of this.clients) client.end();
    this.clients.clear();
  }

  private broadcast(event: string, payload: unknown): void {
    this.write(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`);
  }

  private write(chunk: string): void {
    for (const client of this.clients) client.write(chunk);
  }
}
