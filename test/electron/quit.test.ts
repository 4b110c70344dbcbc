import { describe, expect, it, vi } from 'vitest';
import { setupQuit, type QuitDeps } from '../../src/electron/quit.ts';

type Listener = (event: { preventDefault(): void }) => void;

/** The app, window, engine and dialog quit talks to, recording what happened. */
function fakes(options: { running: boolean; answer: boolean }): {
  deps: QuitDeps;
  fire(target: 'app' | 'window', event: string): boolean;
  log: string[];
  finishShutdown(): void;
} {
  const log: string[] = [];
  const listeners = new Map<string, Listener | (() => void)>();
  let finishShutdown = (): void => undefined;
  const fire = (target: 'app' | 'window', event: string): boolean => {
    let prevented = false;
    (listeners.get(`${target}:${event}`) as Listener | undefined)?.({
      preventDefault: () => (prevented = true),
    });
    return prevented;
  };
  const deps: QuitDeps = {
    app: {
      on: (event: string, listener: Listener | (() => void)) => listeners.set(`app:${event}`, listener),
      quit: () => {
        log.push('app.quit');
        if (!fire('app', 'before-quit')) log.push('quit');
      },
    },
    window: {
      on: (event: string, listener: Listener) => listeners.set(`window:${event}`, listener),
      close: () => {
        log.push('window.close');
        if (!fire('window', 'close')) log.push('closed');
      },
    },
    engine: {
      runActive: () => Promise.resolve(options.running),
      shutdown: () => {
        log.push('engine.shutdown');
        return new Promise<void>((resolve) => (finishShutdown = resolve));
      },
      stop: () => log.push('engine.stop'),
    },
    confirmStop: vi.fn(() => {
      log.push('asked');
      return Promise.resolve(options.answer);
    }),
  };
  setupQuit(deps);
  return { deps, fire, log, finishShutdown: () => finishShutdown() };
}

const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

describe('quitting the desktop app', () => {
  it('closes without asking when no run is going', async () => {
    const f = fakes({ running: false, answer: false });
    f.fire('window', 'close');
    await settle();
    expect(f.log).toEqual(['window.close', 'closed']);
    expect(f.deps.confirmStop).not.toHaveBeenCalled();
  });

  it('asks before closing the window during a run, and keeps it open on "Keep the run going"', async () => {
    const f = fakes({ running: true, answer: false });
    expect(f.fire('window', 'close')).toBe(true);
    await settle();
    expect(f.log).toEqual(['asked']);
  });

  it('asks on Quit from the menu too (Cmd+Q), and keeps running on "Keep the run going"', async () => {
    const f = fakes({ running: true, answer: false });
    expect(f.fire('app', 'before-quit')).toBe(true);
    await settle();
    expect(f.log).toEqual(['asked']);
    // Asked again the next time, not taken as settled.
    f.fire('app', 'before-quit');
    await settle();
    expect(f.log).toEqual(['asked', 'asked']);
  });

  it('on "Stop the run and quit", waits for the engine to stop the run before it stops the engine and quits', async () => {
    const f = fakes({ running: true, answer: true });
    expect(f.fire('window', 'close')).toBe(true);
    await settle();
    expect(f.log).toEqual(['asked', 'window.close', 'closed']);
    // The last window closed: the app quits, which first waits for the run's journal and report.
    f.fire('app', 'window-all-closed');
    await settle();
    expect(f.log.slice(3)).toEqual(['app.quit', 'engine.shutdown']);
    f.fire('app', 'before-quit'); // a second quit while it waits changes nothing
    await settle();
    expect(f.log.filter((l) => l === 'engine.shutdown')).toHaveLength(1);
    expect(f.log.filter((l) => l === 'asked')).toHaveLength(1);
    f.finishShutdown();
    await settle();
    expect(f.log.slice(5)).toEqual(['engine.stop', 'app.quit', 'quit']);
  });
});
