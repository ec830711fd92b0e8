import { calls, events, isEventName, type CallInput, type CallName, type CallOutput, type EventName, type EventPayload } from '../../../contract/api';
import { ApiError } from '../../../contract/errors';
import { ReconnectingEventStream } from './event-stream';
import { prepareRequest } from './http-request';
import { readResponse } from './http-response';
import { ListenerSet } from './listener-set';
import type { AdminSession, ConnectionState, LiveClient } from './live-client';

export interface HttpClientOptions {
  /** Where the admin server is, e.g. "http://127.0.0.1:8440"; '' (the default) is the page's own origin. */
  baseUrl?: string;
  /** The admin token sent as "Authorization: Bearer <token>". */
  token?: string | null;
  fetch?: typeof fetch;
  /** Told about each new token (sign-in, sign-out) so a browser can keep it. */
  onTokenChange?: (token: string | null) => void;
  /** Event stream tuning; the defaults suit a browser. */
  stream?: { initialDelayMs?: number; maxDelayMs?: number; idleTimeoutMs?: number };
}

export type HttpLanyardClient = LiveClient & { readonly transport: 'http'; readonly session: AdminSession };

/**
 * The headless transport: calls go to the REST routes the contract declares,
 * events come from GET /api/events. The stream starts with the first
 * subscription and runs until close(). Works in a browser and in Node 20.
 */
export function createHttpClient(options: HttpClientOptions = {}): HttpLanyardClient {
  const baseUrl = (options.baseUrl ?? '').replace(/\/+$/, '');
  const fetchImpl: typeof fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  let token = options.token || null;
  let wantStream = false;
  let closed = false;

  const unauthorized = new ListenerSet<[]>();
  const reconnected = new ListenerSet<[]>();
  const connection = new ListenerSet<[ConnectionState]>();
  const eventListeners = new Map<EventName, ListenerSet<[unknown]>>();

  const stream = new ReconnectingEventStream({
    url: `${baseUrl}/api/events`,
    fetch: fetchImpl,
    headers: () => (token ? { authorization: `Bearer ${token}` } : null),
    onMessage: ({ event, data }) => deliver(event, data),
    onOpen: (isReconnect) => {
      if (isReconnect) reconnected.emit();
    },
    onStateChange: (state) => connection.emit(state),
    onUnauthorized: () => unauthorized.emit(),
    ...options.stream,
  });

  function deliver(event: string, data: string): void {
    if (!isEventName(event)) return;
    let payload: unknown;
    try {
      payload = JSON.parse(data);
    } catch {
      return;
    }
    const parsed = events[event].safeParse(payload);
    if (!parsed.success) {
      console.warn(`[lanyard] ignored a malformed ${event} event`);
      return;
    }
    eventListeners.get(event)?.emit(parsed.data);
  }

  function subscribe<T extends unknown[]>(set: ListenerSet<T>, listener: (...args: T) => void): () => void {
    const remove = set.add(listener);
    wantStream = true;
    if (!closed && token) stream.start();
    return remove;
  }

  const session: AdminSession = {
    hasToken: () => token !== null,
    setToken(next) {
      token = next || null;
      options.onTokenChange?.(token);
      if (closed || !wantStream) return;
      if (token) stream.restart();
      else stream.stop();
    },
    onUnauthorized: (listener) => unauthorized.add(listener),
  };

  return {
    transport: 'http',
    session,
    async call<K extends CallName>(name: K, input: CallInput<K>): Promise<CallOutput<K>> {
      const definition = calls[name];
      if (!definition) throw new ApiError('not_found', `unknown call "${String(name)}"`);
      const request = prepareRequest(definition.http, input);
      const headers: Record<string, string> = { accept: 'application/json' };
      if (token) headers.authorization = `Bearer ${token}`;
      if (request.contentType) headers['content-type'] = request.contentType;
      let response: Response;
      try {
        // A raw upload is a Uint8Array, which fetch takes; the DOM and Node typings disagree on its name.
        response = await fetchImpl(`${baseUrl}${request.path}`, { method: request.method, headers, body: request.body as string | undefined });
      } catch (error) {
        throw new ApiError('unavailable', `cannot reach the Lanyard server: ${(error as Error).message}`);
      }
      if (response.status === 401) unauthorized.emit();
      return (await readResponse(response, definition.http)) as CallOutput<K>;
    },
    on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
      let set = eventListeners.get(event);
      if (!set) eventListeners.set(event, (set = new ListenerSet<[unknown]>()));
      return subscribe(set, (payload) => listener(payload as EventPayload<E>));
    },
    onReconnect: (listener) => subscribe(reconnected, listener),
    connectionState: () => stream.connectionState,
    onConnectionChange: (listener) => subscribe(connection, listener),
    close() {
      closed = true;
      stream.stop();
    },
  };
}
