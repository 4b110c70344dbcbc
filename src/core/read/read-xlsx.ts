/**
 * Streaming .xlsx reader over exceljs's WorkbookReader: sheets one after another, rows as they are
 * parsed, so a 1M-row workbook never sits in memory. Each cell becomes the text the user sees
 * (cell-text.ts); formula cells give their cached result. Hidden sheets are reported.
 */
import ExcelJS from 'exceljs';
import { InputError, type CellType, type ReadIssue, type SheetSource, type SourceRow } from '../model.ts';
import type { Readable } from 'node:stream';
import { pushCellText } from './cell-text.ts';
import { layoutIssues, scanSheetLayout, type SheetLayout } from './sheet-layout.ts';
import { InflateBudget, listZipParts, openZipPart, worksheetPartName } from './xlsx-zip.ts';
import { SharedStrings, type RichTextValue } from './shared-strings.ts';
import { sharedStringsText, xmlText } from './xml-fixes.ts';
import { count, overBudget, readLimits, type ReadLimits } from './limits.ts';
import { FileSnapshot } from './snapshot.ts';
import type { PartContext } from './xml-guard.ts';
import { columnLetter } from '../util/column-letter.ts';
import { HeaderSearch } from './header-search.ts';
import { checkCellLength, headerProblems, isBlankRow, UnlabeledColumns } from './row-checks.ts';

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

/** The exceljs WorkbookReader steps we drive ourselves, part by part (see xlsx-zip.ts). */
interface ReaderSteps {
  workbookRels?: Array<{ Id: string; Target: string; Type?: string }>;
  model?: { sheets?: Array<{ id: number; name: string; rId: string; state?: string }> };
  properties?: { model?: { date1904?: boolean } };
  _parseRels(entry: Readable): Promise<void>;
  _parseWorkbook(entry: Readable): Promise<void>;
  _parseSharedStrings(entry: Readable): AsyncGenerator<{ index: number; text: string | RichTextValue }>;
  _parseStyles(entry: Readable): Promise<void>;
  _parseWorksheet(
    iterator: AsyncIterable<unknown>,
    sheetNo: string,
  ): Generator<{ eventType: string; value: StreamWorksheet & { id?: number } }>;
}

export interface XlsxOptions {
  /** The file, open (read-workbook.ts); else it is opened here. */
  snapshot?: FileSnapshot;
  limits?: ReadLimits;
  /** ReadOptions.headerRow, and ReadOptions.headerRows (a sheet's own, which wins). */
  headerRow?: number;
  headerRows?: Readonly<Record<string, number>>;
}

/**
 * Yields one SheetSource per worksheet, in workbook order. Rows must be consumed before the next sheet.
 * Every part is read from one open of the file, which is refused if it changed meanwhile.
 */
export async function* readXlsx(file: string, options: XlsxOptions = {}): AsyncGenerator<SheetSource> {
  const limits = options.limits ?? readLimits();
  let snapshot = options.snapshot;
  const own = snapshot === undefined;
  try {
    snapshot ??= await FileSnapshot.open(file);
    yield* readSheets(file, snapshot, limits, (sheet) => options.headerRows?.[sheet] ?? options.headerRow);
    await snapshot.check();
  } catch (error) {
    if (error instanceof InputError) throw error;
    if (snapshot === undefined) throw new InputError(cannotOpen(error), file);
    throw new InputError(
      `Cannot read the workbook: it is damaged, truncated or not a real .xlsx file (${failureReason(error)}).`,
      file,
    );
  } finally {
    if (own) await snapshot?.close();
  }
}

/** A workbook's parts, opened from its one snapshot, within one inflate budget. */
interface WorkbookParts {
  open(name: string): Promise<Readable | undefined>;
  context(name: string, sheet?: string): PartContext;
}

async function* readSheets(
  file: string,
  snapshot: FileSnapshot,
  limits: ReadLimits,
  headerRow: (sheet: string) => number | undefined,
): AsyncGenerator<SheetSource> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {
    worksheets: 'emit',
    // Emitted to us, kept compact (shared-strings.ts); cells then carry { sharedString: index }.
    sharedStrings: 'emit',
    hyperlinks: 'ignore',
    styles: 'cache',
    entries: 'ignore',
  }) as unknown as ReaderSteps;
  const { handle } = snapshot;
  const found = await listZipParts(handle);
  const budget = new InflateBudget(file, limits);
  const parts: WorkbookParts = {
    async open(name) {
      const entry = found.get(name);
      return entry ? openZipPart(handle, entry, budget) : undefined;
    },
    context: (name, sheet) => ({ file, part: name, limits, ...(sheet !== undefined && { sheet }) }),
  };
  const strings = await readWorkbookParts(reader, parts);
  const date1904 = reader.properties?.model?.date1904 === true;
  for (const sheet of reader.model?.sheets ?? []) {
    const rel = reader.workbookRels?.find((r) => r.Id === sheet.rId);
    const name = rel === undefined ? undefined : worksheetPartName(rel.Target);
    const stream = name === undefined ? undefined : await parts.open(name);
    if (!stream) {
      // A chart sheet has no cells; a worksheet whose part is missing lost all its rows.
      if (rel?.Type?.endsWith('/worksheet')) {
        throw new InputError(
          `Sheet '${sheet.name}' is listed in the workbook, but its data (${name ?? rel.Target}) is missing from the file: it is damaged. Open it in Excel and save it again.`,
          file,
          { sheet: sheet.name },
        );
      }
      continue;
    }
    const scanned = scanSheetLayout(stream, parts.context(name ?? '', sheet.name));
    for (const event of reader._parseWorksheet(scanned.stream, /(\d+)\.xml$/.exec(name ?? '')?.[1] ?? '0')) {
      const worksheet = event.value;
      // Named from the workbook ourselves: exceljs misses targets written as absolute paths.
      worksheet.name = sheet.name;
      if (sheet.state !== undefined) worksheet.state = sheet.state;
      const layout = scanned.layout;
      const given = headerRow(sheet.name);
      yield await openWorksheet(worksheet, {
        file,
        part: name ?? '',
        limits,
        snapshot,
        layout,
        strings,
        date1904,
        ...(given !== undefined && { givenHeaderRow: given }),
      });
    }
  }
}

/** The workbook's relations, sheet list, string table and styles, before its sheets. */
async function readWorkbookParts(reader: ReaderSteps, parts: WorkbookParts): Promise<SharedStrings> {
  const rels = await parts.open('xl/_rels/workbook.xml.rels');
  const workbook = await parts.open('xl/workbook.xml');
  if (!rels || !workbook) throw new Error('no xl/workbook.xml: this zip is not an Excel workbook');
  await reader._parseRels(xmlText(rels, 'Relationships', false, parts.context('xl/_rels/workbook.xml.rels')));
  await reader._parseWorkbook(xmlText(workbook, 'workbook', false, parts.context('xl/workbook.xml')));
  const strings = new SharedStrings(parts.context('xl/sharedStrings.xml'));
  const stringsPart = await parts.open('xl/sharedStrings.xml');
  if (stringsPart) {
    const text = sharedStringsText(stringsPart, parts.context('xl/sharedStrings.xml'));
    for await (const entry of reader._parseSharedStrings(text)) strings.push(entry.text);
  }
  strings.finish();
  const styles = await parts.open('xl/styles.xml');
  if (styles) await reader._parseStyles(xmlText(styles, 'styleSheet', false, parts.context('xl/styles.xml')));
  return strings;
}

function cannotOpen(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return `The file cannot be read (${code ?? 'unknown error'}).`;
}

/**
 * What went wrong, for a message: the XML parser's own words, or, where exceljs itself tripped on
 * XML it did not expect (a TypeError, an 'Invalid Address'), what that means for the user.
 */
function failureReason(error: unknown): string {
  const reason = error instanceof Error ? error.message.replace(/\s+/g, ' ') : String(error);
  if (error instanceof TypeError || /Invalid Address/i.test(reason)) {
    return 'its XML is not laid out as Excel writes it, for example rows or cells that leave out their addresses part-way; open it in Excel or LibreOffice and save it again';
  }
  return reason.slice(0, 160);
}

/** One worksheet being read: what its header search and its rows share. */
interface XlsxSheet {
  file: string;
  name: string;
  /** The worksheet's part in the zip, for budget messages. */
  part: string;
  limits: ReadLimits;
  snapshot: FileSnapshot;
  layout: SheetLayout;
  strings: SharedStrings;
  date1904: boolean;
  /** ReadOptions.headerRow: the headers are on this row, and the rows above it are skipped. */
  givenHeaderRow?: number;
  issues: ReadIssue[];
  rows: AsyncIterator<StreamRow>;
  /** Rows read while looking for the headers that are data (header-search.ts): read first. */
  above: Array<{ row: number; cells: string[]; types: CellType[] }>;
}

type WorksheetParts = Omit<XlsxSheet, 'name' | 'issues' | 'rows' | 'above'>;

async function openWorksheet(worksheet: StreamWorksheet, parts: WorksheetParts): Promise<SheetSource> {
  const { file } = parts;
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
  const sheet: XlsxSheet = { ...parts, name, issues, rows: worksheet[Symbol.asyncIterator](), above: [] };
  // Titles and a merged group header above the headers are looked past, or the rows above the one
  // the user gave skipped (header-search.ts); rows read past the header row come first as data.
  const search = new HeaderSearch<XlsxSheet['above'][number]>(file, name, issues, sheet.givenHeaderRow);
  for (;;) {
    const next = await sheet.rows.next();
    if (next.done) break;
    const { cells, types } = rowCells(sheet, next.value);
    if (isBlankRow(cells)) continue;
    if (search.push({ row: next.value.number, cells, types })) break;
  }
  search.finish();
  sheet.above.push(...search.above);
  const headers = search.headers && trimTrailing(search.headers.cells.map((h) => h.trim()));
  const headerRow = search.headers?.row ?? 0;
  if (headers) {
    const problem = headerProblems(headers);
    if (problem) throw new InputError(problem, file, { sheet: name, row: headerRow });
  }
  const rows = headers ? xlsxRows(sheet, headers, headerRow) : noRows();
  return { file, name, headerRow, headers: headers ?? [], rows, issues };
}

async function* noRows(): AsyncGenerator<SourceRow> {}

/** The data rows, in order, with budgets and checks; the notes about the whole sheet at the end. */
async function* xlsxRows(sheet: XlsxSheet, headers: string[], headerRow: number): AsyncGenerator<SourceRow> {
  const { file, name, limits, layout } = sheet;
  // Blank rows count only when data follows them: Excel keeps formatted empty rows at the end.
  let blank = 0;
  let pending = 0;
  let previous = headerRow;
  let read = 0;
  const hidden: number[] = [];
  let hiddenCount = 0;
  const unlabeled = new UnlabeledColumns(headers, true);
  for (;;) {
    // Rows read while looking for the headers come first.
    const item = sheet.above.shift() ?? (await nextRow(sheet, previous));
    if (!item) break;
    const { cells, types, row } = item;
    // Excel writes rows in order; a number that repeats or goes back would mix two rows' results.
    if (!(row > previous)) throw damaged(file, name, previous, `row ${row} comes after row ${previous}`);
    pending += Math.max(0, row - previous - 1);
    previous = row;
    if (isBlankRow(cells)) {
      pending++;
      continue;
    }
    blank += pending;
    pending = 0;
    if (++read > limits.rows)
      throw overBudget(file, sheet.part, `more than ${count(limits.rows)} rows`, { sheet: name, row });
    checkCellLength(file, name, row, cells, headers);
    unlabeled.add(row, cells);
    if (layout.hiddenRows.has(row)) {
      if (hidden.length < 11) hidden.push(row);
      hiddenCount++;
      yield { row, cells, types, hidden: true };
    } else yield { row, cells, types };
  }
  const issues = sheet.issues;
  if (hiddenCount > 0) {
    const list = hidden.slice(0, 10).join(', ') + (hiddenCount > 10 ? ', ...' : '');
    issues.push({
      file,
      sheet: name,
      level: 'warning',
      message: `${hiddenCount} hidden row(s) (${list}) were read and checked like the others; unhide them in Excel to see them.`,
    });
  }
  for (const issue of unlabeled.issues(file, name)) issues.push(issue);
  for (const issue of layoutIssues(layout, headers, headerRow, file, name)) issues.push(issue);
  if (blank > 0) issues.push({ file, sheet: name, level: 'info', message: `${blank} empty row(s) skipped.` });
}

/**
 * The next row from exceljs, or undefined at the end of a sheet that ends as it should (else it
 * is damaged), in the file first opened (else it is refused).
 */
async function nextRow(
  sheet: XlsxSheet,
  previous: number,
): Promise<{ row: number; cells: string[]; types: CellType[] } | undefined> {
  let next: IteratorResult<StreamRow>;
  try {
    next = await sheet.rows.next();
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw damaged(sheet.file, sheet.name, previous, failureReason(error));
  }
  if (!next.done) return { row: next.value.number, ...rowCells(sheet, next.value) };
  if (!sheet.layout.complete)
    throw damaged(sheet.file, sheet.name, previous, 'the sheet ends before its last row');
  // Rows of another version of the file must not pass for this one's.
  await sheet.snapshot.check();
  return undefined;
}

/** A worksheet whose XML breaks off or is malformed part-way: its rows after `row` cannot be read. */
function damaged(file: string, sheet: string, row: number, reason: string): InputError {
  return new InputError(
    `Sheet '${sheet}' is damaged after row ${row} (${reason}); the rows after it cannot be read. Open the workbook in Excel and save it again.`,
    file,
    { sheet, row: row + 1 },
  );
}

function rowCells(sheet: XlsxSheet, row: StreamRow): { cells: string[]; types: CellType[] } {
  const { file, part, limits, strings, name } = sheet;
  const cells: string[] = [];
  const types: CellType[] = [];
  row.eachCell({ includeEmpty: false }, (cell, col) => {
    // Cells are laid out up to their column: one at column 1,000,000 would make a million.
    if (col > limits.columns)
      throw overBudget(
        file,
        part,
        `a cell in column ${count(col)}, past the last of ${count(limits.columns)} columns (Excel's is XFD, 16,384)`,
        { sheet: name, row: row.number },
      );
    while (cells.length < col - 1) {
      cells.push('');
      types.push('empty');
    }
    let value = cell.value;
    if (isSharedString(value)) {
      const index = value.sharedString;
      value = strings.get(index);
      // Read as empty, the cell's value would be lost without a word. (A cell with no index at
      // all, `<v/>`, holds nothing: empty.)
      if (value === undefined && Number.isInteger(index)) {
        throw new InputError(
          `Sheet '${name}' is damaged: cell ${columnLetter(col - 1)}${row.number} refers to text number ${index} of the workbook's string table, which ${strings.size === 0 ? 'is missing' : `holds ${strings.size} entries`}, so its value cannot be read. Open the workbook in Excel and save it again.`,
          file,
          { sheet: name, row: row.number },
        );
      }
    }
    pushCellText(cells, types, value, cell.numFmt, sheet.date1904);
  });
  return { cells, types };
}

function isSharedString(value: unknown): value is { sharedString: number } {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { sharedString?: unknown }).sharedString === 'number'
  );
}

function trimTrailing(cells: string[]): string[] {
  let end = cells.length;
  while (end > 0 && (cells[end - 1] ?? '') === '') end--;
  return cells.slice(0, end);
}
