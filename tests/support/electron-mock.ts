import { EventEmitter } from 'node:events';

/**
 * A hand-written stand-in for the `electron` module, so the shell can be
 * unit-tested on plain Node (the Electron binary is not installed here).
 * Only what the shell uses is modelled; everything records its calls.
 */

type InvokeHandler = (event: unknown, ...args: unknown[]) => unknown;

let nextId = 1;

export class WebContentsMock extends EventEmitter {
  readonly id = nextId++;
  url = '';
  windowOpenHandler: ((details: { url: string }) => { action: 'allow' | 'deny' }) | null = null;
  readonly sent: { channel: string; args: unknown[] }[] = [];
  destroyed = false;

  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'allow' | 'deny' }): void {
    this.windowOpenHandler = handler;
  }
  getURL(): string {
    return this.url;
  }
  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args });
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
}

export class BrowserWindow extends EventEmitter {
  static readonly all: BrowserWindow[] = [];
  readonly webContents = new WebContentsMock();
  loadedFile: string | null = null;
  shown = false;
  destroyed = false;

  constructor(readonly options: Record<string, unknown>) {
    super();
    BrowserWindow.all.push(this);
  }
  static getAllWindows(): BrowserWindow[] {
    return BrowserWindow.all.filter((w) => !w.destroyed);
  }
  static fromWebContents(contents: unknown): BrowserWindow | null {
    return BrowserWindow.all.find((w) => w.webContents === contents) ?? null;
  }
  async loadFile(file: string): Promise<void> {
    this.loadedFile = file;
    this.webContents.url = `file://${file}`;
    this.emit('ready-to-show');
  }
  show(): void {
    this.shown = true;
  }
  focus(): void {}
  restore(): void {}
  isMinimized(): boolean {
    return false;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
}

export const ipcMain = {
  handlers: new Map<string, InvokeHandler>(),
  handle(channel: string, handler: InvokeHandler): void {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    this.handlers.set(channel, handler);
  },
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  },
};

class AppMock extends EventEmitter {
  singleInstance = true;
  sandboxEnabled = false;
  userData = '/tmp/lanyard-user-data';
  quitCalled = false;
  exitCode: number | null = null;
  requestSingleInstanceLock(): boolean {
    return this.singleInstance;
  }
  enableSandbox(): void {
    this.sandboxEnabled = true;
  }
  whenReady(): Promise<void> {
    return Promise.resolve();
  }
  getPath(name: string): string {
    if (name !== 'userData') throw new Error(`unexpected path ${name}`);
    return this.userData;
  }
  getVersion(): string {
    return '9.9.9-test';
  }
  quit(): void {
    this.quitCalled = true;
    const event = { defaultPrevented: false, preventDefault() { this.defaultPrevented = true; } };
    this.emit('before-quit', event);
  }
  exit(code: number): void {
    this.exitCode = code;
  }
}
export const app = new AppMock();

export const safeStorage = {
  available: true,
  isEncryptionAvailable(): boolean {
    return this.available;
  },
  encryptString(text: string): Buffer {
    return Buffer.from(`sealed:${Buffer.from(text).toString('hex')}`);
  },
  decryptString(buffer: Buffer): string {
    const text = buffer.toString();
    if (!text.startsWith('sealed:')) throw new Error('not sealed');
    return Buffer.from(text.slice(7), 'hex').toString();
  },
};

export class Tray extends EventEmitter {
  static readonly all: Tray[] = [];
  tooltip = '';
  menu: { label?: string; enabled?: boolean }[] = [];
  destroyed = false;
  constructor(readonly image: unknown) {
    super();
    Tray.all.push(this);
  }
  setToolTip(text: string): void {
    this.tooltip = text;
  }
  setContextMenu(menu: { items: { label?: string; enabled?: boolean }[] }): void {
    this.menu = menu.items;
  }
  destroy(): void {
    this.destroyed = true;
  }
}

export const Menu = { buildFromTemplate: (items: { label?: string }[]) => ({ items }) };
export const nativeImage = { createFromPath: (path: string) => ({ path }) };
export const shell = { opened: [] as string[], async openExternal(url: string) { this.opened.push(url); } };

export const contextBridge = {
  exposed: new Map<string, unknown>(),
  exposeInMainWorld(key: string, api: unknown): void {
    this.exposed.set(key, api);
  },
};

class IpcRendererMock extends EventEmitter {
  readonly invoked: { channel: string; args: unknown[] }[] = [];
  async invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    this.invoked.push({ channel, args });
    return { ok: true, value: args };
  }
}
export const ipcRenderer = new IpcRendererMock();

export default { app, BrowserWindow, ipcMain, safeStorage, Tray, Menu, nativeImage, shell, contextBridge, ipcRenderer };
