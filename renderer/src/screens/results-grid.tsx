/**
 * The results grid: every row of the report, a page at a time from the engine side, with what it
 * created (the PBX URL as a link, cloudPbxId, SN, order number, profile id) and what went wrong in
 * plain words beside the vendor's code; filterable by status, with a summary chart.
 */
import { useEffect, useState } from 'react';
import type { ResultFilter, ResultRowsResult, RunRowView } from '../../../src/shared/bridge.ts';
import { ROW_STATUSES } from '../../../src/shared/types.ts';
import type { Attempt } from '../app.tsx';
import { SummaryChart } from '../charts.tsx';
import { bridge } from '../transport.ts';
import { PbxLink } from './run-rows.tsx';

const PAGE = 100;

interface Column {
  head: string;
  cell: (r: RunRowView) => React.ReactNode;
  /** Shown even when empty on the page. */
  always?: boolean;
  has?: (r: RunRowView) => unknown;
  className?: string;
  title?: (r: RunRowView) => string | undefined;
}

const COLUMNS: Column[] = [
  { head: 'Row', cell: (r) => r.row, always: true, title: (r) => `${r.sheet}, row ${r.row}` },
  { head: 'Customer (PBX)', cell: (r) => <strong>{r.name}</strong>, always: true, className: 'name' },
  { head: 'Status', cell: (r) => <span className={`pill ${r.status}`}>{r.status}</span>, always: true },
  { head: 'URL', cell: (r) => <PbxLink url={r.ids?.url} />, has: (r) => r.ids?.url },
  { head: 'cloudPbxId', cell: (r) => r.ids?.cloudPbxId, has: (r) => r.ids?.cloudPbxId },
  { head: 'SN', cell: (r) => r.ids?.sn, has: (r) => r.ids?.sn },
  { head: 'Order no.', cell: (r) => r.ids?.orderNo, has: (r) => r.ids?.orderNo },
  { head: 'Profile id', cell: (r) => r.ids?.profileId, has: (r) => r.ids?.profileId },
  {
    head: 'Problem',
    cell: (r) => r.problem,
    has: (r) => r.problem,
    className: 'problem',
    title: (r) => r.detail,
  },
  { head: 'Vendor code', cell: (r) => r.code, has: (r) => r.code, className: 'code' },
];

interface Props {
  attempt: Attempt;
  /** Changes whenever the report may have (a run finished, a run reopened): the grid reloads. */
  version: string;
}

export function ResultsGrid({ attempt, version }: Props): React.JSX.Element | null {
  const [filter, setFilter] = useState<ResultFilter>('all');
  const [start, setStart] = useState(0);
  const [page, setPage] = useState<ResultRowsResult | null>(null);

  useEffect(() => {
    let live = true;
    void attempt(() => bridge.getResultRows({ status: filter, start, count: PAGE })).then((r) => {
      if (live && r) setPage(r);
    });
    return () => {
      live = false;
    };
  }, [attempt, filter, start, version]);

  if (!page) return null;
  const all = Object.values(page.byStatus).reduce((a, b) => a + (b ?? 0), 0);
  if (all === 0) return null;
  const choose = (f: ResultFilter): void => {
    setFilter(f);
    setStart(0);
  };
  const shown = ROW_STATUSES.filter((s) => (page.byStatus[s] ?? 0) > 0);
  // A column nothing on this page fills is left out (a PBX sheet has no order or profile ids).
  const columns = COLUMNS.filter((c) => c.always || page.rows.some((r) => c.has?.(r)));
  return (
    <>
      <h3 id="results-rows-title">Every row</h3>
      <div className="results-head">
        <SummaryChart byStatus={page.byStatus} />
        <div className="tabs filter-tabs" role="group" aria-label="Show rows by status">
          {(['all', ...shown] as ResultFilter[]).map((f) => (
            <button key={f} type="button" aria-pressed={filter === f} onClick={() => choose(f)}>
              {f} ({f === 'all' ? all : (page.byStatus[f] ?? 0)})
            </button>
          ))}
        </div>
      </div>
      <div
        className="table-scroll results-scroll"
        tabIndex={0}
        role="region"
        aria-label="Results of every row"
      >
        <table className="summary-table results-grid" aria-labelledby="results-rows-title">
          <thead>
            <tr>
              {columns.map((c) => (
                <th key={c.head}>{c.head}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {page.rows.map((r) => (
              <tr key={`${r.sheet}:${r.row}`} data-status={r.status}>
                {columns.map((c) => (
                  <td key={c.head} className={c.className} title={c.title?.(r)}>
                    {c.cell(r)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="actions pager">
        <span className="muted" data-testid="results-range">
          {page.total === 0
            ? 'No rows with this status.'
            : `Rows ${page.start + 1}–${page.start + page.rows.length} of ${page.total}`}
        </span>
        <button type="button" disabled={start === 0} onClick={() => setStart(Math.max(0, start - PAGE))}>
          Previous
        </button>
        <button type="button" disabled={start + PAGE >= page.total} onClick={() => setStart(start + PAGE)}>
          Next
        </button>
      </div>
    </>
  );
}
