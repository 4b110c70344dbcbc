import { describe, expect, it, vi } from 'vitest';
import type { BridgeEvent } from '../../src/shared/bridge.ts';
import { setupQuit, type QuitDeps } from '../../src/electron/quit.ts';

type Listener = (event: { preventDefault(): void }) => void;

/** The app, window, engine and dialog quit talks to, recording what happened. */
function fakes(answer: boolean): {
  deps: QuitDeps;
  emit(event: BridgeEvent, payload: unknown): void;
  fire(target: 'app' | 'window', event: string): boolean;
  log: string[];
  finishShutdown(): void;
} {
  const log: string[] = [];
  const listeners = new Map<string, Listener | (() => void)>();
  let engineListener: ((event: BridgeEvent, payload: unknown) => void) | undefined;
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
      onEvent: (listener) => (engineListener = listener),
      shutdown: () => {
        log.push('engine.shutdown');
        return new Promise<void>((resolve) => (finishShutdown = resolve));
      },
      stop: () => log.push('engine.stop'),
    },
    confirmStop: vi.fn(() => {
      log.push('asked');
      return Promise.resolve(answer);
    }),
  };
  setupQuit(deps);
  return {
    deps,
    emit: (event, payload) => engineListener?.(event, payload),
    fire,
    log,
    finishShutdown: () => finishShutdown(),
  };
}

const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

describe('quitting the desktop app', () => {
  it('closes at once when no run is going', () => {
    const f = fakes(true);
    f.emit('progress', { state: 'finished' });
    expect(f.fire('window', 'close')).toBe(false);
    expect(f.deps.confirmStop).not.toHaveBeenCalled();
  });

  it('asks before closing the window during a run, and keeps it open on "Keep the run going"', async () => {
    const f = fakes(false);
    f.emit('progress', { state: 'running' });
    expect(f.fire('window', 'close')).toBe(true);
    await tick();
    expect(f.log).toEqual(['asked']);
  });

  it('on "Stop the run and quit", waits for the engine to stop the run before it stops the engine and quits', async () => {
    const f = fakes(true);
    f.emit('progress', { state: 'paused' });
    expect(f.fire('window', 'close')).toBe(true);
    await tick();
    expect(f.log).toEqual(['asked', 'window.close', 'closed']);
    // The last window closed: the app quits, which first waits for the run's journal and report.
    f.fire('app', 'window-all-closed');
    expect(f.log.slice(3)).toEqual(['app.quit', 'engine.shutdown']);
    f.fire('app', 'before-quit'); // a second quit (Cmd+Q again) while it waits changes nothing
    expect(f.log.filter((l) => l === 'engine.shutdown')).toHaveLength(1);
    f.finishShutdown();
    await tick();
    expect(f.log.slice(5)).toEqual(['engine.stop', 'app.quit', 'quit']);
  });
});
