/**
 * Streaming .xlsx reader over exceljs's WorkbookReader: sheets one after another, rows as they are
 * parsed, so a 1M-row workbook never sits in memory. Each cell becomes the text the user sees
 * (cell-text.ts); formula cells give their cached result. Hidden sheets are reported.
 */
import ExcelJS from 'exceljs';
import { InputError, type CellType, type ReadIssue, type SheetSource, type SourceRow } from '../model.ts';
import { cellText } from './cell-text.ts';
import { headerProblems, isBlankRow } from './row-checks.ts';

interface StreamRow {
  number: number;
  eachCell(options: { includeEmpty: boolean }, callback: (cell: StreamCell, col: number) => void): void;
}
interface StreamCell {
  value: unknown;
  numFmt?: string;
}
interface StreamWorksheet extends AsyncIterable<StreamRow> {
  name: string;
  state?: string;
}

/** Yields one SheetSource per worksheet, in workbook order. Rows must be consumed before the next sheet. */
export async function* readXlsx(file: string): AsyncGenerator<SheetSource> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'cache',
    entries: 'ignore',
  });
  const sheets = reader as unknown as AsyncIterable<StreamWorksheet>;
  try {
    for await (const worksheet of sheets) {
      yield await openWorksheet(file, worksheet);
    }
  } catch (error) {
    if (error instanceof InputError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new InputError(
      `Cannot read the workbook: it is damaged, truncated or not a real .xlsx file (${reason.slice(0, 160)}).`,
      file,
    );
  }
}

async function openWorksheet(file: string, worksheet: StreamWorksheet): Promise<SheetSource> {
  const name = worksheet.name;
  const issues: ReadIssue[] = [];
  if (worksheet.state && worksheet.state !== 'visible') {
    issues.push({
      file,
      sheet: name,
      level: 'warning',
      message: `Sheet '${name}' is hidden in Excel; it is read anyway.`,
    });
  }
  const iterator = worksheet[Symbol.asyncIterator]();
  let headers: string[] | undefined;
  let headerRow = 0;
  for (;;) {
    const next = await iterator.next();
    if (next.done) break;
    const { cells } = rowCells(next.value);
    if (isBlankRow(cells)) continue;
    headers = trimTrailing(cells.map((h) => h.trim()));
    headerRow = next.value.number;
    break;
  }
  const rowsOf = async function* (): AsyncGenerator<SourceRow> {
    if (!headers) return;
    // Blank rows count only when data follows them: Excel keeps formatted empty rows at the end.
    let blank = 0;
    let pending = 0;
    let previous = headerRow;
    for (;;) {
      const next = await iterator.next();
      if (next.done) break;
      const { cells, types } = rowCells(next.value);
      const row = next.value.number;
      pending += Math.max(0, row - previous - 1);
      previous = row;
      if (isBlankRow(cells)) {
        pending++;
        continue;
      }
      blank += pending;
      pending = 0;
      yield { row, cells, types };
    }
    if (blank > 0)
      issues.push({ file, sheet: name, level: 'info', message: `${blank} empty row(s) skipped.` });
  };
  if (headers) {
    const problem = headerProblems(headers);
    if (problem) throw new InputError(problem, file, { sheet: name, row: headerRow });
  }
  return { file, name, headerRow, headers: headers ?? [], rows: rowsOf(), issues };
}

function rowCells(row: StreamRow): { cells: string[]; types: CellType[] } {
  const cells: string[] = [];
  const types: CellType[] = [];
  row.eachCell({ includeEmpty: false }, (cell, col) => {
    const { text, type } = cellText(cell.value, cell.numFmt);
    while (cells.length < col - 1) {
      cells.push('');
      types.push('empty');
    }
    cells.push(text);
    types.push(type);
  });
  return { cells, types };
}

function trimTrailing(cells: string[]): string[] {
  let end = cells.length;
  while (end > 0 && (cells[end - 1] ?? '') === '') end--;
  return cells.slice(0, end);
}
