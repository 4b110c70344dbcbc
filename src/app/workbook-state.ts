/**
 * The opened workbook as the UI sees it: every sheet's cells (edited in memory), its columns and
 * mapping, and the latest report indexed by sheet and row, so the grid can ask for any range of
 * a 100k-row sheet without walking the whole report.
 */
import type { SourceRow } from '../core/model.ts';
import { isSecretField, isSecretHeader } from '../core/util/cell-safety.ts';
import { reportCell, rowSecrets, type ReportSource } from '../core/report/report-layout.ts';
import type {
  CellMessage,
  ColumnView,
  GridRow,
  OpenResult,
  SheetCounts,
  SheetView,
} from '../shared/bridge.ts';
import type { MessageLevel, Report, ReportRow, RowMessage, SheetKind } from '../shared/types.ts';
import { fieldLabel, fieldOptions } from '../core/map/field-info.ts';
import type { Validation } from './ports.ts';
import { columnLetter } from '../core/util/column-letter.ts';
import { SessionError } from './session-error.ts';

export interface SheetState {
  name: string;
  kind: SheetKind;
  headerRow: number;
  headers: string[];
  /** The field each column was matched to when the file was first validated. */
  autoFields: Array<string | null>;
  /** User overrides by header: field path, or null to ignore the column. */
  mapping: Record<string, string | null>;
  rows: SourceRow[];
  /** Report rows by source row number. */
  results: Map<number, ReportRow>;
  /** Data-row indexes whose row has an error (for the "errors only" filter); rebuilt lazily. */
  errorIndex?: number[];
  /** The grid's last filtered or sorted list of rows (row-view.ts); dropped on any change. */
  view?: { key: string; indexes: number[] };
}

export interface WorkbookState {
  file: string;
  /** The name the user knows the file by (upload name), for reports. */
  displayName: string;
  sheets: Map<string, SheetState>;
  report: Report;
  /** True once a cell or the mapping changed: plan/run must use a working copy. */
  dirty: boolean;
  /** Sheets whose header row the user chose (Map screen): the file is read with them. */
  headerRows?: Record<string, number>;
}

/** Builds the state from a first validation of the original file. */
export function createWorkbookState(file: string, displayName: string, v: Validation): WorkbookState {
  const sheets = new Map<string, SheetState>();
  for (const info of v.sheets) {
    const autoFields = info.headers.map((_, i) => info.columns.find((c) => c.index === i)?.field ?? null);
    sheets.set(info.name, {
      name: info.name,
      kind: info.kind,
      headerRow: info.headerRow,
      headers: info.headers,
      autoFields,
      mapping: {},
      rows: v.cells.get(info.name) ?? [],
      results: new Map(),
    });
  }
  const state: WorkbookState = { file, displayName, sheets, report: v.report, dirty: false };
  applyReport(state, v.report);
  return state;
}

/** Replaces the report rows of every sheet (after a validation, a plan or a run). */
export function applyReport(state: WorkbookState, report: Report): void {
  state.report = report;
  for (const sheet of state.sheets.values()) {
    sheet.results.clear();
    delete sheet.errorIndex;
    delete sheet.view;
  }
  for (const r of report.rows) updateResult(state, r);
}

/** Records one row's new status (a live run event). */
export function updateResult(state: WorkbookState, r: ReportRow): void {
  const sheet = state.sheets.get(r.sheet);
  if (!sheet) return;
  sheet.results.set(r.row, r);
  delete sheet.errorIndex;
  delete sheet.view;
}

/** The field a column maps to now: the user's choice if any, else the automatic match. */
export function columnField(sheet: SheetState, index: number): string | null {
  const header = sheet.headers[index] ?? '';
  if (Object.hasOwn(sheet.mapping, header)) return sheet.mapping[header] ?? null;
  return sheet.autoFields[index] ?? null;
}

/**
 * Sets the user's column choices (field path, or null to ignore) on a sheet. Refused, with nothing
 * changed, when a header is not the sheet's or two columns would then fill one field: the message
 * names both columns by their headers and letters in the user's sheet (the working copy's, which
 * the engine would name, has field paths for headers and no ignored columns).
 */
export function applyMapping(sheet: SheetState, mapping: Record<string, string | null>): void {
  for (const header of Object.keys(mapping)) {
    if (!sheet.headers.includes(header)) throw new SessionError(`The sheet has no column '${header}'.`);
  }
  const next = { ...sheet.mapping, ...mapping };
  const filled = new Map<string, number>();
  sheet.headers.forEach((header, i) => {
    const field = Object.hasOwn(next, header) ? next[header] : sheet.autoFields[i];
    if (!field) return;
    const first = filled.get(field);
    if (first === undefined) return filled.set(field, i);
    const named = (at: number): string => `'${sheet.headers[at] ?? ''}' (${columnLetter(at)})`;
    throw new SessionError(
      `Columns ${named(first)} and ${named(i)} would both fill the field ${field}: map one of them to another field, or ignore it.`,
    );
  });
  sheet.mapping = next;
}

export function columnsOf(sheet: SheetState): ColumnView[] {
  return sheet.headers.map((header, index) => {
    const field = columnField(sheet, index);
    const label = field === null ? undefined : fieldLabel(sheet.kind, field);
    const options = field === null ? undefined : fieldOptions(sheet.kind, field);
    return {
      index,
      header,
      field,
      secret: isSecretColumn(sheet, index),
      ...(label !== undefined && { label }),
      ...(options && { options: [...options] }),
    };
  });
}

/** What the report writers mask, by the column's field or its header. */
export function isSecretColumn(sheet: SheetState, index: number): boolean {
  const field = columnField(sheet, index);
  return (field !== null && isSecretField(field)) || isSecretHeader(sheet.headers[index] ?? '');
}

/** A secret cell as the renderer gets it: whether it is filled, not what it holds. */
export const MASKED_CELL = '••••••••';

function isErrorRow(r: ReportRow | undefined): boolean {
  if (!r) return false;
  return r.status === 'invalid' || r.status === 'failed' || r.messages.some((m) => m.level === 'error');
}

export function countsOf(sheet: SheetState): SheetCounts {
  const counts: SheetCounts = {
    rows: sheet.rows.length,
    valid: 0,
    invalid: 0,
    warnings: 0,
    succeeded: 0,
    failed: 0,
    byColumn: sheet.headers.map(() => ({ errors: 0, warnings: 0 })),
  };
  for (const row of sheet.rows) {
    const r = sheet.results.get(row.row);
    if (r && r.messages.length > 0) countCells(sheet, r, counts.byColumn ?? []);
    const status = r?.status ?? 'valid';
    if (status === 'invalid' || (status === 'valid' && isErrorRow(r))) counts.invalid++;
    else if (status === 'valid') counts.valid++;
    else if (status === 'succeeded') counts.succeeded++;
    else if (status === 'failed') counts.failed++;
    if (r?.messages.some((m) => m.level === 'warning')) counts.warnings++;
  }
  return counts;
}

/** Adds a row's messages to the per-column counts: each cell once, at its worst level. */
function countCells(
  sheet: SheetState,
  r: ReportRow,
  byColumn: Array<{ errors: number; warnings: number }>,
): void {
  const worst = new Map<number, MessageLevel>();
  for (const m of r.messages) {
    const col = messageColumn(sheet, m.column);
    if (col === null || m.level === 'info') continue;
    if (worst.get(col) !== 'error') worst.set(col, m.level);
  }
  for (const [col, level] of worst) {
    const c = byColumn[col];
    if (c && level === 'error') c.errors++;
    else if (c) c.warnings++;
  }
}

export function sheetView(sheet: SheetState): SheetView {
  return {
    name: sheet.name,
    kind: sheet.kind,
    headerRow: sheet.headerRow,
    columns: columnsOf(sheet),
    counts: countsOf(sheet),
  };
}

/** Data-row indexes of rows with errors, in sheet order. */
export function errorIndexes(sheet: SheetState): number[] {
  if (!sheet.errorIndex) {
    sheet.errorIndex = [];
    sheet.rows.forEach((row, i) => {
      if (isErrorRow(sheet.results.get(row.row))) sheet.errorIndex?.push(i);
    });
  }
  return sheet.errorIndex;
}

const norm = (s: string): string =>
  s
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '');

/** Which column a message names: by header as written, loosely, or by the mapped field path. */
export function messageColumn(sheet: SheetState, column: string | undefined): number | null {
  if (!column) return null;
  const exact = sheet.headers.indexOf(column);
  if (exact >= 0) return exact;
  const loose = sheet.headers.findIndex((h) => norm(h) === norm(column));
  if (loose >= 0) return loose;
  const byField = sheet.headers.findIndex((_, i) => columnField(sheet, i) === column);
  return byField >= 0 ? byField : null;
}

function cellMessage(sheet: SheetState, m: RowMessage): CellMessage {
  return { col: messageColumn(sheet, m.column), level: m.level, message: m.message };
}

/** Which columns are secret, once for a page of rows (the header rules are not free). */
export function secretColumns(sheet: SheetState): boolean[] {
  return sheet.headers.map((_, i) => isSecretColumn(sheet, i));
}

export function gridRow(
  sheet: SheetState,
  index: number,
  secret: readonly boolean[] = secretColumns(sheet),
): GridRow | undefined {
  const src = sheet.rows[index];
  if (!src) return undefined;
  const r = sheet.results.get(src.row);
  const shown = shownCells(sheet, src, secret);
  return {
    index,
    row: src.row,
    cells: sheet.headers.map((_, i) => shown(i)),
    status: r?.status ?? 'valid',
    messages: (r?.messages ?? []).map((m) => cellMessage(sheet, m)),
  };
}

/**
 * A row's cells as they may leave the engine for the renderer: a secret column's cell is
 * MASKED_CELL when filled; in every other column a secret of the row (an admin password also typed
 * into Notes) is masked exactly as the reports mask it (reportCell: the whole cell when it is the
 * secret, inside longer text when the secret has 6 characters or more).
 */
export function shownCells(
  sheet: SheetState,
  src: SourceRow,
  secret: readonly boolean[] = secretColumns(sheet),
): (index: number) => string {
  const secretSet = new Set<number>();
  secret.forEach((isSecret, i) => {
    if (isSecret) secretSet.add(i);
  });
  const secrets = rowSecrets(src, secretSet);
  return (i) => {
    const text = src.cells[i] ?? '';
    if (text === '') return text;
    return secretSet.has(i) ? MASKED_CELL : reportCell(text, i, secretSet, secrets);
  };
}

/** The cells as report writers want them (the user's own columns kept). */
export function reportSource(state: WorkbookState): ReportSource {
  return {
    sheets: [...state.sheets.values()].map((s) => ({
      name: s.name,
      kind: s.kind,
      headerRow: s.headerRow,
      headers: s.headers,
      rows: s.rows,
      fields: s.headers.map((_, i) => columnField(s, i) ?? undefined),
    })),
  };
}

/** The first rows of the first sheet come with the workbook, so the preview shows at once. */
const FIRST_ROWS = 100;

/** The workbook as openSheet (and getWorkbook) return it. */
export function openResultOf(state: WorkbookState): OpenResult {
  const sheets = [...state.sheets.values()];
  const first = sheets[0];
  const firstRows = [];
  const secret = first ? secretColumns(first) : [];
  for (let i = 0; first && i < Math.min(FIRST_ROWS, first.rows.length); i++) {
    const r = gridRow(first, i, secret);
    if (r) firstRows.push(r);
  }
  return {
    file: state.displayName,
    sheets: sheets.map(sheetView),
    firstRows,
    fileMessages: state.report.summary.fileMessages,
  };
}
