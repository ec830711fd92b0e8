import type { EventName, EventPayload } from '../../contract/api';
import { createHttpClient } from '../../renderer/src/client/http-client';

/**
 * The admin event stream of a running server, as the UI sees it. `next`
 * listens from the moment it is called, so call it before the action.
 */
export function liveEvents(server: { url: string; token: string }) {
  const client = createHttpClient({ baseUrl: server.url, token: server.token, stream: { initialDelayMs: 100, maxDelayMs: 500 } });
  // Subscribing starts the stream; keep one subscription for the life of the helper.
  client.on('system.status', () => undefined);
  return {
    /** Resolves once the stream is open, so no event after this is missed. */
    ready(timeoutMs = 10_000): Promise<void> {
      if (client.connectionState() === 'open') return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`the event stream did not open within ${timeoutMs} ms`)), timeoutMs);
        const off = client.onConnectionChange((state) => {
          if (state !== 'open') return;
          clearTimeout(timer);
          off();
          resolve();
        });
      });
    },
    next<E extends EventName>(name: E, predicate: (payload: EventPayload<E>) => boolean, timeoutMs = 10_000): Promise<{ payload: EventPayload<E>; at: number }> {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          off();
          reject(new Error(`no matching ${name} event within ${timeoutMs} ms`));
        }, timeoutMs);
        const off = client.on(name, (payload) => {
          if (!predicate(payload)) return;
          clearTimeout(timer);
          off();
          resolve({ payload, at: Date.now() });
        });
      });
    },
    close: () => client.close(),
  };
}
