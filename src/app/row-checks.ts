/**
 * Inline edits on big sheets: re-validate only the edited row (validateRow with the sheet's
 * current column mapping), then re-run the cross-row checks (duplicate subdomains, names and DIDs,
 * references to PBX rows, the 500-extension cap) over the rows' kept values. The cross-row pass
 * touches small maps only, so an edit on a 100k-row sheet costs milliseconds, with no working copy
 * written and no file re-read; the working copy is written only when plan or run needs a file.
 */
import type { ColumnMapping } from '../core/map/map-headers.ts';
import type { RowRecord } from '../core/model.ts';
import { CrossRowChecks } from '../core/validate/cross-row.ts';
import { validateRow } from '../core/validate/validate-row.ts';
import type { Report, ReportRow, RowMessage, RowStatus } from '../shared/types.ts';
import type { Validation } from './ports.ts';
import { applyReport, columnField, type SheetState, type WorkbookState } from './workbook-state.ts';

interface SheetChecks {
  records: RowRecord[];
  /** The row's own messages (cells, schema, row rules), without the cross-row ones. */
  own: RowMessage[][];
  /** Rows a re-imported report marks as done ('skipped'): they stay so until edited. */
  done: Set<number>;
}

export interface RowChecks {
  sheets: Map<string, SheetChecks>;
  summary: Report['summary'];
}

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
  const checks: RowChecks = { sheets: new Map(), summary: state.report.summary };
  let at = 0;
  for (const sheet of state.sheets.values()) {
    const records = v.records.slice(at, at + sheet.rows.length);
    at += sheet.rows.length;
    if (records.length !== sheet.rows.length) return undefined;
    checks.sheets.set(sheet.name, { records, own: [], done: new Set() });
  }
  if (at !== v.records.length) return undefined;
  const cross = crossMessages(state, checks);
  for (const sheet of state.sheets.values()) {
    const c = checks.sheets.get(sheet.name);
    const lists = cross.get(sheet.name) ?? [];
    sheet.rows.forEach((src, i) => {
      const r = sheet.results.get(src.row);
      if (r?.status === 'skipped') c?.done.add(i);
      const x = lists[i] ?? [];
      c?.own.push((r?.messages ?? []).filter((m) => !x.some((y) => same(m, y))));
    });
  }
  return checks;
}

/** Re-validates one edited row and the cross-row checks, and applies the new report. */
export function revalidateRow(
  state: WorkbookState,
  checks: RowChecks,
  sheet: SheetState,
  index: number,
): void {
  const c = checks.sheets.get(sheet.name);
  const src = sheet.rows[index];
  if (!c || !src) return;
  const record = validateRow({
    kind: sheet.kind,
    sheet: sheet.name,
    row: src.row,
    columns: userColumns(sheet),
    cells: src.cells,
    types: src.types,
  });
  c.records[index] = record;
  c.own[index] = [...record.messages];
  c.done.delete(index);
  applyReport(state, buildReport(state, checks));
}

function buildReport(state: WorkbookState, checks: RowChecks): Report {
  const cross = crossMessages(state, checks);
  const rows: ReportRow[] = [];
  const byStatus: Partial<Record<RowStatus, number>> = {};
  let errors = 0;
  let warnings = 0;
  for (const sheet of state.sheets.values()) {
    const c = checks.sheets.get(sheet.name);
    const lists = cross.get(sheet.name) ?? [];
    sheet.rows.forEach((src, i) => {
      const messages = [...(c?.own[i] ?? []), ...(lists[i] ?? [])];
      const rowErrors = messages.filter((m) => m.level === 'error').length;
      const status: RowStatus = c?.done.has(i) ? 'skipped' : rowErrors > 0 ? 'invalid' : 'valid';
      if (status !== 'skipped') {
        errors += rowErrors;
        warnings += messages.filter((m) => m.level === 'warning').length;
      }
      byStatus[status] = (byStatus[status] ?? 0) + 1;
      rows.push({ sheet: sheet.name, row: src.row, kind: sheet.kind, status, messages });
    });
  }
  const { target: _t, ...base } = checks.summary;
  return { summary: { ...base, mode: 'validate', total: rows.length, byStatus, errors, warnings }, rows };
}
