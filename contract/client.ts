import type { CallInput, CallName, CallOutput, EventName, EventPayload } from './api';

/** What the renderer talks to. It does not know whether IPC or HTTP carries it. */
export interface LanyardClient {
  call<K extends CallName>(name: K, input: CallInput<K>): Promise<CallOutput<K>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  /** Fires when the live event stream (re)connects; the UI re-hydrates then. */
  onReconnect(listener: () => void): () => void;
}

/** Shape of `window.lanyard`, exposed by the Electron preload. */
export interface LanyardBridge {
  call(name: string, input: unknown): Promise<{ ok: true; value: unknown } | { ok: false; error: { code: string; message: string; field?: string } }>;
  on(event: string, listener: (payload: unknown) => void): () => void;
}
