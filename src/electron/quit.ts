/**
 * Quitting while a run is going: the window asks first, and the app quits only after the engine
 * has stopped the run the way Cancel does (rows in flight finish, the journal and the report are
 * written, the run is kept in Recent runs), instead of killing the engine process mid-row.
 */
import type { BridgeEvent } from '../shared/bridge.ts';

/** What quit needs of Electron's app, the window and a dialog (so tests can stand in for them). */
export interface QuitDeps {
  app: {
    on(event: 'before-quit', listener: (event: { preventDefault(): void }) => void): unknown;
    on(event: 'window-all-closed', listener: () => void): unknown;
    quit(): void;
  };
  window: {
    on(event: 'close', listener: (event: { preventDefault(): void }) => void): unknown;
    close(): void;
  };
  engine: {
    onEvent(listener: (event: BridgeEvent, payload: unknown) => void): void;
    /** Stops a run as Cancel does and waits for it; resolves whatever happens. */
    shutdown(): Promise<void>;
    stop(): void;
  };
  /** Asks whether to stop the run and quit; true to quit. */
  confirmStop(): Promise<boolean>;
}

const ACTIVE = new Set(['running', 'paused', 'canary', 'cancelling']);

export function setupQuit(deps: QuitDeps): void {
  let runState = 'idle';
  deps.engine.onEvent((event, payload) => {
    const state = (payload as { state?: unknown } | null)?.state;
    if (event === 'progress' && typeof state === 'string') runState = state;
  });
  let confirmed = false;
  deps.window.on('close', (event) => {
    if (confirmed || !ACTIVE.has(runState)) return;
    event.preventDefault();
    void deps.confirmStop().then((quit) => {
      if (!quit) return;
      confirmed = true;
      deps.window.close();
    });
  });
  deps.app.on('window-all-closed', () => deps.app.quit());
  let stopped = false;
  let stopping = false;
  deps.app.on('before-quit', (event) => {
    if (stopped) return;
    event.preventDefault();
    if (stopping) return;
    stopping = true;
    void deps.engine.shutdown().finally(() => {
      deps.engine.stop();
      stopped = true;
      deps.app.quit();
    });
  });
}
