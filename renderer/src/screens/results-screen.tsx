/** Results: the summary by status, exports to xlsx/csv/json, and recent runs. */
import { useEffect, useState } from 'react';
import type { ExportFormat, OpenResult, RecentRun } from '../../../src/shared/bridge.ts';
import type { Report } from '../../../src/shared/types.ts';
import type { Attempt } from '../app.tsx';
import { bridge } from '../transport.ts';

interface Props {
  workbook: OpenResult;
  attempt: Attempt;
}

export function ResultsScreen({ workbook, attempt }: Props): React.JSX.Element {
  const [report, setReport] = useState<Report | null>(null);
  const [recent, setRecent] = useState<RecentRun[]>([]);
  const [exported, setExported] = useState<string | null>(null);

  useEffect(() => {
    void attempt(() => bridge.getReport({})).then((r) => r !== undefined && setReport(r));
    void attempt(() => bridge.listRecentRuns({})).then((r) => r && setRecent(r));
  }, [attempt]);

  const exportAs = async (format: ExportFormat): Promise<void> => {
    const e = await attempt(() => bridge.exportReport({ format }));
    if (!e) return;
    const saved = await attempt(() => bridge.saveExport({ id: e.id }));
    if (saved?.saved) setExported(`${e.name} (${Math.ceil(e.size / 1024)} KB)`);
  };

  const s = report?.summary;
  return (
    <section aria-labelledby="results-title">
      <h2 id="results-title">Results</h2>
      <p>
        {workbook.file}
        {s ? ` — ${s.mode}${s.target ? ` on ${s.target}` : ''}` : ''}
      </p>
      {s && (
        <dl className="stats" aria-label="Summary">
          <div>
            <dt>Rows</dt>
            <dd>{s.total}</dd>
          </div>
          {Object.entries(s.byStatus).map(([status, n]) => (
            <div key={status}>
              <dt>{status}</dt>
              <dd
                className={
                  status === 'failed' || status === 'invalid' ? 'bad' : status === 'succeeded' ? 'ok' : ''
                }
              >
                {n}
              </dd>
            </div>
          ))}
        </dl>
      )}
      <h3>Export the report</h3>
      <p className="hint">
        The xlsx and csv reports keep your own columns and add status, messages and created IDs; failed rows
        are highlighted. Re-importing a report retries only what is not done. Secrets are never written.
      </p>
      <div className="actions">
        {(['xlsx', 'csv', 'json'] as const).map((f) => (
          <button key={f} type="button" onClick={() => void exportAs(f)}>
            Export {f.toUpperCase()}
          </button>
        ))}
      </div>
      {exported && <p role="status">Saved {exported}.</p>}
      <h3>Recent runs</h3>
      {recent.length === 0 ? (
        <p className="muted">No runs yet.</p>
      ) : (
        <table className="summary-table">
          <thead>
            <tr>
              <th>Started</th>
              <th>File</th>
              <th>Target</th>
              <th>Result</th>
            </tr>
          </thead>
          <tbody>
            {recent.map((r) => (
              <tr key={r.runId}>
                <td>{r.startedAt.replace('T', ' ').slice(0, 19)}</td>
                <td>{r.file}</td>
                <td>{r.target}</td>
                <td>
                  {r.summary
                    ? Object.entries(r.summary.byStatus)
                        .map(([k, v]) => `${v} ${k}`)
                        .join(', ')
                    : r.finishedAt
                      ? 'stopped'
                      : 'running'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
