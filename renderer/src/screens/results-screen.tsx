/**
 * Results: the summary by status, exports to xlsx/csv/json, "Retry failed rows" (the same run
 * again on its journal: done rows are never sent twice) and the recent runs, any of which can be
 * reopened to see its report or retry it.
 */
import { useCallback, useEffect, useState } from 'react';
import type { OpenResult, RecentRun, RunStatus, RunView } from '../../../src/shared/bridge.ts';
import type { Report } from '../../../src/shared/types.ts';
import type { Attempt } from '../app.tsx';
import { bridge } from '../transport.ts';
import { RunOptionsFields, type RunOptions } from '../run-options.tsx';
import { ExportButtons } from '../export-buttons.tsx';
import { ReconcilePanel } from './reconcile-panel.tsx';
import { ResultsGrid } from './results-grid.tsx';

interface Props {
  workbook: OpenResult | null;
  attempt: Attempt;
  opened: (w: OpenResult) => void;
  runOptions: RunOptions;
  setRunOptions: (o: RunOptions) => void;
  started: () => void;
  /** The run as the engine side keeps it: a run in progress is said, with the way to watch it. */
  runView: RunView | null;
  watch: () => void;
}

function outcome(r: RecentRun): string {
  if (r.summary)
    return Object.entries(r.summary.byStatus)
      .map(([k, v]) => `${v} ${k}`)
      .join(', ');
  return r.finishedAt ? 'stopped' : 'not finished';
}

export function ResultsScreen(props: Props): React.JSX.Element {
  const { workbook, attempt, opened, runOptions, setRunOptions, started, runView, watch } = props;
  const runState = runView?.status.state;
  const running = runState === 'running' || runState === 'paused' || runState === 'canary';
  const [report, setReport] = useState<Report | null>(null);
  const [status, setStatus] = useState<RunStatus | null>(null);
  const [recent, setRecent] = useState<RecentRun[]>([]);
  const [reopened, setReopened] = useState(0);

  const refresh = useCallback(async (): Promise<void> => {
    const [r, s, list] = await Promise.all([
      attempt(() => bridge.getReport({})),
      attempt(() => bridge.getRunStatus({})),
      attempt(() => bridge.listRecentRuns({})),
    ]);
    if (r !== undefined) setReport(r);
    if (s) setStatus(s);
    if (list) setRecent(list);
  }, [attempt]);

  useEffect(() => {
    void refresh();
  }, [refresh, runState]);

  const retry = async (): Promise<void> => {
    const s = await attempt(() => bridge.startRun({ ...runOptions, retry: true }));
    if (s) started();
  };

  const reopen = async (runId: string): Promise<void> => {
    const r = await attempt(() => bridge.openRun({ runId }));
    if (!r) return;
    opened(r.workbook);
    setReport(r.report);
    setReopened((n) => n + 1);
    await refresh();
  };

  const s = report?.summary;
  const finished = status?.state === 'finished' && status.runId !== null;
  return (
    <section aria-labelledby="results-title">
      <h2 id="results-title">Results</h2>
      {workbook ? (
        <p>
          {workbook.file}
          {s ? ` — ${s.mode}${s.target ? ` on ${s.target}` : ''}` : ''}
          {status?.runId ? <span className="muted"> · run {status.runId}</span> : null}
        </p>
      ) : (
        <p className="muted">No sheet open: reopen a past run below, or open a sheet.</p>
      )}
      {s && (
        <dl className="stats" aria-label="Summary">
          <div>
            <dt>Rows</dt>
            <dd>{s.total}</dd>
          </div>
          {Object.entries(s.byStatus).map(([st, n]) => (
            <div key={st}>
              <dt>{st}</dt>
              <dd
                data-testid={`count-${st}`}
                className={st === 'failed' || st === 'invalid' ? 'bad' : st === 'succeeded' ? 'ok' : ''}
              >
                {n}
              </dd>
            </div>
          ))}
        </dl>
      )}
      {running && (
        <p className="warn-box" role="status">
          A run of {runView?.file} is in progress: its results come when it ends.{' '}
          <button type="button" className="link" onClick={watch}>
            Watch or cancel it
          </button>
        </p>
      )}
      {report && report.summary.mode === 'run' && (
        <ResultsGrid
          attempt={attempt}
          version={`${status?.runId}:${runView?.attempt}:${runState}:${reopened}`}
        />
      )}
      {finished && (
        <div className="confirm" role="group" aria-labelledby="retry-title">
          <h3 id="retry-title">Retry failed rows</h3>
          <p>
            <strong data-testid="retryable">{status.retryable ?? 0}</strong> row(s) failed, have an unknown
            outcome, were left unrun by a stop or wait for a PBX that failed. A retry runs the same file again
            with this run’s journal: rows already done are not sent again and rows with an unknown outcome are
            checked first.
          </p>
          {(status.retryable ?? 0) > 0 && <RunOptionsFields value={runOptions} onChange={setRunOptions} />}
          <button
            type="button"
            className="primary"
            disabled={(status.retryable ?? 0) === 0}
            onClick={() => void retry()}
          >
            Retry failed rows
          </button>
        </div>
      )}
      {workbook && (
        <>
          <h3>Export the report</h3>
          <p className="hint">
            The xlsx and csv reports keep your own columns and add status, messages and created IDs; failed
            rows are highlighted. Re-importing a report retries only what is not done. Secrets are never
            written.
          </p>
          <ExportButtons workbook={workbook} attempt={attempt} />
          <ReconcilePanel attempt={attempt} />
        </>
      )}
      <h3>Recent runs</h3>
      {recent.length === 0 ? (
        <p className="muted">No runs yet.</p>
      ) : (
        <table className="summary-table" aria-label="Recent runs">
          <thead>
            <tr>
              <th>Started</th>
              <th>File</th>
              <th>Target</th>
              <th>Result</th>
              <th>
                <span className="visually-hidden">Open</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {recent.map((r) => (
              <tr key={r.runId} aria-current={r.runId === status?.runId ? 'true' : undefined}>
                <td>{r.startedAt.replace('T', ' ').slice(0, 19)}</td>
                <td>{r.file}</td>
                <td>{r.target}</td>
                <td>
                  {running && r.runId === runView?.status.runId ? 'in progress' : outcome(r)}
                  {r.retries ? ` (retried ${r.retries}×)` : ''}
                </td>
                <td>
                  {running && r.runId === runView?.status.runId ? (
                    <button
                      type="button"
                      aria-label={`Watch the run of ${r.file} in progress`}
                      onClick={watch}
                    >
                      Watch
                    </button>
                  ) : (
                    <button
                      type="button"
                      aria-label={`Open run of ${r.file} started ${r.startedAt}`}
                      disabled={running}
                      onClick={() => void reopen(r.runId)}
                    >
                      Open
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
