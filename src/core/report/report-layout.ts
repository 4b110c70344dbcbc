/**
 * The layout shared by the CSV and XLSX report writers: which columns a report adds to the user's
 * own, how rows are ordered and matched to their source cells, and which cells are secret.
 */
import { isResultHeader, type SourceRow } from '../model.ts';
import type { Report, ReportRow, RowMessage, SheetKind } from '../../shared/types.ts';
import { SHEET_KINDS } from '../../shared/types.ts';
import { isSecretField, isSecretHeader, maskSecret, scrubText } from '../util/cell-safety.ts';

/** One sheet of the input, with the cells exactly as the user typed them. */
export interface ReportSheetSource {
  name: string;
  kind: SheetKind;
  headerRow: number;
  headers: string[];
  rows: SourceRow[];
  /**
   * Optional: the field path each column maps to (same indexes as `headers`), so a secret column
   * with an unusual header ("Kennwort") is still masked.
   */
  fields?: ReadonlyArray<string | undefined>;
  /** The delimiter of a CSV input: a CSV report of it uses `;` when the input did (see write-csv.ts). */
  delimiter?: string;
}

/** The input the report was made from; lets CSV/XLSX reports keep the user's own columns. */
export interface ReportSource {
  sheets: ReportSheetSource[];
}

/** Every header a report adds starts with this, so a re-import can recognise (and skip) them. */
export const RESULT_HEADER_PREFIX = 'Result: ';

/** The columns a report adds, keyed by what they hold. */
export const RESULT_COLUMNS = {
  row: 'Result: row',
  status: 'Result: status',
  messages: 'Result: messages',
  cloudPbxId: 'Result: cloudPbxId',
  sn: 'Result: sn',
  url: 'Result: url',
  orderNo: 'Result: orderNo',
  orderStatus: 'Result: orderStatus',
  transactionNo: 'Result: transactionNo',
  profileId: 'Result: profileId',
  requestIds: 'Result: requestIds',
  startedAt: 'Result: startedAt',
  finishedAt: 'Result: finishedAt',
  errorCode: 'Result: errorCode',
} as const;

export type ResultColumn = keyof typeof RESULT_COLUMNS;

/** Every header a report may add (for the mapper: recognise and ignore, or use for re-runs). */
export const RESULT_HEADERS: readonly string[] = Object.values(RESULT_COLUMNS);

const RUN_COLUMNS: readonly ResultColumn[] = [
  'cloudPbxId',
  'sn',
  'url',
  'orderNo',
  'orderStatus',
  'transactionNo',
  'profileId',
  'requestIds',
  'startedAt',
  'finishedAt',
  'errorCode',
];

/** The result columns of a report: status and messages, plus ids and times for a run report. */
export function resultColumns(report: Report, withRowNumber: boolean): ResultColumn[] {
  const base: ResultColumn[] = withRowNumber ? ['row', 'status', 'messages'] : ['status', 'messages'];
  return report.summary.mode === 'run' ? [...base, ...RUN_COLUMNS] : base;
}

/** A source sheet as the writers use it; see withoutEarlierResults. */
export interface WrittenSheet extends ReportSheetSource {
  /** Per row whose earlier report said `succeeded`: that report's result cells, by column. */
  earlier: Map<number, Map<ResultColumn, string>>;
}

const RESULT_COLUMN_OF = new Map<string, ResultColumn>(
  (Object.entries(RESULT_COLUMNS) as Array<[ResultColumn, string]>).map(([column, header]) => [
    resultKey(header),
    column,
  ]),
);

function resultKey(header: string): string {
  return header.trim().toLowerCase().replace(/\s+/g, '');
}

/**
 * A sheet that is itself a report fed back in: its `Result:` columns are dropped, as the new report
 * writes its own (kept, they were doubled, and the next re-import refused the duplicate headers).
 * A row the earlier report says succeeded keeps that report's results (status, IDs) wherever
 * this run did not run it again (reason `done-before`), so `succeeded` is never lost however many times a report goes round.
 */
export function withoutEarlierResults(sheet: ReportSheetSource): WrittenSheet {
  const width = sheetWidth(sheet);
  const keep: number[] = [];
  const earlierAt = new Map<ResultColumn, number>();
  for (let i = 0; i < width; i++) {
    const header = sheet.headers[i] ?? '';
    if (!isResultHeader(header)) keep.push(i);
    else {
      const column = RESULT_COLUMN_OF.get(resultKey(header));
      if (column !== undefined && !earlierAt.has(column)) earlierAt.set(column, i);
    }
  }
  const earlier = new Map<number, Map<ResultColumn, string>>();
  if (keep.length === width) return { ...sheet, earlier };
  const statusAt = earlierAt.get('status');
  for (const row of sheet.rows) {
    if (statusAt === undefined || row.cells[statusAt]?.trim() !== 'succeeded') continue;
    const cells = new Map<ResultColumn, string>();
    for (const [column, at] of earlierAt) cells.set(column, row.cells[at] ?? '');
    earlier.set(row.row, cells);
  }
  const pick = <T>(values: readonly T[]): T[] => keep.map((i) => values[i] as T);
  return {
    ...sheet,
    headers: pick(sheet.headers),
    ...(sheet.fields && { fields: pick(sheet.fields) }),
    rows: sheet.rows.map((row) => ({
      row: row.row,
      cells: pick(row.cells).map((c) => c ?? ''),
      ...(row.hidden && { hidden: true }),
    })),
    earlier,
  };
}

/**
 * The text of a result column for a row: this report's, or, for a row done before (its earlier
 * report said succeeded), the earlier report's.
 */
export function writtenResultCell(
  sheet: WrittenSheet,
  sourceRow: number,
  row: ReportRow | undefined,
  column: ResultColumn,
  secrets: string[],
): string {
  const doneBefore = row?.messages.some((m) => m.reason === 'done-before') === true;
  const earlier = doneBefore ? sheet.earlier.get(sourceRow)?.get(column) : undefined;
  return earlier ?? resultCell(row, column, secrets);
}

/** One message as a line of text: `Admin password: too short`, warnings marked. */
export function formatMessage(message: RowMessage): string {
  const text = message.column ? `${message.column}: ${message.message}` : message.message;
  return message.level === 'error' ? text : `[${message.level}] ${text}`;
}

/** The text of one result column for one report row (empty when the row has nothing for it). */
export function resultCell(row: ReportRow | undefined, column: ResultColumn, secrets: string[]): string {
  if (!row) return '';
  switch (column) {
    case 'row':
      return String(row.row);
    case 'status':
      return row.status;
    case 'messages':
      return scrubText(row.messages.map(formatMessage).join(' | '), secrets);
    case 'requestIds':
      return row.ids?.requestIds?.join(' ') ?? '';
    case 'startedAt':
      return row.startedAt ?? '';
    case 'finishedAt':
      return row.finishedAt ?? '';
    case 'errorCode':
      return row.messages.find((m) => m.level === 'error' && m.code !== undefined)?.code ?? '';
    default:
      return row.ids?.[column] ?? '';
  }
}

/** Sheet order: the source's order, then the kinds' order, then first appearance. */
export function sortReportRows(rows: readonly ReportRow[], source?: ReportSource): ReportRow[] {
  const order = new Map<string, number>();
  source?.sheets.forEach((sheet, index) => order.set(sheet.name, index));
  const firstSeen = new Map<string, number>();
  rows.forEach((row, index) => {
    if (!firstSeen.has(row.sheet)) firstSeen.set(row.sheet, index);
  });
  const rank = (row: ReportRow): number =>
    order.get(row.sheet) ?? 1000 + SHEET_KINDS.indexOf(row.kind) * 1e7 + (firstSeen.get(row.sheet) ?? 0);
  return [...rows].sort((a, b) => rank(a) - rank(b) || a.row - b.row);
}

/** Report rows of a sheet by row number. */
export function rowsBySheet(rows: readonly ReportRow[]): Map<string, Map<number, ReportRow>> {
  const bySheet = new Map<string, Map<number, ReportRow>>();
  for (const row of rows) {
    let sheet = bySheet.get(row.sheet);
    if (!sheet) bySheet.set(row.sheet, (sheet = new Map()));
    sheet.set(row.row, row);
  }
  return bySheet;
}

/** Indexes of the columns of a sheet that hold secrets (by header or by mapped field). */
export function secretColumns(sheet: ReportSheetSource, width: number): Set<number> {
  const out = new Set<number>();
  for (let i = 0; i < width; i++) {
    const field = sheet.fields?.[i];
    if (isSecretHeader(sheet.headers[i] ?? '') || (field !== undefined && isSecretField(field))) out.add(i);
  }
  return out;
}

/** The number of columns of a sheet: its header or its widest row, whichever is wider. */
export function sheetWidth(sheet: ReportSheetSource): number {
  let width = sheet.headers.length;
  for (const row of sheet.rows) width = Math.max(width, row.cells.length);
  return width;
}

/**
 * A cell as a report writes it: masked in a secret column; elsewhere with the row's secret values
 * masked wherever they appear (a password that also landed in the email column, the cells shifted
 * by an unquoted comma). A cell that is exactly a secret is masked whole; inside longer text only
 * secrets of 6 characters or more are looked for: a short one ("abc") would mask ordinary words.
 */
export function reportCell(
  text: string,
  index: number,
  secret: Set<number>,
  secrets: readonly string[],
): string {
  if (secret.has(index)) return maskSecret(text);
  if (secrets.length === 0 || text === '') return text;
  // A short secret masks a cell that is exactly it (as the message about that cell masks it).
  if (secrets.includes(text.trim())) return maskSecret(text);
  return scrubText(
    text,
    secrets.filter((s) => s.length >= 6),
  );
}

/** The secret values a row holds, to scrub from its messages. */
export function rowSecrets(row: SourceRow | undefined, secret: Set<number>): string[] {
  if (!row) return [];
  const out: string[] = [];
  for (const index of secret) {
    const value = row.cells[index];
    if (value) out.push(value);
  }
  return out;
}
