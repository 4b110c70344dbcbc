import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { BridgeCall } from '../../src/shared/bridge.ts';

vi.mock('electron', () => import('./electron-mock.ts'));

const { ipcMain } = await import('./electron-mock.ts');
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
});
