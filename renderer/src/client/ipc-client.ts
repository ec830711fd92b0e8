import type { CallInput, CallName, CallOutput, EventName, EventPayload } from '../../../contract/api';
import type { LanyardBridge } from '../../../contract/client';
import { ApiError } from '../../../contract/errors';
import { apiErrorFrom } from './api-error';
import type { LiveClient } from './live-client';

/**
 * The desktop transport: `window.lanyard` from the Electron preload. IPC
 * never drops, so the connection is always open and never reconnects.
 */
export function createIpcClient(bridge: LanyardBridge): LiveClient {
  return {
    transport: 'ipc',
    session: null,
    async call<K extends CallName>(name: K, input: CallInput<K>): Promise<CallOutput<K>> {
      let reply: Awaited<ReturnType<LanyardBridge['call']>>;
      try {
        reply = await bridge.call(name, input);
      } catch (error) {
        throw new ApiError('unavailable', `the Lanyard main process did not answer: ${(error as Error).message}`);
      }
      if (reply.ok) return reply.value as CallOutput<K>;
      throw apiErrorFrom(reply.error, { code: 'internal', message: `${name} failed` });
    },
    on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
      return bridge.on(event, (payload) => listener(payload as EventPayload<E>));
    },
    onReconnect: () => () => undefined,
    connectionState: () => 'open',
    onConnectionChange: () => () => undefined,
    close: () => undefined,
  };
}
