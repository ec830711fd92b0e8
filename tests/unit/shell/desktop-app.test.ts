import { afterAll, describe, expect, it, vi } from 'vitest';
import { storedImage, tempDir } from '../../support/core-fixtures';
import { freePort } from '../../support/test-core';

vi.mock('electron', () => import('../../support/electron-mock'));

const electron = await import('../../support/electron-mock');
const { runDesktopApp } = await import('../../../electron/main/desktop-app');
const { SafeStorageSecretBox } = await import('../../../electron/main/safe-storage-secret-box');
const { describeServers } = await import('../../../electron/main/tray');

describe('the desktop app shell', () => {
  const dirs: { remove(): Promise<void> }[] = [];
  afterAll(() => Promise.all(dirs.map((d) => d.remove())));

  it('keeps its data under userData, opens a secure window, shows tray status and flushes on quit', async () => {
    const dir = await tempDir();
    dirs.push(dir);
    electron.app.userData = dir.path;
    process.env.LANYARD_MDM_PORT = String(await freePort());
    process.env.LANYARD_ENROLLMENT_HTTP_PORT = '0';
    process.env.LANYARD_MQTT_PORT = String(await freePort());
    process.env.LANYARD_DEVICE_BIND = '127.0.0.1';
    await runDesktopApp({ outDir: '/app/out', resourcesDir: '/app/resources' });
    expect(electron.app.sandboxEnabled).toBe(true);
    const window = electron.BrowserWindow.all.at(-1)!;
    expect(window.loadedFile).toBe('/app/out/renderer/index.html');
    expect((window.options.webPreferences as { preload: string }).preload).toBe('/app/out/preload/index.cjs');
    const tray = electron.Tray.all.at(-1)!;
    expect(tray.tooltip).toBe('Lanyard: servers running');
    expect(tray.menu.map((item) => item.label)).toContain('device HTTPS: running');
    expect(tray.menu.map((item) => item.label)).toEqual(expect.arrayContaining(['agent MQTT broker: running', 'agent channel: running']));
    const stored = await storedImage(dir.path);
    expect((stored.collections.activity!.at(-1)![1] as { message: string }).message).toMatch(/started \(desktop\)/);
    electron.app.quit();
    await vi.waitFor(() => expect(electron.app.exitCode).toBe(0));
    expect(tray.destroyed).toBe(true);
    const afterQuit = await storedImage(dir.path);
    expect((afterQuit.collections.activity!.at(-1)![1] as { message: string }).message).toBe('Lanyard stopped');
    expect(electron.ipcMain.handlers.size).toBe(0);
  });

  it('serves the admin API beside the window when LANYARD_ADMIN_PORT is set', async () => {
    const dir = await tempDir();
    dirs.push(dir);
    electron.app.userData = dir.path;
    electron.app.removeAllListeners('before-quit');
    electron.ipcMain.handlers.clear();
    electron.app.exitCode = null;
    process.env.LANYARD_ADMIN_PORT = String(await freePort());
    process.env.LANYARD_ADMIN_TOKEN = 'desktop-admin-token-0123456789';
    try {
      await runDesktopApp({ outDir: '/app/out', resourcesDir: '/app/resources' });
      const response = await fetch(`http://127.0.0.1:${process.env.LANYARD_ADMIN_PORT}/api/system/status`, { headers: { authorization: 'Bearer desktop-admin-token-0123456789' } });
      expect((await response.json()) as { mode: string }).toMatchObject({ mode: 'desktop' });
      electron.app.quit();
      await vi.waitFor(() => expect(electron.app.exitCode).toBe(0));
    } finally {
      delete process.env.LANYARD_ADMIN_PORT;
      delete process.env.LANYARD_ADMIN_TOKEN;
    }
  });

  it('quits at once when another instance holds the lock', async () => {
    electron.app.singleInstance = false;
    const windows = electron.BrowserWindow.all.length;
    electron.app.quitCalled = false;
    electron.app.removeAllListeners('before-quit');
    await runDesktopApp({ outDir: '/app/out', resourcesDir: '/app/resources' });
    expect(electron.app.quitCalled).toBe(true);
    expect(electron.BrowserWindow.all.length).toBe(windows);
    electron.app.singleInstance = true;
  });

  it('seals secrets with safeStorage and opens them again', async () => {
    const box = new SafeStorageSecretBox();
    const sealed = await box.seal(Buffer.from('private key'));
    expect(sealed).not.toContain('private key');
    expect((await box.open(sealed)).toString()).toBe('private key');
    await expect(box.open('kf1:abc')).rejects.toThrow(/not sealed with safeStorage/);
  });

  it('summarises server state for the tray', () => {
    const base = { version: '1', mode: 'desktop' as const, dataDir: '/d', setupComplete: true, pinned: [], storage: { backend: 'memory' as const, location: 'memory', records: { devices: 0, commands: 0, activity: 0 }, retention: { activityEntries: 20_000, finishedCommandsPerDevice: 200, finishedCommandDays: 90 } } };
    expect(describeServers({ ...base, servers: [{ name: 'mdm', state: 'running' }] })).toBe('Lanyard: servers running');
    expect(describeServers({ ...base, servers: [{ name: 'mdm', state: 'failed', error: 'port in use' }] })).toBe('Lanyard: mdm failed');
    expect(describeServers({ ...base, servers: [{ name: 'mdm', state: 'stopped' }] })).toBe('Lanyard: servers stopped');
  });
});
