/**
 * Rows as the Run and Results screens show them: named by the customer they are for (the PBX name,
 * else its subdomain), with what the run created and the problem in plain words beside the
 * vendor's code. Names come from the user's own cells, as the grid shows them (secrets masked).
 */
import type { ResultFilter, ResultRowsResult, RunRowView } from '../shared/run-view.ts';
import type { ReportRow, RowMessage, RowStatus, SheetKind } from '../shared/types.ts';
import { columnField, secretColumns, shownCells, type WorkbookState } from './workbook-state.ts';

/** The fields that name a row's PBX (or, for MyReports, its profile and customer), best first. */
const NAME_FIELDS: Record<SheetKind, readonly string[]> = {
  pbx: ['name', 'subDomain'],
  did: ['pbx.name', 'pbx.subDomain', 'pbx.url', 'pbx.cloudPbxId', 'pbx.sn'],
  expansion: ['pbx.name', 'pbx.subDomain', 'pbx.url', 'pbx.cloudPbxId', 'pbx.sn'],
  myreports: ['name', 'customer', 'customerId'],
};

/** Row names by sheet and source row number; built per run and per report (measured: 0.66 s for 100k rows). */
export type RowNames = Map<string, Map<number, string>>;

export function rowNames(state: WorkbookState): RowNames {
  const names: RowNames = new Map();
  for (const sheet of state.sheets.values()) {
    const byField = new Map<string, number>();
    sheet.headers.forEach((_, i) => {
      const field = columnField(sheet, i);
      if (field !== null && !byField.has(field)) byField.set(field, i);
    });
    const cols = NAME_FIELDS[sheet.kind]
      .map((f) => byField.get(f))
      .filter((i): i is number => i !== undefined);
    const rows = new Map<number, string>();
    const secret = secretColumns(sheet);
    for (const src of sheet.rows) {
      if (cols.length === 0) break;
      const shown = shownCells(sheet, src, secret);
      const name = cols.map((i) => shown(i).trim()).find((v) => v !== '');
      if (name) rows.set(src.row, name);
    }
    names.set(sheet.name, rows);
  }
  return names;
}

/**
 * What YCM's codes mean to the person running the sheet (FACTS 1.5); the vendor's own words stay
 * in the message and the code column.
 */
const PLAIN_BY_CODE: Record<string, string> = {
  '1000001': 'The vendor had an internal error; a retry later usually works',
  '1000002': 'The credentials were refused',
  '1000004': 'The vendor refused a value of this row as invalid',
  '1000005': 'Something this row names does not exist at the vendor',
  '1000007': 'It exists already (same subdomain or the same data)',
  '1000012': 'The vendor had a database error; a retry later usually works',
  '1000019': 'That email address is in use already',
  '1000033': 'The API client is unknown or disabled',
  '1000040': 'The rate limit was still hit after waiting',
  '1000042': 'The account may not do this (access denied)',
  '1000043': 'The account lacks the permission for this',
  parameter_validation_failed: 'The Partner Portal refused a value of this row as invalid',
  rate_limit_exceeded: 'The rate limit was still hit after waiting',
};

/** "YCM POST /x failed: 1000007 DATA_ALREADY_EXISTS (…)" → the part after "failed: ". */
function vendorDetail(message: string): string {
  const m = /^(?:YCM|Partner Portal|MyReports) [A-Z]+ \S+ failed: (.*)$/s.exec(message);
  return m?.[1] ?? message;
}

/** The row's first error (else warning) in plain words, with the vendor's code when it gave one. */
export function plainProblem(
  messages: readonly RowMessage[],
): Pick<RunRowView, 'problem' | 'detail' | 'code'> {
  const m = messages.find((x) => x.level === 'error') ?? messages.find((x) => x.level === 'warning');
  if (!m) return {};
  const plain = m.code !== undefined ? PLAIN_BY_CODE[m.code] : undefined;
  return {
    problem: plain ? `${plain}.` : m.message,
    ...(plain ? { detail: vendorDetail(m.message) } : {}),
    ...(m.code !== undefined ? { code: m.code } : {}),
  };
}

/** One report row as the screens list it. */
export function rowView(r: ReportRow, names: RowNames | undefined): RunRowView {
  return {
    sheet: r.sheet,
    row: r.row,
    kind: r.kind,
    name: names?.get(r.sheet)?.get(r.row) ?? '',
    status: r.status,
    ...plainProblem(r.messages),
    ...(r.ids ? { ids: r.ids } : {}),
  };
}

/** A page of the results grid from the report, filtered by status. */
export function resultRows(
  rows: readonly ReportRow[],
  names: RowNames | undefined,
  args: { status: ResultFilter; start: number; count: number },
): ResultRowsResult {
  const byStatus: Partial<Record<RowStatus, number>> = {};
  for (const r of rows) byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
  const matching = args.status === 'all' ? rows : rows.filter((r) => r.status === args.status);
  const start = Math.max(0, Math.min(args.start, matching.length));
  return {
    total: matching.length,
    start,
    rows: matching.slice(start, start + args.count).map((r) => rowView(r, names)),
    byStatus,
  };
}

/** Names per report (a new report comes with each validation, plan or run; edits rename at the next). */
const namesCache = new WeakMap<object, RowNames>();

/** The results grid's page for the open workbook (empty without one). */
export function resultsPage(
  state: WorkbookState | undefined,
  args: { status: ResultFilter; start: number; count: number },
): ResultRowsResult {
  if (!state) return resultRows([], undefined, args);
  let names = namesCache.get(state.report);
  if (!names) {
    names = rowNames(state);
    namesCache.set(state.report, names);
  }
  return resultRows(state.report.rows, names, args);
}
