import type { LanyardBridge } from '../../../contract/client';
import { initialAdminToken, saveAdminToken } from './admin-token';
import { createHttpClient } from './http-client';
import { createIpcClient } from './ipc-client';
import type { LiveClient } from './live-client';

declare global {
  interface Window {
    /** Exposed by the Electron preload; absent in a browser. */
    lanyard?: LanyardBridge;
  }
}

/** IPC inside the desktop app; otherwise HTTP to the server that served this page, with the admin token. */
export function createClient(): LiveClient {
  if (window.lanyard) return createIpcClient(window.lanyard);
  return createHttpClient({ baseUrl: '', token: initialAdminToken(), onTokenChange: saveAdminToken });
}
