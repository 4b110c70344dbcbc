/**
 * Quitting while a run is going: the app asks first, whether the window is closed or the app is
 * quit from its menu (Cmd+Q, File → Quit), and quits only after the engine has stopped the run
 * the way Cancel does (rows in flight finish, the journal and the report are written, the run is
 * kept in Recent runs), instead of killing the engine process mid-row.
 */

/** What quit needs of Electron's app, the window, the engine and a dialog (tests stand in for them). */
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
    /** Whether a run is going (asked of the engine itself: from its start to its end). */
    runActive(): Promise<boolean>;
    /** Stops a run as Cancel does and waits for it; resolves whatever happens. */
    shutdown(): Promise<void>;
    stop(): void;
  };
  /** Asks whether to stop the run and quit; true to quit. */
  confirmStop(): Promise<boolean>;
}

export function setupQuit(deps: QuitDeps): void {
  // The user has said "stop the run and quit" (or no run was going when asked).
  let confirmed = false;
  /** Asks only while a run is going; an engine that cannot say is not running one. */
  const mayQuit = async (): Promise<boolean> => {
    if (confirmed) return true;
    const active = await deps.engine.runActive().catch(() => false);
    const quit = !active || (await deps.confirmStop());
    confirmed ||= quit;
    return quit;
  };
  let asking = false;
  deps.window.on('close', (event) => {
    if (confirmed) return;
    event.preventDefault();
    if (asking) return;
    asking = true;
    void mayQuit()
      .then((quit) => {
        if (quit) deps.window.close();
      })
      .finally(() => (asking = false));
  });
  deps.app.on('window-all-closed', () => deps.app.quit());
  let stopped = false;
  let stopping = false;
  deps.app.on('before-quit', (event) => {
    if (stopped) return;
    event.preventDefault();
    if (stopping) return;
    stopping = true;
    void mayQuit().then(async (quit) => {
      if (!quit) {
        stopping = false;
        return;
      }
      await deps.engine.shutdown().catch(() => undefined);
      deps.engine.stop();
      stopped = true;
      deps.app.quit();
    });
  });
}
