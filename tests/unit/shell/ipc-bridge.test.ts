import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestCore } from '../../support/test-core';

vi.mock('electron', () => import('../../support/electron-mock'));

const electron = await import('../../support/electron-mock');
const { registerIpcBridge } = await import('../../../electron/main/ipc-bridge');
const { callChannel, eventChannel } = await import('../../../electron/main/ipc-channels');

const appUrl = 'file:///app/out/renderer/';
const isAppUrl = (url: string) => url.startsWith(appUrl);

describe('the IPC bridge', () => {
  let env: Awaited<ReturnType<typeof startTestCore>>;
  let unregister: () => void;
  const appWindow = new electron.BrowserWindow({});
  appWindow.webContents.url = `${appUrl}index.html`;
  const invoke = (sender: unknown, frameUrl: string, name: unknown, input: unknown) =>
    electron.ipcMain.handlers.get(callChannel)!({ sender, senderFrame: { url: frameUrl } }, name, input) as Promise<{ ok: boolean; value?: unknown; error?: { code: string; field?: string } }>;

  beforeAll(async () => {
    env = await startTestCore({ admin: undefined });
    unregister = registerIpcBridge(env.core.api, env.core.events, isAppUrl);
  });
  afterAll(async () => {
    unregister();
    await env.stop();
  });

  it('serves contract calls from the app window through the shared dispatcher', async () => {
    const reply = await invoke(appWindow.webContents, `${appUrl}index.html`, 'settings.get', {});
    expect(reply).toMatchObject({ ok: true, value: { organization: { name: 'Test Office' } } });
  });

  it('validates arguments and names the bad field', async () => {
    const reply = await invoke(appWindow.webContents, `${appUrl}index.html`, 'settings.update', { network: { mdmPort: 99999 } });
    expect(reply).toMatchObject({ ok: false, error: { code: 'bad_request', field: 'network.mdmPort' } });
  });

  it('refuses unknown calls', async () => {
    const reply = await invoke(appWindow.webContents, `${appUrl}index.html`, 'fs.readFile', { path: '/etc/passwd' });
    expect(reply).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('refuses calls from a frame showing another page, or from a foreign web contents', async () => {
    const fromRemoteFrame = await invoke(appWindow.webContents, 'https://evil.example/', 'settings.get', {});
    expect(fromRemoteFrame).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    const stranger = new electron.WebContentsMock();
    const fromStranger = await invoke(stranger, `${appUrl}index.html`, 'settings.get', {});
    expect(fromStranger).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
  });

  it('forwards core events to app windows only', async () => {
    const other = new electron.BrowserWindow({});
    other.webContents.url = 'https://elsewhere.example/';
    await env.core.settings.update({ helpdesk: { name: 'Desk' } });
    const forwarded = appWindow.webContents.sent.filter((m) => m.channel === eventChannel && m.args[0] === 'settings.changed');
    expect(forwarded).toHaveLength(1);
    expect(other.webContents.sent).toEqual([]);
  });
});
