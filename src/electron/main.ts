/**
 * Electron main: registers the app:// scheme, starts the engine process, wires IPC and opens the
 * window. Main owns dialogs and file paths; credentials saved with safeStorage are decrypted here
 * and handed to the engine process by message.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, dialog } from 'electron';
import { eventChannel } from '../shared/bridge.ts';
import { handleAppProtocol, registerAppScheme } from './app-protocol.ts';
import { loadCredentials, storeEnteredCredentials } from './credentials.ts';
import { startEngine } from './engine-client.ts';
import { setupIpc } from './ipc.ts';
import { setupMenu } from './menu.ts';
import { setupQuit } from './quit.ts';
import { createMainWindow } from './window.ts';

const here = fileURLToPath(new URL('.', import.meta.url));
const RENDERER_DIR = join(here, '..', 'renderer');

registerAppScheme();
app.enableSandbox();

async function start(): Promise<void> {
  await app.whenReady();
  handleAppProtocol(RENDERER_DIR);
  const userData = app.getPath('userData');
  const workDir = join(userData, 'work');
  await mkdir(workDir, { recursive: true });
  const credentialsFile = join(userData, 'credentials.bin');
  const saved = await loadCredentials(credentialsFile);
  const engine = startEngine(join(here, 'engine-host.js'), { env: { ...process.env, ...saved }, workDir });
  setupIpc({
    engine,
    chooseOpenPath: async () => {
      const r = await dialog.showOpenDialog({
        properties: ['openFile'],
        filters: [{ name: 'Sheets', extensions: ['xlsx', 'csv', 'tsv', 'txt'] }],
      });
      return r.canceled ? null : (r.filePaths[0] ?? null);
    },
    storeCredentials: (entered) => storeEnteredCredentials(credentialsFile, entered),
    chooseSavePath: async (name) => {
      const r = await dialog.showSaveDialog({ defaultPath: name });
      return r.canceled ? null : (r.filePath ?? null);
    },
  });
  setupMenu(process.platform === 'darwin', !app.isPackaged);
  const win = createMainWindow(join(here, 'preload.cjs'));
  engine.onEvent((event, payload) => {
    if (!win.isDestroyed()) win.webContents.send(eventChannel(event), payload);
  });
  setupQuit({
    app,
    window: win,
    engine: {
      runActive: async () => {
        const status = (await engine.call('getRunStatus', {})) as { state?: string } | null;
        return ['running', 'paused', 'canary', 'cancelling'].includes(status?.state ?? '');
      },
      shutdown: () => engine.shutdown(),
      stop: () => engine.stop(),
    },
    confirmStop: async () => {
      const r = await dialog.showMessageBox(win, {
        type: 'warning',
        buttons: ['Keep the run going', 'Stop the run and quit'],
        defaultId: 0,
        cancelId: 0,
        message: 'A run is in progress.',
        detail:
          'Stopping lets the rows already sent finish and writes the journal and the report; the run stays in Recent runs, where its failed and unsent rows can be retried.',
      });
      return r.response === 1;
    },
  });
}

void start();
