/**
 * Creates the main window with the settings of security.ts and wires the navigation guards:
 * new windows denied (https links go to the system browser), navigation away blocked, webviews
 * refused, every permission request denied.
 */
import { BrowserWindow, shell } from 'electron';
import { APP_ENTRY, externalUrl, webPreferences } from './security.ts';

/** Attaches the guards to a window's webContents; exported for tests. */
export function guardWindow(win: BrowserWindow): void {
  const contents = win.webContents;
  contents.setWindowOpenHandler(({ url }) => {
    const safe = externalUrl(url);
    if (safe) void shell.openExternal(safe);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event, url) => {
    if (url !== APP_ENTRY) event.preventDefault();
  });
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  // Checks too (clipboard reads, notifications... asked synchronously, without a request).
  contents.session.setPermissionCheckHandler(() => false);
}

/** The main window, loading the renderer from app://. */
export function createMainWindow(preload: string): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 1024,
    minHeight: 640,
    title: 'PBX Bulk Import',
    show: false,
    webPreferences: webPreferences(preload),
  });
  guardWindow(win);
  win.once('ready-to-show', () => win.show());
  void win.loadURL(APP_ENTRY);
  return win;
}
