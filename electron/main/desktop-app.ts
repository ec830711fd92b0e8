import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, type BrowserWindow as Window } from 'electron';
import { LanyardCore } from '../core/lanyard-core';
import { KeyFileSecretBox } from '../core/secrets/key-file-secret-box';
import type { SecretBox } from '../core/secrets/secret-box';
import { defaultPublicHost } from '../core/system/lan-addresses';
import { loadAdminToken } from '../core/config/admin-token';
import { agentChannelOptions, parseServeOptions, serveDefaults } from '../core/config/serve-options';
import { registerIpcBridge } from './ipc-bridge';
import { SafeStorageSecretBox } from './safe-storage-secret-box';
import { createMainWindow } from './secure-window';
import { LanyardTray } from './tray';

export interface DesktopPaths {
  /** Folder holding out/main, out/preload and out/renderer. */
  outDir: string;
  resourcesDir: string;
}

/**
 * Wires the core to Electron: app paths, the keychain, IPC, one window and
 * the tray. Everything else lives in the core.
 */
export async function runDesktopApp(paths: DesktopPaths): Promise<void> {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  app.enableSandbox();
  await app.whenReady();

  const rendererDir = join(paths.outDir, 'renderer');
  const appUrlPrefix = pathToFileURL(rendererDir).href;
  const isAppUrl = (url: string) => url.startsWith(appUrlPrefix);
  const dataDir = app.getPath('userData');
  // The desktop honours the same LANYARD_* environment variables as `serve` (ports, APNs URL, bind address, database URL).
  const fromEnvironment = parseServeOptions([], { ...process.env, LANYARD_DATA_DIR: dataDir });
  const core = await LanyardCore.create({
    mode: 'desktop',
    version: app.getVersion(),
    dataDir,
    defaults: {
      organizationName: 'My Office',
      publicHost: defaultPublicHost(),
      mdmPort: serveDefaults.mdmPort,
      enrollmentHttpPort: serveDefaults.enrollmentHttpPort,
    },
    pinned: fromEnvironment.pinned,
    // Scripts can use the admin API beside the desktop app when LANYARD_ADMIN_PORT is set.
    ...(process.env.LANYARD_ADMIN_PORT
      ? { admin: { port: fromEnvironment.adminPort, bind: fromEnvironment.adminBind, token: (await loadAdminToken(dataDir, process.env)).token, rendererDir } }
      : {}),
    apnsUrl: fromEnvironment.apnsUrl,
    deviceBind: fromEnvironment.deviceBind,
    mqtt: await agentChannelOptions(fromEnvironment),
    ...(fromEnvironment.databaseUrl ? { storage: { kind: 'postgres', url: fromEnvironment.databaseUrl } } : {}),
    secretBox: await chooseSecretBox(dataDir),
  });
  const unregister = registerIpcBridge(core.api, core.events, isAppUrl);

  let window: Window | null = null;
  const show = () => {
    if (!window || window.isDestroyed()) {
      window = createMainWindow({
        preload: join(paths.outDir, 'preload', 'index.cjs'),
        rendererIndex: join(rendererDir, 'index.html'),
        icon: join(paths.resourcesDir, 'icon.png'),
      });
    }
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  };

  let quitting = false;
  const tray = new LanyardTray(join(paths.resourcesDir, 'tray-icon.png'), { show, quit: () => app.quit() });
  core.events.on('system.status', (status) => tray.update(status));
  app.on('second-instance', show);
  app.on('activate', show);
  // Closing the window keeps the servers running in the tray; Quit stops them.
  app.on('window-all-closed', () => undefined);
  app.on('before-quit', (event) => {
    if (quitting) return;
    event.preventDefault();
    quitting = true;
    unregister();
    tray.destroy();
    core.stop().finally(() => app.exit(0));
  });

  await core.start();
  tray.update(core.status());
  show();
}

async function chooseSecretBox(dataDir: string): Promise<SecretBox> {
  if (SafeStorageSecretBox.available()) return new SafeStorageSecretBox();
  // Linux without a keyring: fall back to an owner-only key file, and say so in Settings.
  return KeyFileSecretBox.open(join(dataDir, 'secret.key'));
}
