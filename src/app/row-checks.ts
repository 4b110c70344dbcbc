/**
 * Inline edits on big sheets: re-validate only the edited row (validateRow with the sheet's
 * current column mapping), then re-run the cross-row checks (duplicate subdomains, names and DIDs,
 * references to PBX rows, the 500-extension cap) over the rows' kept values. The cross-row pass
 * touches small maps only, so an edit on a 100k-row sheet costs milliseconds, with no working copy
 * written and no file re-read; the working copy is written only when plan or run needs a file.
 */
import type { ColumnMapping } from '../core/map/map-headers.ts';
import type { RowRecord } from '../core/model.ts';
import { kindModules } from '../core/kinds/registry.ts';
import { CrossRowChecks } from '../core/validate/cross-row.ts';
import { validateRow } from '../core/validate/validate-row.ts';
import type { Report, ReportRow, RowMessage, RowStatus } from '../shared/types.ts';
import type { Validation } from './ports.ts';
import {
  applyReport,
  columnField,
  updateResult,
  type SheetState,
  type WorkbookState,
} from './workbook-state.ts';

interface SheetChecks {
  records: RowRecord[];
  /** The row's own messages (cells, schema, row rules), without the cross-row ones. */
  own: RowMessage[][];
  /** Rows a re-imported report marks as done (succeeded before): they stay so until edited. */
  done: Set<number>;
}

export interface RowChecks {
  sheets: Map<string, SheetChecks>;
  summary: Report['summary'];
  /** The cross-row messages of every row, as of the last pass. */
  cross: Map<string, RowMessage[][]>;
  /** The report this module last applied, and where each sheet's rows start in it. */
  report?: Report;
  offsets: Map<string, number>;
}

/**
 * The values the cross-row checks read, as each kind declares them (`cross.fields`,
 * src/core/kinds/<kind>/index.ts): an edit that changes none of them skips the pass.
 */
const CROSS_FIELDS = [...new Set(kindModules().flatMap((kind) => kind.cross.fields))];
const crossKey = (r: RowRecord | undefined): string =>
  r ? JSON.stringify(CROSS_FIELDS.map((f) => r.values[f] ?? null)) : '';

/** The sheet's columns as the user maps them now (their own headers, their field choices). */
export function userColumns(sheet: SheetState): ColumnMapping[] {
  return sheet.headers.map((header, index) => {
    const field = columnField(sheet, index);
    return field ? { index, header, field } : { index, header };
  });
}

function userHeaders(sheet: SheetState): Record<string, string> {
  const out: Record<string, string> = {};
  sheet.headers.forEach((h, i) => {
    const f = columnField(sheet, i);
    if (f) out[f] = h;
  });
  return out;
}

const same = (a: RowMessage, b: RowMessage): boolean =>
  a.level === b.level && a.message === b.message && a.column === b.column;

/** Cross-row messages per sheet and row index, named with the user's headers and row numbers. */
function crossMessages(state: WorkbookState, checks: RowChecks): Map<string, RowMessage[][]> {
  const cross = new CrossRowChecks();
  const out = new Map<string, RowMessage[][]>();
  for (const sheet of state.sheets.values()) {
    const c = checks.sheets.get(sheet.name);
    if (!c) continue;
    const headers = userHeaders(sheet);
    const lists: RowMessage[][] = [];
    c.records.forEach((r, i) => {
      const clone: RowRecord = {
        ...r,
        sheet: sheet.name,
        row: sheet.rows[i]?.row ?? r.row,
        headers,
        messages: [],
      };
      cross.add(clone);
      lists.push(clone.messages);
    });
    out.set(sheet.name, lists);
  }
  cross.finish();
  return out;
}

/**
 * Keeps what a full validation found (records aligned with the grid rows, report already
 * translated to the user's rows). Undefined when the rows do not line up one to one (then edits
 * fall back to a full validation).
 */
export function initRowChecks(state: WorkbookState, v: Validation): RowChecks | undefined {
  const checks: RowChecks = {
    sheets: new Map(),
    summary: state.report.summary,
    cross: new Map(),
    offsets: new Map(),
  };
  let at = 0;
  for (const sheet of state.sheets.values()) {
    const records = v.records.slice(at, at + sheet.rows.length);
    at += sheet.rows.length;
    if (records.length !== sheet.rows.length) return undefined;
    checks.sheets.set(sheet.name, { records, own: [], done: new Set() });
  }
  if (at !== v.records.length) return undefined;
  const cross = crossMessages(state, checks);
  checks.cross = cross;
  for (const sheet of state.sheets.values()) {
    const c = checks.sheets.get(sheet.name);
    const lists = cross.get(sheet.name) ?? [];
    sheet.rows.forEach((src, i) => {
      const r = sheet.results.get(src.row);
      if (r?.messages.some((m) => m.reason === 'done-before')) c?.done.add(i);
      const x = lists[i] ?? [];
      c?.own.push((r?.messages ?? []).filter((m) => !x.some((y) => same(m, y))));
    });
  }
  adoptReport(state, checks);
  return checks;
}

/** Takes the validation's own report as the one to patch when its rows are the grid's, in order. */
function adoptReport(state: WorkbookState, checks: RowChecks): void {
  let at = 0;
  for (const sheet of state.sheets.values()) {
    checks.offsets.set(sheet.name, at);
    for (const src of sheet.rows) {
      const r = state.report.rows[at++];
      if (r?.sheet !== sheet.name || r.row !== src.row) return;
    }
  }
  if (at === state.report.rows.length) checks.report = state.report;
}

/** Re-validates one edited row and the cross-row checks, and applies the new report. */
export function revalidateRow(
  state: WorkbookState,
  checks: RowChecks,
  sheet: SheetState,
  index: number,
): void {
  revalidateRows(state, checks, sheet, [index]);
}

/**
 * Re-validates edited rows (a paste, a fix of a whole column), then the cross-row checks once if
 * any value they read changed, and applies the new report: a fix of 1,000 Plan cells on a
 * 100k-row sheet costs 1,000 row checks, not a working copy and a full validation.
 */
export function revalidateRows(
  state: WorkbookState,
  checks: RowChecks,
  sheet: SheetState,
  indexes: readonly number[],
): void {
  const c = checks.sheets.get(sheet.name);
  if (!c) return;
  const columns = userColumns(sheet);
  let keysChanged = false;
  const done: number[] = [];
  for (const index of indexes) {
    const src = sheet.rows[index];
    if (!src) continue;
    const record = validateRow({
      kind: sheet.kind,
      sheet: sheet.name,
      row: src.row,
      columns,
      cells: src.cells,
      types: src.types,
    });
    keysChanged ||= crossKey(c.records[index]) !== crossKey(record);
    c.records[index] = record;
    c.own[index] = [...record.messages];
    c.done.delete(index);
    done.push(index);
  }
  // Most fixes (a plan name, a password) touch no value another row depends on: no cross pass.
  if (keysChanged) checks.cross = crossMessages(state, checks);
  const report = checks.report;
  if (!keysChanged && report && state.report === report) {
    for (const index of done) patchRow(state, checks, report, sheet, index);
    return;
  }
  checks.report = buildReport(state, checks);
  applyReport(state, checks.report);
}

function rowOf(checks: RowChecks, sheet: SheetState, index: number): ReportRow {
  const c = checks.sheets.get(sheet.name);
  const messages = [...(c?.own[index] ?? []), ...(checks.cross.get(sheet.name)?.[index] ?? [])];
  const errors = messages.some((m) => m.level === 'error');
  // An exported row (it exists on the account) stays skipped whatever else is edited.
  const exported = c?.own[index]?.some((m) => m.reason === 'already-exists') === true;
  const status: RowStatus = c?.done.has(index)
    ? 'succeeded'
    : exported
      ? 'skipped'
      : errors
        ? 'invalid'
        : 'valid';
  return { sheet: sheet.name, row: sheet.rows[index]?.row ?? 0, kind: sheet.kind, status, messages };
}

/** Adds (+1) or removes (-1) one row's share of the summary counts. */
function count(summary: Report['summary'], r: ReportRow, sign: 1 | -1): void {
  summary.byStatus[r.status] = (summary.byStatus[r.status] ?? 0) + sign;
  if (summary.byStatus[r.status] === 0)
    summary.byStatus = Object.fromEntries(Object.entries(summary.byStatus).filter(([, n]) => n > 0));
  if (r.status === 'skipped' || r.status === 'succeeded') return;
  summary.errors += sign * r.messages.filter((m) => m.level === 'error').length;
  summary.warnings += sign * r.messages.filter((m) => m.level === 'warning').length;
}

/** Replaces one row of the current report in place (the rest is unchanged). */
function patchRow(
  state: WorkbookState,
  checks: RowChecks,
  report: Report,
  sheet: SheetState,
  index: number,
): void {
  const at = (checks.offsets.get(sheet.name) ?? 0) + index;
  const old = report.rows[at];
  const next = rowOf(checks, sheet, index);
  if (old) count(report.summary, old, -1);
  count(report.summary, next, 1);
  report.rows[at] = next;
  updateResult(state, next);
}

function buildReport(state: WorkbookState, checks: RowChecks): Report {
  const rows: ReportRow[] = [];
  const byStatus: Partial<Record<RowStatus, number>> = {};
  const { target: _t, ...base } = checks.summary;
  const summary = { ...base, mode: 'validate' as const, total: 0, byStatus, errors: 0, warnings: 0 };
  for (const sheet of state.sheets.values()) {
    checks.offsets.set(sheet.name, rows.length);
    for (let i = 0; i < sheet.rows.length; i++) {
      const r = rowOf(checks, sheet, i);
      count(summary, r, 1);
      rows.push(r);
    }
  }
  summary.total = rows.length;
  return { summary, rows };
}
