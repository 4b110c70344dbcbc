/**
 * "Reconcile with the account" (issue 18), on Results: the open workbook compared with the active
 * target's account, every difference in one table filterable by kind (missing rows, changed
 * fields, DIDs, customers, PBXs no row names).
 */
import { useState } from 'react';
import type { ReconcileResult } from '../../../src/shared/reconcile.ts';
import type { Attempt } from '../app.tsx';
import { bridge } from '../transport.ts';

type Filter = 'all' | 'missing' | 'field' | 'dids' | 'customers' | 'extra';
const FILTERS: Record<Filter, string> = {
  all: 'Every difference',
  missing: 'Missing on the account',
  field: 'Fields changed',
  dids: 'DIDs added or removed',
  customers: 'Customers changed',
  extra: 'Extra PBXs (no row names them)',
};

interface Line {
  key: string;
  kind: Exclude<Filter, 'all'>;
  where: string;
  column: string;
  inSheet: string;
  onAccount: string;
  message: string;
}

/** One table line per difference, per missing row and per extra PBX. */
function lines(result: ReconcileResult): Line[] {
  const out: Line[] = [];
  for (const r of result.rows) {
    const where = `${r.sheet} row ${r.row}`;
    if (r.outcome === 'missing')
      out.push({
        key: `${where} missing`,
        kind: 'missing',
        where,
        column: '',
        inSheet: '',
        onAccount: '',
        message: r.note ?? '',
      });
    r.differences.forEach((d, i) =>
      out.push({
        key: `${where} ${i}`,
        kind: d.kind,
        where,
        column: d.column,
        inSheet: d.inSheet,
        onAccount: d.onAccount,
        message: d.message,
      }),
    );
  }
  for (const p of result.extra)
    out.push({
      key: `extra ${p.cloudPbxId}`,
      kind: 'extra',
      where: `Cloud PBX ${p.cloudPbxId}`,
      column: '',
      inSheet: '',
      onAccount: `${p.name} (${p.url})`,
      message: 'On the account; no row names it.',
    });
  return out;
}

export function ReconcilePanel({ attempt }: { attempt: Attempt }): React.JSX.Element {
  const [result, setResult] = useState<ReconcileResult | null>(null);
  const [busy, setBusy] = useState(false);
  const [filter, setFilter] = useState<Filter>('all');

  const reconcile = async (): Promise<void> => {
    setBusy(true);
    const r = await attempt(() => bridge.reconcile({}));
    if (r) setResult(r);
    setBusy(false);
  };

  const all = result ? lines(result) : [];
  const shown = filter === 'all' ? all : all.filter((l) => l.kind === filter);
  const counts = result?.summary.byOutcome;
  return (
    <>
      <h3>Reconcile with the account</h3>
      <p className="hint">
        Compares every row of this sheet with what the account holds now (only reads): PBXs missing, fields
        changed since (capacity, plan, firmware…), DIDs bound or unbound, customers, and PBXs no row names.
      </p>
      <button type="button" onClick={() => void reconcile()} disabled={busy}>
        {busy ? 'Reading the account…' : 'Reconcile with the account'}
      </button>
      {result && (
        <>
          <p role="status" data-testid="reconcile-summary">
            {counts?.matches ?? 0} matching, {counts?.drifted ?? 0} drifted, {counts?.missing ?? 0} missing,{' '}
            {result.summary.extra} extra PBX{result.summary.extra === 1 ? '' : 's'}
            {all.length === 0 ? ': everything matches.' : '.'}
          </p>
          <label>
            Show{' '}
            <select
              value={filter}
              onChange={(e) => setFilter(e.target.value as Filter)}
              aria-label="Kind of difference"
            >
              {(Object.keys(FILTERS) as Filter[]).map((f) => (
                <option key={f} value={f}>
                  {FILTERS[f]} ({f === 'all' ? all.length : all.filter((l) => l.kind === f).length})
                </option>
              ))}
            </select>
          </label>
          <table className="summary-table" aria-label="Differences with the account">
            <thead>
              <tr>
                <th>Where</th>
                <th>Kind</th>
                <th>Column</th>
                <th>Sheet</th>
                <th>Account</th>
                <th>Difference</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((l) => (
                <tr key={l.key}>
                  <td>{l.where}</td>
                  <td>{l.kind}</td>
                  <td>{l.column}</td>
                  <td>{l.inSheet}</td>
                  <td>{l.onAccount}</td>
                  <td>{l.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </>
  );
}
