import { Agent, request, type IncomingMessage } from 'node:http';

/**
 * The admin API and its event stream, driven as cheaply as a client can:
 * kept-alive sockets, and an event stream read as text with only the events
 * asked for parsed. The renderer's client validates every event with zod,
 * which is right for the UI but would make the bench's process, not
 * Lanyard's, the bottleneck of a thousand round trips a second.
 */
export class LeanAdminClient {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 64 });
  private stream: IncomingMessage | null = null;

  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
  ) {}

  /** POSTs JSON; resolves with the status and the parsed answer. */
  post(path: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
    const text = JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = request(
        `${this.baseUrl}${path}`,
        { method: 'POST', agent: this.agent, headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) } },
        (response) => {
          let answer = '';
          response.setEncoding('utf8').on('data', (chunk: string) => (answer += chunk));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(answer) as Record<string, unknown> }));
          response.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(text);
    });
  }

  /** Opens `/api/events` and calls `onEvent` with the data of every event named in `names`; resolves once the stream says hello. */
  watch(names: string[], onEvent: (name: string, data: Record<string, unknown>) => void): Promise<void> {
    const wanted = new Set(names);
    return new Promise((resolve, reject) => {
      const req = request(`${this.baseUrl}/api/events`, { headers: { authorization: `Bearer ${this.token}`, accept: 'text/event-stream' } }, (response) => {
        if (response.statusCode !== 200) return reject(new Error(`the event stream answered ${response.statusCode}`));
        this.stream = response;
        let buffered = '';
        response.setEncoding('utf8').on('data', (chunk: string) => {
          buffered += chunk;
          let end: number;
          while ((end = buffered.indexOf('\n\n')) >= 0) {
            const message = buffered.slice(0, end);
            buffered = buffered.slice(end + 2);
            const name = /^event: (.+)$/m.exec(message)?.[1];
            if (name === 'hello') resolve();
            if (!name || !wanted.has(name)) continue;
            const data = /^data: (.*)$/m.exec(message)?.[1];
            if (data) onEvent(name, JSON.parse(data) as Record<string, unknown>);
          }
        });
      });
      req.on('error', reject);
      req.end();
    });
  }

  close(): void {
    this.stream?.destroy();
    this.agent.destroy();
  }
}
