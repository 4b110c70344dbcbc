import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./electron-mock.ts'));

const { BrowserWindow, shell } = await import('./electron-mock.ts');
const { createMainWindow } = await import('../../src/electron/window.ts');
const { APP_ENTRY } = await import('../../src/electron/security.ts');

function open(): InstanceType<typeof BrowserWindow> {
  createMainWindow('/app/dist/electron/preload.cjs');
  const win = BrowserWindow.instances.at(-1);
  if (!win) throw new Error('no window was created');
  return win;
}

beforeEach(() => shell.openExternal.mockClear());

describe('main window', () => {
  it('is isolated and sandboxed, without Node, webviews or insecure content', () => {
    expect(open().options['webPreferences']).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      preload: '/app/dist/electron/preload.cjs',
    });
  });

  it('loads the renderer from the app:// origin, readable at 1280x800', () => {
    const win = open();
    expect(win.loadedUrl).toBe(APP_ENTRY);
    expect(win.options).toMatchObject({ width: 1280, height: 800 });
  });

  it('denies every new window, opening only parsed https links in the system browser', () => {
    const contents = open().webContents;
    expect(contents.windowOpenHandler?.({ url: 'https://help.yeastar.com/x' })).toEqual({ action: 'deny' });
    expect(shell.openExternal).toHaveBeenCalledWith('https://help.yeastar.com/x');
    for (const url of [
      'http://evil.example',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'https://u:p@evil.example',
    ]) {
      expect(contents.windowOpenHandler?.({ url })).toEqual({ action: 'deny' });
    }
    expect(shell.openExternal).toHaveBeenCalledTimes(1);
  });

  it('blocks navigation away from the app', () => {
    const navigate = open().webContents.handlers.get('will-navigate') as (
      e: { preventDefault: () => void },
      url: string,
    ) => void;
    const away = { preventDefault: vi.fn() };
    navigate(away, 'https://evil.example/');
    expect(away.preventDefault).toHaveBeenCalled();
    const home = { preventDefault: vi.fn() };
    navigate(home, APP_ENTRY);
    expect(home.preventDefault).not.toHaveBeenCalled();
  });

  it('refuses webviews and every permission request', () => {
    const contents = open().webContents;
    const attach = { preventDefault: vi.fn() };
    (contents.handlers.get('will-attach-webview') as (e: typeof attach) => void)(attach);
    expect(attach.preventDefault).toHaveBeenCalled();
    const answer = vi.fn();
    contents.permissionHandler?.(null, 'media', answer);
    expect(answer).toHaveBeenCalledWith(false);
    expect(contents.permissionCheck?.(null, 'clipboard-read')).toBe(false);
  });
});
