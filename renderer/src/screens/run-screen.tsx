/** Run: progress bar, rate, ETA, live per-row status, log, and pause/resume/cancel. */
import { useEffect, useState } from 'react';
import type { RunStatus } from '../../../src/shared/bridge.ts';
import type { Attempt } from '../app.tsx';
import type { RunEvents } from '../run-events.ts';
import { bridge } from '../transport.ts';
import { formatSeconds } from '../format.ts';
import { describeRunOptions, type RunOptions } from '../run-options.tsx';

interface Props {
  events: RunEvents;
  attempt: Attempt;
  runOptions: RunOptions;
  next: () => void;
}

export function RunScreen({ events, attempt, runOptions, next }: Props): React.JSX.Element {
  const [status, setStatus] = useState<RunStatus | null>(null);
  const { progress, rows, log } = events;

  useEffect(() => {
    void attempt(() => bridge.getRunStatus({})).then((s) => s && setStatus(s));
  }, [attempt, progress?.state]);

  const act = async (verb: 'pauseRun' | 'resumeRun' | 'cancelRun'): Promise<void> => {
    const s = await attempt(() => bridge[verb]({}));
    if (s) setStatus(s);
  };
  const answer = async (proceed: boolean): Promise<void> => {
    const s = await attempt(() => bridge.answerCanary({ proceed }));
    if (s) setStatus(s);
  };

  const state = status?.state ?? 'idle';
  const pct = progress && progress.total > 0 ? Math.round((progress.done / progress.total) * 100) : 0;
  const active = state === 'running' || state === 'paused' || state === 'canary';

  return (
    <section aria-labelledby="run-title">
      <h2 id="run-title">Run</h2>
      {state === 'idle' ? (
        <p>No run yet: start one from Plan.</p>
      ) : (
        <p className="muted" data-testid="run-options">
          {describeRunOptions(runOptions)}
        </p>
      )}
      {state === 'canary' && (
        <div className="canary-box" role="alertdialog" aria-labelledby="canary-title">
          <h3 id="canary-title">Canary rows done: check them before the rest</h3>
          <p>
            The first {runOptions.canary ?? ''} row(s) ran ({progress?.succeeded ?? 0} succeeded,{' '}
            {progress?.failed ?? 0} failed). Look at them in the portal, then go on or stop here. Rows not run
            can be run later with “Retry failed rows”.
          </p>
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
        <div
          className="progress"
          role="progressbar"
          aria-label="Run progress"
          aria-valuemin={0}
          aria-valuemax={progress?.total ?? 0}
          aria-valuenow={progress?.done ?? 0}
        >
          <div className="progress-fill" style={{ width: `${pct}%` }} />
        </div>
        <p className="progress-text" data-testid="progress-text">
          {progress ? `${progress.done} / ${progress.total} rows (${pct}%)` : 'Waiting for the first row…'}
        </p>
      </div>
      <dl className="stats">
        <div>
          <dt>State</dt>
          <dd data-testid="run-state">{state}</dd>
        </div>
        <div>
          <dt>Succeeded</dt>
          <dd className="ok">{progress?.succeeded ?? 0}</dd>
        </div>
        <div>
          <dt>Failed</dt>
          <dd className={progress?.failed ? 'bad' : ''}>{progress?.failed ?? 0}</dd>
        </div>
        <div>
          <dt>Rate</dt>
          <dd>{progress ? `${progress.rate.toFixed(1)} rows/s` : '–'}</dd>
        </div>
        <div>
          <dt>Time left</dt>
          <dd>{progress?.etaSeconds !== undefined && active ? formatSeconds(progress.etaSeconds) : '–'}</dd>
        </div>
      </dl>
      {status?.stopped && (
        <p className="warn-box" role="alert">
          Stopped: {status.stopped}
        </p>
      )}
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
      <div className="run-cols">
        <div>
          <h3>Rows</h3>
          <ul className="row-feed" aria-label="Row status" aria-live="off">
            {rows.map((r) => (
              <li key={`${r.sheet}:${r.row}:${r.status}`}>
                <span className={`pill ${r.status}`}>{r.status}</span> {r.sheet} row {r.row}
                {r.messages[0] ? ` — ${r.messages[0].message}` : ''}
              </li>
            ))}
          </ul>
        </div>
        <div>
          <h3>Log</h3>
          <ul className="row-feed" aria-label="Log">
            {log.map((l, i) => (
              <li key={i} className={l.level}>
                <time>{l.time.slice(11, 19)}</time> {l.message}
              </li>
            ))}
          </ul>
        </div>
      </div>
    </section>
  );
}
