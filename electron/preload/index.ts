import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { LanyardBridge } from '../../contract/client';
import { callChannel, eventChannel } from '../main/ipc-channels';

/**
 * The only door between the sandboxed UI and the main process: one call
 * function and one event subscription. Main validates every call against the
 * contract, so nothing here trusts or interprets the arguments.
 */
const bridge: LanyardBridge = {
  call: (name, input) => ipcRenderer.invoke(callChannel, String(name), input),
  on: (event, listener) => {
    const forward = (_: IpcRendererEvent, name: unknown, payload: unknown) => {
      if (name === event) listener(payload);
    };
    ipcRenderer.on(eventChannel, forward);
    return () => {
      ipcRenderer.removeListener(eventChannel, forward);
    };
  },
};

contextBridge.exposeInMainWorld('lanyard', bridge);
