/**
 * XLSX reports, written with exceljs's streaming WorkbookWriter so 100k rows never sit in memory
 * as a workbook: each row is serialised as soon as it is committed.
 *
 * With a source, one worksheet per input sheet: the user's header and data rows at their original
 * row numbers, every cell stored as a string (so `00123` and `+12025550101` stay exactly as typed),
 * then the `Result: ...` columns. Cells a message names are filled red (error) or amber (warning)
 * and carry the message as a note; the status cell is coloured by status. Without a source, one
 * "Rows" worksheet in the generic layout of the CSV report. A "Summary" worksheet comes last (last,
 * so a re-import that looks at the first sheet still finds the user's data).
 *
 * Sparse sheets: rows are opened through rowAt, never with a bare getRow, so the time taken does not
 * depend on the empty rows between data rows (see rowAt). A row past Excel's last row (1,048,576;
 * only a file no Excel wrote has one) cannot keep its number: it goes after the last row that fits,
 * and its sheet gets a `Result: row` column with every row's number in the source, as a CSV report has.
 *
 * Notes: the streaming writer supports cell notes (exceljs 3.1.0, PR #911), but buffers a sheet's
 * notes in memory until the sheet is finished; past MAX_NOTES_PER_SHEET notes, cells are still
 * highlighted and the text is in the `Result: messages` column, but no more notes are added.
 */
import ExcelJS from 'exceljs';
import type { Cell, CellValue, Row, Worksheet } from 'exceljs';
import type { Report, ReportRow, RowMessage, RowStatus } from '../../shared/types.ts';
import { writeAtomically } from '../util/atomic-file.ts';
import { clipCell as clip, safeCell, scrubText } from '../util/cell-safety.ts';
import type { ReportSheetSource, ReportSource, ResultColumn, WrittenSheet } from './report-layout.ts';
import {
  RESULT_COLUMNS,
  formatMessage,
  resultCell,
  resultColumns,
  rowSecrets,
  rowsBySheet,
  reportCell,
  secretColumns,
  sheetWidth,
  sortReportRows,
  withoutEarlierResults,
  writtenResultCell,
} from './report-layout.ts';
import { writeSummarySheet } from './xlsx-summary.ts';

/** Beyond this many notes in one sheet, messages stay in the messages column only (see above). */
export const MAX_NOTES_PER_SHEET = 10_000;

/** Excel's last column is XFD. */
const MAX_COLUMNS = 16_384;

/** Excel's last row. */
export const MAX_XLSX_ROW = 1_048_576;

/** The two fields of exceljs's streaming WorksheetWriter that rowAt moves (exceljs 4.4.0). */
interface PendingRows {
  /** Rows opened and not yet written, indexed from `_rowZero`; null once the sheet is committed. */
  _rows?: unknown[] | null;
  /** The number of the first row not yet written. */
  _rowZero?: number;
}

/**
 * Row `number` of a streaming worksheet, opened so that the empty rows before it cost nothing.
 *
 * exceljs's WorksheetWriter keeps open rows in an array indexed from its first unwritten row: a
 * getRow(50_000) right after row 3 makes a 49,997-slot holey array, and committing it shifts that
 * array once per empty slot, so the time grows with the square of the gap (87 s for one stray cell
 * at row 50,000; row 2,000,000,000 never ends). When no row is pending, every row before `number`
 * is empty and will never be written, so the writer is told they are done: its first unwritten
 * row becomes `number`, which is what its own commit does once it has shifted past them. Should
 * exceljs change those fields, this is plain getRow (slow on sparse sheets, never wrong); the
 * sparse-sheet test catches that.
 */
export function rowAt(sheet: Worksheet, number: number): Row {
  const pending = sheet as unknown as PendingRows;
  if (Array.isArray(pending._rows) && pending._rows.length === 0 && typeof pending._rowZero === 'number') {
    if (number > pending._rowZero) pending._rowZero = number;
  }
  return sheet.getRow(number);
}

const COLOURS = {
  red: 'FFFFC7CE',
  green: 'FFC6EFCE',
  grey: 'FFD9D9D9',
  amber: 'FFFFEB9C',
  header: 'FFDDEBF7',
};

const STATUS_COLOUR: Record<RowStatus, string> = {
  valid: COLOURS.green,
  succeeded: COLOURS.green,
  invalid: COLOURS.red,
  failed: COLOURS.red,
  skipped: COLOURS.grey,
  unknown: COLOURS.amber,
  pending: COLOURS.amber,
};

/** Fills a cell with a solid colour. */
export function fillCell(cell: Cell, argb: string): void {
  cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb } };
}

/**
 * A cell value that keeps the text exactly. Plain strings are written as `<v>` of a `t="str"`
 * cell, whose edge spaces some readers (LibreOffice) drop; text with leading or trailing
 * whitespace is written as an inline rich string, which carries `xml:space="preserve"`.
 */
export function textValue(text: string): CellValue {
  const clipped = clip(text);
  return /^\s|\s$/.test(clipped) ? { richText: [{ text: clipped }] } : clipped;
}

/** Writes an XLSX report atomically; see the file comment for the layout. */
export async function writeXlsxReport(out: string, report: Report, source?: ReportSource): Promise<void> {
  const resultCount = resultColumns(report, false).length;
  for (const sheet of source?.sheets ?? []) {
    const columns = sheetWidth(withoutEarlierResults(sheet)) + resultCount + (pastExcel(sheet) ? 1 : 0);
    if (columns > MAX_COLUMNS) {
      throw new Error(
        `Cannot write the report ${out}: sheet '${sheet.name}' would have ${columns.toLocaleString('en-US')} columns, more than Excel's ${MAX_COLUMNS.toLocaleString('en-US')}. Write it as .csv instead.`,
      );
    }
  }
  await writeAtomically(out, async (temp) => {
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: temp, useStyles: true });
    const names = new Set<string>();
    if (source && source.sheets.length > 0) {
      const bySheet = rowsBySheet(report.rows);
      for (const sheet of source.sheets) {
        const name = uniqueSheetName(sheet.name, names);
        const written = withoutEarlierResults(sheet);
        writeSourceSheet(addSheet(workbook, name, sheet.headerRow), report, written, bySheet.get(sheet.name));
      }
    } else {
      writeGenericSheet(addSheet(workbook, uniqueSheetName('Rows', names), 1), report);
    }
    writeSummarySheet(workbook.addWorksheet(uniqueSheetName('Summary', names)), report);
    await workbook.commit();
  });
}

/**
 * A valid, unused worksheet name (Excel's rules): no `[]:*?/\`, no apostrophe first or last, at most
 * 31 characters, and not "History", which Excel keeps for itself.
 */
function uniqueSheetName(wanted: string, used: Set<string>): string {
  const base =
    wanted
      .replace(/[[\]:*?/\\]/g, '_')
      .slice(0, 31)
      .replace(/^'|'$/g, '_') || 'Sheet';
  let name = base;
  for (let n = 2; used.has(name.toLowerCase()) || name.toLowerCase() === 'history'; n++)
    name = `${base.slice(0, 27)} (${n})`;
  used.add(name.toLowerCase());
  return name;
}

/** True when a sheet has rows past Excel's last row (see the file comment). */
function pastExcel(sheet: ReportSheetSource): boolean {
  return sheet.rows.some((row) => row.row > MAX_XLSX_ROW);
}

function setHeader(sheet: Worksheet, rowNumber: number, headers: string[], firstResult: number): void {
  const row = rowAt(sheet, rowNumber);
  headers.forEach((header, i) => {
    const cell = row.getCell(i + 1);
    cell.value = textValue(safeCell(header));
    cell.font = { bold: true };
    if (i >= firstResult) fillCell(cell, COLOURS.header);
  });
  row.commit();
}

/** A worksheet whose header row stays in view (the streaming writer takes views only here). */
function addSheet(workbook: ExcelJS.stream.xlsx.WorkbookWriter, name: string, headerRow: number): Worksheet {
  return workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: headerRow, xSplit: 0 }] });
}

function setup(sheet: Worksheet, headerRow: number, widths: number[]): void {
  sheet.columns = widths.map((width) => ({ width }));
  sheet.autoFilter = { from: { row: headerRow, column: 1 }, to: { row: headerRow, column: widths.length } };
}

function resultWidth(column: ResultColumn): number {
  return column === 'messages' ? 60 : column === 'status' || column === 'row' ? 14 : 22;
}

/** Index of the column a message names: exact header first, then case/space-insensitive. */
function columnIndex(headers: string[]): (column: string) => number | undefined {
  const exact = new Map<string, number>();
  const loose = new Map<string, number>();
  headers.forEach((header, i) => {
    if (!exact.has(header)) exact.set(header, i);
    const key = header.trim().toLowerCase();
    if (!loose.has(key)) loose.set(key, i);
  });
  return (column) => exact.get(column) ?? loose.get(column.trim().toLowerCase());
}

function writeSourceSheet(
  sheet: Worksheet,
  report: Report,
  source: WrittenSheet,
  reportRows: Map<number, ReportRow> | undefined,
): void {
  const overflow = pastExcel(source);
  const columns: ResultColumn[] = [...(overflow ? ['row' as const] : []), ...resultColumns(report, false)];
  const width = sheetWidth(source);
  const headers = Array.from({ length: width }, (_, i) => source.headers[i] ?? '');
  const secret = secretColumns(source, width);
  const findColumn = columnIndex(headers);
  setup(sheet, source.headerRow, [
    ...headers.map((h) => Math.min(Math.max(h.length + 2, 10), 40)),
    ...columns.map(resultWidth),
  ]);
  setHeader(sheet, source.headerRow, [...headers, ...columns.map((c) => RESULT_COLUMNS[c])], width);
  let notes = 0;
  // The last source row written, and the last worksheet row written (the same, but past Excel's last row).
  let written = source.headerRow;
  let lastRow = source.headerRow;
  const extra = new Map(reportRows);
  for (const sourceRow of [...source.rows].sort((a, b) => a.row - b.row)) {
    if (sourceRow.row <= written) continue; // a streamed sheet cannot go back; duplicates are impossible anyway
    written = sourceRow.row;
    lastRow = sourceRow.row <= MAX_XLSX_ROW ? sourceRow.row : lastRow + 1;
    const reportRow = reportRows?.get(sourceRow.row);
    extra.delete(sourceRow.row);
    const secrets = rowSecrets(sourceRow, secret);
    const row = rowAt(sheet, lastRow);
    for (let i = 0; i < width; i++) {
      const text = sourceRow.cells[i] ?? '';
      if (text !== '') row.getCell(i + 1).value = textValue(safeCell(reportCell(text, i, secret, secrets)));
    }
    // Messages that name a column of this sheet: highlight that cell, message as a note.
    const byColumn = new Map<number, RowMessage[]>();
    for (const message of reportRow?.messages ?? []) {
      const index = message.column === undefined ? undefined : findColumn(message.column);
      if (index !== undefined) byColumn.set(index, [...(byColumn.get(index) ?? []), message]);
    }
    for (const [index, messages] of byColumn) {
      const cell = row.getCell(index + 1);
      fillCell(cell, messages.some((m) => m.level === 'error') ? COLOURS.red : COLOURS.amber);
      if (notes < MAX_NOTES_PER_SHEET) {
        cell.note = clip(scrubText(messages.map(formatMessage).join('\n'), secrets));
        notes++;
      }
    }
    writeResultCells(row.getCell.bind(row), width, columns, reportRow, (column) =>
      column === 'row'
        ? String(sourceRow.row)
        : writtenResultCell(source, sourceRow.row, reportRow, column, secrets),
    );
    row.commit();
  }
  // Report rows with no source cells (should not happen) are appended rather than lost.
  for (const reportRow of [...extra.values()].sort((a, b) => a.row - b.row)) {
    const row = rowAt(sheet, ++lastRow);
    writeResultCells(row.getCell.bind(row), width, columns, reportRow, (column) =>
      resultCell(reportRow, column, []),
    );
    row.commit();
  }
  sheet.commit();
}

function writeResultCells(
  getCell: (column: number) => Cell,
  offset: number,
  columns: ResultColumn[],
  reportRow: ReportRow | undefined,
  textOf: (column: ResultColumn) => string,
): void {
  columns.forEach((column, i) => {
    const text = textOf(column);
    if (text === '') return;
    const cell = getCell(offset + i + 1);
    cell.value = textValue(safeCell(text));
    const status = STATUS_COLOUR[text as RowStatus] as string | undefined;
    if (column === 'status' && reportRow && status !== undefined) fillCell(cell, status);
    if (column === 'messages') cell.alignment = { wrapText: false, vertical: 'top' };
  });
}

/** No source: one row per report row, `sheet, kind` then the result columns. */
function writeGenericSheet(sheet: Worksheet, report: Report): void {
  const columns = resultColumns(report, true);
  setup(sheet, 1, [16, 12, ...columns.map(resultWidth)]);
  setHeader(sheet, 1, ['sheet', 'kind', ...columns.map((c) => RESULT_COLUMNS[c])], 2);
  for (const reportRow of sortReportRows(report.rows)) {
    const row = sheet.addRow([safeCell(reportRow.sheet), reportRow.kind]);
    writeResultCells(row.getCell.bind(row), 2, columns, reportRow, (column) =>
      resultCell(reportRow, column, []),
    );
    row.commit();
  }
  sheet.commit();
}
