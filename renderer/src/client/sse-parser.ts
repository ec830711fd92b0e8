export interface SseMessage {
  event: string;
  data: string;
}

/**
 * Incremental parser for a text/event-stream body (the subset Lanyard
 * sends: `event`, `data`, comments). Feed it decoded text in any chunking.
 */
export class SseParser {
  private buffer = '';
  private event = '';
  private data: string[] = [];
  /** The last chunk ended in "\r": a "\n" starting the next one belongs to it. */
  private pendingLf = false;

  constructor(private readonly onMessage: (message: SseMessage) => void) {}

  push(text: string): void {
    if (this.pendingLf && text.startsWith('\n')) text = text.slice(1);
    this.pendingLf = false;
    this.buffer += text;
    let start = 0;
    for (let i = 0; i < this.buffer.length; i += 1) {
      const char = this.buffer[i];
      if (char !== '\n' && char !== '\r') continue;
      const line = this.buffer.slice(start, i);
      if (char === '\r') {
        if (i === this.buffer.length - 1) this.pendingLf = true;
        else if (this.buffer[i + 1] === '\n') i += 1;
      }
      start = i + 1;
      this.line(line);
    }
    this.buffer = this.buffer.slice(start);
  }

  private line(line: string): void {
    if (line === '') {
      this.dispatch();
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') this.event = value;
    else if (field === 'data') this.data.push(value);
  }

  private dispatch(): void {
    const event = this.event || 'message';
    const data = this.data;
    this.event = '';
    this.data = [];
    if (data.length > 0) this.onMessage({ event, data: data.join('\n') });
  }
}
