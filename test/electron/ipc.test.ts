import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { BridgeCall } from '../../src/shared/bridge.ts';

vi.mock('electron', () => import('./electron-mock.ts'));

const { ipcMain, safeStorage } = await import('./electron-mock.ts');
const { loadCredentials, storeEnteredCredentials } = await import('../../src/electron/credentials.ts');
const { handleCall, setupIpc } = await import('../../src/electron/ipc.ts');
const { APP_ENTRY } = await import('../../src/electron/security.ts');
const { BRIDGE_CALLS, callChannel } = await import('../../src/shared/bridge.ts');

const fromApp = { senderFrame: { url: APP_ENTRY } } as never;
let engine: { call: (name: string, args?: unknown) => Promise<unknown> } & { call: ReturnType<typeof vi.fn> };
let deps: Parameters<typeof handleCall>[0];

beforeEach(() => {
  engine = {
    call: vi.fn((name: string) =>
      Promise.resolve(name === 'registerFile' ? { id: 'f1', name: 'a.xlsx' } : { ok: name }),
    ),
  };
  deps = {
    engine,
    chooseOpenPath: vi.fn(() => Promise.resolve('/home/u/a.xlsx')),
    chooseSavePath: vi.fn(() => Promise.resolve(null)),
    storeCredentials: vi.fn(() => Promise.resolve()),
  };
});

describe('IPC handlers', () => {
  it('register one handler per bridge call', () => {
    setupIpc(deps);
    expect([...ipcMain.handlers.keys()].sort()).toEqual(BRIDGE_CALLS.map((c) => callChannel(c)).sort());
  });

  it('forward a valid call from the app window to the engine', async () => {
    const reply = await handleCall(deps, 'getRows', fromApp, { sheet: 'PBX', start: 0, count: 50 });
    expect(reply).toEqual({ result: { ok: 'getRows' } });
  });

  it.each([
    ['another site', { senderFrame: { url: 'https://evil.example/' } }],
    ['a file page', { senderFrame: { url: 'file:///tmp/x.html' } }],
    ['a destroyed frame', { senderFrame: null }],
  ])('refuse calls from %s', async (_what, event) => {
    const reply = await handleCall(deps, 'startRun', event as never, {});
    expect(reply).toEqual({
      error: { name: 'SessionError', message: 'Refused: the request did not come from the app window.' },
    });
    expect(engine.call).not.toHaveBeenCalled();
  });

  it.each<[BridgeCall, unknown]>([
    ['getRows', { sheet: 'PBX', start: -1, count: 10 }],
    ['updateCell', { sheet: 'PBX', index: 0, col: 0, text: 'x'.repeat(40_000) }],
    ['openSheet', { file: '/etc/passwd' }],
    ['exportReport', { format: 'exe' }],
    ['startRun', { concurrency: 1, extra: true }],
  ])('refuse an invalid payload for %s', async (call, args) => {
    const reply = await handleCall(deps, call, fromApp, args);
    expect(reply).toEqual({ error: { name: 'SessionError', message: `Invalid arguments for '${call}'.` } });
    expect(engine.call).not.toHaveBeenCalled();
  });

  it('pick files with main’s own dialog and give the renderer a ref, never the path', async () => {
    const reply = await handleCall(deps, 'pickFile', fromApp, {});
    expect(engine.call).toHaveBeenCalledWith('registerFile', { path: '/home/u/a.xlsx' });
    expect(JSON.stringify(reply)).not.toContain('/home/u');
  });

  it('save exports where the user chose in main’s save dialog', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pbx-ipc-'));
    await writeFile(join(dir, 'report.json'), '{"rows":[]}');
    engine.call = vi.fn(() => Promise.resolve({ path: join(dir, 'report.json'), name: 'report.json' }));
    deps.chooseSavePath = vi.fn(() => Promise.resolve(join(dir, 'saved.json')));
    expect(await handleCall(deps, 'saveExport', fromApp, { id: 'e1' })).toEqual({ result: { saved: true } });
    expect(await readFile(join(dir, 'saved.json'), 'utf8')).toBe('{"rows":[]}');
  });

  it('save entered credentials with safeStorage once the engine accepted them, and never echo the secret', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pbx-ipc-'));
    const file = join(dir, 'credentials.bin');
    const secret = 'pp-secret-Never-Echo-77';
    engine.call = vi.fn(() =>
      Promise.resolve({
        targets: { targets: [], active: 'live', credentialStore: 'keychain' },
        stored: 'session',
      }),
    );
    deps.storeCredentials = (entered) => storeEnteredCredentials(file, entered);
    const reply = await handleCall(deps, 'saveCredentials', fromApp, {
      credentials: { PP_CLIENT_ID: 'pp-id', PP_CLIENT_SECRET: secret },
    });
    expect(reply).toMatchObject({ result: { stored: 'keychain' } });
    expect(JSON.stringify(reply)).not.toContain(secret);
    expect(safeStorage.encryptString).toHaveBeenCalled();
    expect((await readFile(file)).toString()).not.toContain(secret);
    expect(await loadCredentials(file)).toEqual({ PP_CLIENT_ID: 'pp-id', PP_CLIENT_SECRET: secret });
    // A later save with the secret left blank keeps the saved one.
    await handleCall(deps, 'saveCredentials', fromApp, {
      credentials: { PP_CLIENT_ID: 'pp-id-2', PP_CLIENT_SECRET: '' },
    });
    expect(await loadCredentials(file)).toEqual({ PP_CLIENT_ID: 'pp-id-2', PP_CLIENT_SECRET: secret });
  });

  it('keep credentials the engine refused out of the keychain', async () => {
    engine.call = vi.fn(() => Promise.reject(new Error('YCM_BASE_URL must use https.')));
    const reply = await handleCall(deps, 'saveCredentials', fromApp, {
      credentials: { YCM_BASE_URL: 'http://example.com', YCM_CLIENT_ID: 'a', YCM_CLIENT_SECRET: 'b' },
    });
    expect(reply).toMatchObject({ error: { message: 'YCM_BASE_URL must use https.' } });
    expect(deps.storeCredentials).not.toHaveBeenCalled();
  });

  it('say so when the OS has no secure storage: the credentials stay for this session only', async () => {
    engine.call = vi.fn(() =>
      Promise.resolve({
        targets: { targets: [], active: 'live', credentialStore: 'keychain' },
        stored: 'keychain',
      }),
    );
    safeStorage.available = false;
    const file = join(await mkdtemp(join(tmpdir(), 'pbx-ipc-')), 'credentials.bin');
    deps.storeCredentials = (entered) => storeEnteredCredentials(file, entered);
    const reply = await handleCall(deps, 'saveCredentials', fromApp, {
      credentials: { PP_CLIENT_ID: 'a', PP_CLIENT_SECRET: 'b' },
    });
    safeStorage.available = true;
    expect(reply).toMatchObject({
      result: { stored: 'session', note: expect.stringMatching(/no secure storage/) },
    });
  });
});
