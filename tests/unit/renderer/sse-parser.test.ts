import { describe, expect, it } from 'vitest';
import { SseParser, type SseMessage } from '../../../renderer/src/client/sse-parser';

function parse(chunks: string[]): SseMessage[] {
  const messages: SseMessage[] = [];
  const parser = new SseParser((message) => messages.push(message));
  for (const chunk of chunks) parser.push(chunk);
  return messages;
}

describe('SseParser', () => {
  const stream = 'event: hello\ndata: {}\n\n: keep-alive\n\nevent: settings.changed\ndata: {"a":1}\n\n';

  it('reads events, skipping comments', () => {
    expect(parse([stream])).toEqual([
      { event: 'hello', data: '{}' },
      { event: 'settings.changed', data: '{"a":1}' },
    ]);
  });

  it('gives the same result however the text is split', () => {
    const whole = parse([stream]);
    for (let size = 1; size < 8; size += 1) {
      const chunks = stream.match(new RegExp(`[\\s\\S]{1,${size}}`, 'g'))!;
      expect(parse(chunks)).toEqual(whole);
    }
  });

  it('accepts CRLF and CR line ends, joins data lines, and defaults the event name', () => {
    expect(parse(['data: one\r\ndata: two\r', '\n\r\nevent: x\rdata: y\r\r'])).toEqual([
      { event: 'message', data: 'one\ntwo' },
      { event: 'x', data: 'y' },
    ]);
  });

  it('does not dispatch an event without data or an unfinished one', () => {
    expect(parse(['event: empty\n\nevent: half\ndata: 1\n'])).toEqual([]);
  });
});
