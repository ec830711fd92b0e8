import { BrowserWindow, ipcMain, type IpcMainInvokeEvent } from 'electron';
import { ApiError } from '../../contract/errors';
import type { ApiDispatcher } from '../core/api/dispatcher';
import type { EventBus } from '../core/events/event-bus';
import { callChannel, eventChannel } from './ipc-channels';

export type IpcReply = { ok: true; value: unknown } | { ok: false; error: ReturnType<ApiError['toBody']> };

/**
 * Serves the contract over Electron IPC from the same dispatcher the HTTP API
 * uses. Calls are accepted only from the app's own windows showing the app's
 * own page; results and errors travel as a plain envelope.
 */
export function registerIpcBridge(dispatcher: ApiDispatcher, events: EventBus, isAppUrl: (url: string) => boolean): () => void {
  ipcMain.handle(callChannel, async (event: IpcMainInvokeEvent, name: unknown, input: unknown): Promise<IpcReply> => {
    if (!isTrustedSender(event, isAppUrl)) {
      return { ok: false, error: new ApiError('unauthorized', 'IPC is accepted only from Lanyard windows').toBody() };
    }
    try {
      return { ok: true, value: await dispatcher.dispatch(String(name), input, 'desktop') };
    } catch (error) {
      const apiError = error instanceof ApiError ? error : new ApiError('internal', (error as Error).message);
      return { ok: false, error: apiError.toBody() };
    }
  });
  const unsubscribe = events.onAny((name, payload) => {
    for (const window of BrowserWindow.getAllWindows()) {
      if (!window.isDestroyed() && isAppUrl(window.webContents.getURL())) window.webContents.send(eventChannel, name, payload);
    }
  });
  return () => {
    ipcMain.removeHandler(callChannel);
    unsubscribe();
  };
}

export function isTrustedSender(event: IpcMainInvokeEvent, isAppUrl: (url: string) => boolean): boolean {
  const window = BrowserWindow.fromWebContents(event.sender);
  const frameUrl = event.senderFrame?.url ?? '';
  return window !== null && !window.isDestroyed() && isAppUrl(frameUrl);
}
