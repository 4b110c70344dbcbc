/**
 * The run as the page shows it: the engine side's view (getRunView) fetched when the page loads,
 * then kept current by the run's events for the whole app lifetime. A reloaded page therefore
 * attaches to a run in progress, and each start (a retry too: same runId, new attempt) begins
 * from a fresh view: never the last run's numbers or rows.
 */
import { useCallback, useEffect, useReducer } from 'react';
import type { LogEvent, ProgressEvent, RowStatusEvent, RunView } from '../../src/shared/bridge.ts';
import { bridge } from './transport.ts';

const KEEP_ROWS = 300;
const KEEP_LOG = 200;
const KEEP_SAMPLES = 1200;

export interface RunEvents {
  /** Null until the engine side answered. */
  view: RunView | null;
  /** Asks the engine side for the whole view again (after a start, or a state change). */
  refresh: () => Promise<void>;
}

type Action =
  | { type: 'view'; view: RunView }
  | { type: 'progress'; p: ProgressEvent }
  | { type: 'row'; r: RowStatusEvent }
  | { type: 'log'; l: LogEvent };

const EMPTY: RunView = {
  status: { runId: null, state: 'idle' },
  attempt: 0,
  progress: null,
  samples: [],
  rows: [],
  log: [],
};

export function reduceRunView(view: RunView | null, a: Action): RunView | null {
  if (a.type === 'view') {
    // An answer older than the events already seen never takes the page back.
    if (view && a.view.attempt < view.attempt) return view;
    return a.view;
  }
  const v = view ?? EMPTY;
  if (a.type === 'log') return { ...v, log: [a.l, ...v.log].slice(0, KEEP_LOG) };
  if (a.type === 'row') {
    if (a.r.attempt !== v.attempt) return v;
    return { ...v, rows: [a.r, ...v.rows].slice(0, KEEP_ROWS) };
  }
  const p = a.p;
  if (p.attempt < v.attempt) return v;
  // A new start: nothing of the last one stays on screen.
  const base =
    p.attempt === v.attempt
      ? v
      : { ...v, attempt: p.attempt, rows: [], samples: [], status: { runId: p.runId, state: p.state } };
  const samples = p.preparing
    ? base.samples
    : [
        ...base.samples,
        { t: p.elapsedMs, done: p.done, succeeded: p.succeeded, failed: p.failed, waiting: !!p.waiting },
      ].slice(-KEEP_SAMPLES);
  return { ...base, progress: p, samples, status: { ...base.status, runId: p.runId, state: p.state } };
}

export function useRunEvents(): RunEvents {
  const [view, dispatch] = useReducer(reduceRunView, null);
  const refresh = useCallback(async (): Promise<void> => {
    try {
      dispatch({ type: 'view', view: await bridge.getRunView({}) });
    } catch {
      // The next event or refresh tries again; the screens show their own errors.
    }
  }, []);
  useEffect(() => {
    const offs = [
      bridge.on('progress', (p) => {
        dispatch({ type: 'progress', p });
        // The end of a run brings what only the engine side knows (why it stopped, rows to retry).
        if (p.state === 'finished') void refresh();
      }),
      bridge.on('rowStatus', (r) => dispatch({ type: 'row', r })),
      bridge.on('log', (l) => dispatch({ type: 'log', l })),
    ];
    void refresh();
    return () => offs.forEach((off) => off());
  }, [refresh]);
  return { view, refresh };
}
