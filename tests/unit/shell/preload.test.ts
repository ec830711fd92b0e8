import { describe, expect, it, vi } from 'vitest';
import type { LanyardBridge } from '../../../contract/client';

vi.mock('electron', () => import('../../support/electron-mock'));

const electron = await import('../../support/electron-mock');
await import('../../../electron/preload/index');
const { callChannel, eventChannel } = await import('../../../electron/main/ipc-channels');

describe('the preload bridge', () => {
  const bridge = electron.contextBridge.exposed.get('lanyard') as LanyardBridge;

  it('exposes only call and on as window.lanyard', () => {
    expect([...electron.contextBridge.exposed.keys()]).toEqual(['lanyard']);
    expect(Object.keys(bridge).sort()).toEqual(['call', 'on']);
  });

  it('sends calls on the one call channel', async () => {
    await bridge.call('settings.get', {});
    expect(electron.ipcRenderer.invoked.at(-1)).toEqual({ channel: callChannel, args: ['settings.get', {}] });
  });

  it('delivers only the subscribed event and stops after unsubscribe', () => {
    const seen: unknown[] = [];
    const off = bridge.on('settings.changed', (payload) => seen.push(payload));
    electron.ipcRenderer.emit(eventChannel, {}, 'activity.appended', { a: 1 });
    electron.ipcRenderer.emit(eventChannel, {}, 'settings.changed', { b: 2 });
    off();
    electron.ipcRenderer.emit(eventChannel, {}, 'settings.changed', { c: 3 });
    expect(seen).toEqual([{ b: 2 }]);
  });
});
