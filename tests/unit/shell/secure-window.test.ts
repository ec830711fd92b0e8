import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('../../support/electron-mock'));

const { createMainWindow, secureWebPreferences } = await import('../../../electron/main/secure-window');
const electron = await import('../../support/electron-mock');

describe('the main window', () => {
  const window = createMainWindow({ preload: '/app/out/preload/index.cjs', rendererIndex: '/app/out/renderer/index.html' }) as unknown as InstanceType<typeof electron.BrowserWindow>;

  it('is isolated, sandboxed and without Node', () => {
    const prefs = window.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, nodeIntegrationInWorker: false, webviewTag: false, webSecurity: true });
    expect(prefs).toEqual(secureWebPreferences('/app/out/preload/index.cjs'));
    expect(window.loadedFile).toBe('/app/out/renderer/index.html');
    expect(window.shown).toBe(true);
  });

  it('denies every new window and hands web links to the browser', () => {
    expect(window.webContents.windowOpenHandler!({ url: 'https://example.com/help' })).toEqual({ action: 'deny' });
    expect(window.webContents.windowOpenHandler!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(electron.shell.opened).toEqual(['https://example.com/help']);
  });

  it('opens an e-mail link in the mail client instead of navigating', () => {
    const event = { prevented: false, preventDefault() { this.prevented = true; } };
    window.webContents.emit('will-navigate', event, 'mailto:anna@office.test?subject=Enroll');
    expect(event.prevented).toBe(true);
    expect(electron.shell.opened).toContain('mailto:anna@office.test?subject=Enroll');
    window.webContents.emit('will-navigate', { preventDefault() {} }, 'https://evil.example/');
    expect(electron.shell.opened).not.toContain('https://evil.example/');
  });

  it.each(['will-navigate', 'will-redirect', 'will-attach-webview'])('blocks %s', (eventName) => {
    const event = { prevented: false, preventDefault() { this.prevented = true; } };
    window.webContents.emit(eventName, event);
    expect(event.prevented).toBe(true);
  });
});
