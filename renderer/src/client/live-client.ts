import type { LanyardClient } from '../../../contract/client';

/** 'open' once the live event stream delivers; 'connecting' while (re)trying; 'closed' when stopped or signed out. */
export type ConnectionState = 'connecting' | 'open' | 'closed';

/** Token handling, present only on the HTTP transport (the desktop app needs none). */
export interface AdminSession {
  hasToken(): boolean;
  /** Replaces the token (null signs out) and restarts the event stream with it. */
  setToken(token: string | null): void;
  /** Fires when the server refuses the token (HTTP 401) on a call or on the event stream. */
  onUnauthorized(listener: () => void): () => void;
}

/** The contract's client plus what the UI needs to show the state of the connection. */
export interface LiveClient extends LanyardClient {
  readonly transport: 'ipc' | 'http';
  /** Null on IPC. */
  readonly session: AdminSession | null;
  connectionState(): ConnectionState;
  onConnectionChange(listener: (state: ConnectionState) => void): () => void;
  /** Stops the event stream; calls still work. */
  close(): void;
}
