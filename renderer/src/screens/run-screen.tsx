/**
 * Run: what the engine side keeps of the run (so a reloaded page shows it whole), the progress
 * bar split by outcome, a live chart of rows over time with the rate-limit waits shaded, a
 * "waiting for the rate limit" state, the rows by customer (PBX name), the log, and
 * pause/resume/cancel and the canary's question with what the canary rows created.
 */
import { useEffect, useState } from 'react';
import type { RunState, RunView } from '../../../src/shared/bridge.ts';
import type { Attempt } from '../app.tsx';
import type { RunEvents } from '../run-events.ts';
import { bridge } from '../transport.ts';
import { formatSeconds } from '../format.ts';
import { describeRunOptions } from '../run-options.tsx';
import { OutcomeBar, RunChart } from '../charts.tsx';
import { CanaryCreated, RunRowsTable } from './run-rows.tsx';

interface Props {
  events: RunEvents;
  attempt: Attempt;
  next: () => void;
}

const SYSTEM = { ycm: 'YCM', pp: 'Partner Portal', myreports: 'MyReports' } as const;
const STATE_TEXT: Record<RunState, string> = {
  idle: 'no run',
  running: 'running',
  paused: 'paused: rows in flight finish, no new row starts',
  canary: 'waiting for you: canary rows done',
  cancelling: 'cancelling: rows in flight finish',
  finished: 'finished',
};

/** The state in words; "waiting for the rate limit" while requests are held back. */
function stateText(view: RunView, now: number): string {
  const p = view.progress;
  const state = view.status.state;
  if (state === 'running' && p?.preparing)
    return 'checking the sheet against the target before the first row';
  if (state === 'running' && p?.waiting) {
    const left = Math.max(1, Math.round((p.waiting.untilMs - now) / 1000));
    return `waiting for the rate limit (${SYSTEM[p.waiting.system]}, about ${left} s)`;
  }
  return STATE_TEXT[state];
}

export function RunScreen({ events, attempt, next }: Props): React.JSX.Element {
  const { view, refresh } = events;
  const [now, setNow] = useState(Date.now());
  const waiting = view?.progress?.waiting;

  useEffect(() => {
    void refresh();
  }, [refresh]);
  // The wait's countdown moves on even when no event comes.
  useEffect(() => {
    if (!waiting) return undefined;
    const timer = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(timer);
  }, [waiting]);

  const act = async (verb: 'pauseRun' | 'resumeRun' | 'cancelRun'): Promise<void> => {
    if (await attempt(() => bridge[verb]({}))) await refresh();
  };
  const answer = async (proceed: boolean): Promise<void> => {
    if (await attempt(() => bridge.answerCanary({ proceed }))) await refresh();
  };

  if (!view) return <p>Loading the run…</p>;
  const state = view.status.state;
  const p = view.progress;
  const active = state === 'running' || state === 'paused' || state === 'canary';
  const total = p?.total ?? 0;
  const pct = total > 0 ? Math.round(((p?.done ?? 0) / total) * 100) : 0;

  return (
    <section aria-labelledby="run-title" className="run-screen">
      <h2 id="run-title">Run</h2>
      {state === 'idle' ? (
        <p>No run yet: start one from Plan.</p>
      ) : (
        <p className="muted" data-testid="run-options">
          {view.file} on {view.target}
          {view.startedAt ? `, started ${view.startedAt.slice(11, 19)} UTC` : ''}
          {view.attempt > 1 ? ` (start ${view.attempt} of this session)` : ''} ·{' '}
          {describeRunOptions(view.options ?? {})}
        </p>
      )}
      <p className={`run-state${waiting && state === 'running' ? ' waiting' : ''}`} role="status">
        State: <strong data-testid="run-state">{stateText(view, now)}</strong>
      </p>
      {state === 'canary' && (
        <div className="canary-box" role="alertdialog" aria-labelledby="canary-title">
          <h3 id="canary-title">Canary rows done: check them before the rest</h3>
          <p>
            The first {view.options?.canary ?? ''} row(s) ran ({p?.succeeded ?? 0} succeeded, {p?.failed ?? 0}{' '}
            failed). Open what they created, check it in the portal, then go on or stop here. Rows not run can
            be run later with “Retry failed rows”.
          </p>
          <CanaryCreated rows={view.rows} />
          <div className="actions">
            <button type="button" className="primary" onClick={() => void answer(true)}>
              Continue the run
            </button>
            <button type="button" className="danger" onClick={() => void answer(false)}>
              Stop here
            </button>
          </div>
        </div>
      )}
      <div className="progress-wrap">
        <OutcomeBar total={total} done={p?.done ?? 0} succeeded={p?.succeeded ?? 0} failed={p?.failed ?? 0} />
        <p className="progress-text" data-testid="progress-text">
          {!p || p.preparing ? 'Waiting for the first row…' : `${p.done} / ${total} rows (${pct}%)`}
        </p>
      </div>
      <div className="run-controls">
        <dl className="stats">
          <div>
            <dt>Rate</dt>
            <dd>{p && !p.preparing ? `${p.rate.toFixed(1)} rows/s` : '–'}</dd>
          </div>
          <div>
            <dt>Time left</dt>
            <dd>{p?.etaSeconds !== undefined && state === 'running' ? formatSeconds(p.etaSeconds) : '–'}</dd>
          </div>
          <div>
            <dt>Elapsed</dt>
            <dd>{p ? formatSeconds(p.elapsedMs / 1000) : '–'}</dd>
          </div>
        </dl>
        <div className="actions">
          {state === 'running' && (
            <button type="button" onClick={() => void act('pauseRun')}>
              Pause
            </button>
          )}
          {state === 'paused' && (
            <button type="button" onClick={() => void act('resumeRun')}>
              Resume
            </button>
          )}
          {active && (
            <button type="button" className="danger" onClick={() => void act('cancelRun')}>
              Cancel
            </button>
          )}
          <button type="button" className="primary" disabled={state !== 'finished'} onClick={next}>
            See results
          </button>
        </div>
      </div>
      {view.status.stopped && (
        <p className="warn-box" role="alert">
          Stopped: {view.status.stopped}
        </p>
      )}
      {state !== 'idle' && <RunChart samples={view.samples} total={total} />}
      <div className="run-cols">
        <div>
          <h3>Rows</h3>
          <RunRowsTable rows={view.rows} />
        </div>
        <div>
          <h3>Log</h3>
          <ul className="row-feed" aria-label="Log">
            {view.log.map((l, i) => (
              <li key={`${view.log.length - i}`} className={l.level}>
                <time>{l.time.slice(11, 19)}</time> {l.message}
              </li>
            ))}
          </ul>
        </div>
      </div>
    </section>
  );
}
