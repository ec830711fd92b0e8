import { BrowserWindow, shell, type WebContents } from 'electron';

export interface WindowPaths {
  preload: string;
  rendererIndex: string;
  icon?: string;
}

/** Web preferences written out in full, so a changed default can never weaken them. */
export const secureWebPreferences = (preload: string) =>
  ({
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
  }) as const;

export function createMainWindow(paths: WindowPaths): BrowserWindow {
  const window = new BrowserWindow({
    width: 1200,
    height: 800,
    minWidth: 900,
    minHeight: 600,
    title: 'Lanyard',
    show: false,
    ...(paths.icon ? { icon: paths.icon } : {}),
    webPreferences: secureWebPreferences(paths.preload),
  });
  lockDown(window.webContents);
  window.once('ready-to-show', () => window.show());
  void window.loadFile(paths.rendererIndex);
  return window;
}

/** No new windows, no navigation away from the app, no webviews. External http(s) links open in the browser. */
export function lockDown(contents: WebContents): void {
  contents.setWindowOpenHandler(({ url }) => {
    if (isExternalLink(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event, url) => {
    event.preventDefault();
    // An e-mail link (invitations) opens the mail client instead of replacing the app.
    if (/^mailto:/i.test(url ?? '')) void shell.openExternal(url);
  });
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

function isExternalLink(url: string): boolean {
  return /^(https?|mailto):/i.test(url);
}
