/**
 * The one fake of the `electron` module for main-process tests. Each test file says
 * `vi.mock('electron', () => import('./electron-mock.ts'))`; the fakes record what main did.
 */
import { vi } from 'vitest';

type Handler = (...args: never[]) => unknown;

export class FakeWebContents {
  readonly handlers = new Map<string, Handler>();
  windowOpenHandler: ((d: { url: string }) => { action: string }) | undefined;
  permissionHandler: ((wc: unknown, permission: string, cb: (ok: boolean) => void) => void) | undefined;
  permissionCheck: ((wc: unknown, permission: string) => boolean) | undefined;
  readonly sent: Array<[string, unknown]> = [];
  readonly session = {
    setPermissionRequestHandler: (h: FakeWebContents['permissionHandler']) => (this.permissionHandler = h),
    setPermissionCheckHandler: (h: FakeWebContents['permissionCheck']) => (this.permissionCheck = h),
  };
  on(event: string, handler: Handler): this {
    this.handlers.set(event, handler);
    return this;
  }
  setWindowOpenHandler(h: FakeWebContents['windowOpenHandler']): void {
    this.windowOpenHandler = h;
  }
  send(channel: string, payload: unknown): void {
    this.sent.push([channel, payload]);
  }
}

export class BrowserWindow {
  static readonly instances: BrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  loadedUrl: string | undefined;
  constructor(readonly options: Record<string, unknown>) {
    BrowserWindow.instances.push(this);
  }
  once(): this {
    return this;
  }
  loadURL(url: string): Promise<void> {
    this.loadedUrl = url;
    return Promise.resolve();
  }
  show(): void {}
  isDestroyed(): boolean {
    return false;
  }
}

export const shell = { openExternal: vi.fn(() => Promise.resolve()) };

export const ipcMain = {
  handlers: new Map<string, (event: unknown, args: unknown) => Promise<unknown>>(),
  handle(channel: string, handler: (event: unknown, args: unknown) => Promise<unknown>): void {
    this.handlers.set(channel, handler);
  },
};

/** Reversible but clearly not plain text, so tests can tell ciphertext from a leak. */
export const safeStorage = {
  available: true,
  isEncryptionAvailable: vi.fn(() => safeStorage.available),
  encryptString: vi.fn((s: string) =>
    Buffer.from('ENC:' + Buffer.from(s).toString('base64').split('').reverse().join('')),
  ),
  decryptString: vi.fn((b: Buffer) =>
    Buffer.from(b.toString().slice(4).split('').reverse().join(''), 'base64').toString(),
  ),
};

export const protocol = { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() };
export const dialog = { showOpenDialog: vi.fn(), showSaveDialog: vi.fn() };
export const Menu = { setApplicationMenu: vi.fn(), buildFromTemplate: vi.fn((t: unknown) => t) };
export const app = {
  whenReady: () => Promise.resolve(),
  getPath: () => '/tmp',
  on: vi.fn(),
  enableSandbox: vi.fn(),
  isPackaged: false,
};
export const utilityProcess = { fork: vi.fn() };
export default { BrowserWindow, shell, ipcMain, safeStorage, protocol, dialog, Menu, app, utilityProcess };
