/**
 * The Plan screen's detail (issue 17, Plan): how long the calls take at the target's pace and at
 * YCM's documented limit, the rows' messages grouped by cause with counts, and a paged preview of
 * what each row will send, read from the request the dry run planned for it.
 */
import { useEffect, useState } from 'react';
import type { PlanMessageGroup, PlanPreviewPage, PlanView, TargetInfo } from '../../../src/shared/bridge.ts';
import { bridge } from '../transport.ts';
import { formatSeconds } from '../format.ts';

/** Rows per page of the preview. */
const PAGE = 25;

/** Long names (a PBX URL, a MyReports instance id) wrap instead of widening the table. */
const WRAP: React.CSSProperties = { overflowWrap: 'anywhere', maxWidth: 220 };

/** The two durations: at the pace this target allows, and at YCM's documented limit. */
export function PlanDuration({
  plan,
  target,
}: {
  plan: PlanView;
  target: TargetInfo | undefined;
}): React.JSX.Element {
  const rate = plan.documented.requestsPerSecond.toFixed(1);
  return (
    <div data-testid="plan-duration">
      <p>
        {target?.sandbox ? 'At the sandbox’s rate' : 'At the tool’s pace under the live limit'}:{' '}
        <strong data-testid="estimate">{formatSeconds(plan.estimateSeconds)}</strong>
      </p>
      <p>
        At YCM’s documented limit ({rate} req/s, bursts of 600):{' '}
        <strong data-testid="estimate-documented">{formatSeconds(plan.documented.seconds)}</strong>
        {target?.sandbox ? ' (what the live run would take at that limit)' : ''}
      </p>
    </div>
  );
}

/** Where a group is: "PBX row 4" or "12 rows of PBX (rows 4, 5, 6 …)", with its column. */
function groupPlace(g: PlanMessageGroup): string {
  const column = g.column ? `, column ${g.column}` : '';
  if (g.count === 1) return `${g.sheet} row ${g.rows[0] ?? ''}${column}`;
  const more = g.count > g.rows.length ? ' …' : '';
  return `${g.count} rows of ${g.sheet}${column} (rows ${g.rows.join(', ')}${more})`;
}

/** The rows' errors or warnings, one line per cause with how many rows have it. */
export function PlanGroups({
  groups,
  level,
  label,
}: {
  groups: readonly PlanMessageGroup[];
  level: PlanMessageGroup['level'];
  label: string;
}): React.JSX.Element | null {
  const mine = groups.filter((g) => g.level === level);
  if (mine.length === 0) return null;
  return (
    <ul className="file-messages" aria-label={label}>
      {mine.map((g) => (
        <li key={`${g.sheet}|${g.column ?? ''}|${g.message}`} className={level}>
          <strong className="group-count">{g.count}×</strong> {groupPlace(g)}: {g.message}
        </li>
      ))}
    </ul>
  );
}

/** What each row will do, a page at a time. */
export function PlanPreview({ plan }: { plan: PlanView }): React.JSX.Element {
  const [start, setStart] = useState(0);
  const [page, setPage] = useState<PlanPreviewPage | null>(null);
  const [error, setError] = useState('');
  // A new dry run starts the preview at its first page.
  useEffect(() => setStart(0), [plan]);
  useEffect(() => {
    let live = true;
    bridge
      .getPlanRows({ start, count: PAGE })
      .then((p) => live && setPage(p))
      .catch((e: unknown) => live && setError(e instanceof Error ? e.message : String(e)));
    return () => {
      live = false;
    };
  }, [plan, start]);
  if (error) return <p className="bad">Could not load the preview: {error}</p>;
  if (!page) return <p className="muted">Loading the preview…</p>;
  const last = Math.min(page.start + page.rows.length, page.total);
  return (
    <div data-testid="plan-preview">
      <div className="table-scroll" tabIndex={0} role="region" aria-label="What each row will do">
        <table className="summary-table rows-table" aria-label="What each row will do">
          <thead>
            <tr>
              <th>Row</th>
              <th>Will do</th>
              <th>PBX</th>
              <th>Region</th>
              <th>Domain</th>
              <th>Firmware</th>
              <th>Trunk</th>
              <th>DIDs</th>
              <th style={{ minWidth: 180 }}>Order</th>
              <th style={{ minWidth: 260 }}>Problems</th>
            </tr>
          </thead>
          <tbody>
            {page.rows.map((r) => (
              <tr key={`${r.sheet}|${r.row}`} className={r.problems.length > 0 ? 'bad' : undefined}>
                <td>
                  {r.sheet} {r.row}
                </td>
                <td>{r.does}</td>
                <td style={WRAP}>{r.pbx}</td>
                <td>{r.region}</td>
                <td>{r.domain}</td>
                <td>{r.firmware}</td>
                <td>{r.trunkId}</td>
                <td>{r.didIds}</td>
                <td>{r.order}</td>
                <td>
                  {r.problems.map((p) => (
                    <div key={p} className="msg error">
                      {p}
                    </div>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="pager">
        <button type="button" disabled={page.start === 0} onClick={() => setStart(Math.max(0, start - PAGE))}>
          Previous
        </button>{' '}
        <span data-testid="plan-preview-range">
          Rows {page.total === 0 ? 0 : page.start + 1}–{last} of {page.total}
        </span>{' '}
        <button type="button" disabled={last >= page.total} onClick={() => setStart(start + PAGE)}>
          Next
        </button>
      </p>
      <p className="muted">
        Order prices are the Partner Portal’s: the tool knows the quantities it orders, not what they cost.
      </p>
    </div>
  );
}
