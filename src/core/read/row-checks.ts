/** Checks shared by the CSV and XLSX readers: blank rows, header sanity, Excel's cell size limit. */
import { InputError, isResultHeader, type ReadIssue } from '../model.ts';
import { columnLetter } from '../util/column-letter.ts';

/** Excel cannot hold more than 32,767 characters in a cell; a longer one is not a real value. */
export const MAX_CELL_CHARS = 32_767;

/** Longer than any column name: a header row this long is not one (a 5 MB "header" is data). */
const MAX_HEADER_CHARS = 1_000;

export function isBlankRow(cells: readonly string[]): boolean {
  return cells.every((cell) => cell.trim() === '');
}

/** Title rows looked past when finding the header row (a title and a subtitle, say). */
export const MAX_TITLE_ROWS = 3;

/** A row of one filled cell: above the headers, a sheet title rather than the header row. */
export function isTitleRow(cells: readonly string[]): boolean {
  let filled = 0;
  for (const cell of cells) if (cell.trim() !== '' && ++filled > 1) return false;
  return filled === 1;
}

/**
 * After the search for the header row, the one-cell rows read above it (`above`): with a header row
 * found, they were a title, said in `issues` and dropped; without one, the first is the header row
 * of a one-column sheet (returned) and the others stay in `above` as its first data rows.
 */
export function settleTitleRows<T extends { row: number; cells: readonly string[] }>(
  above: T[],
  headerRow: number | undefined,
  file: string,
  sheet: string,
  issues: ReadIssue[],
): T | undefined {
  if (headerRow === undefined) return above.shift();
  if (above.length > 0) issues.push(titleIssue(file, sheet, above, headerRow));
  above.length = 0;
  return undefined;
}

/** Says which rows above the headers were taken as a title. */
function titleIssue(
  file: string,
  sheet: string,
  rows: ReadonlyArray<{ row: number; cells: readonly string[] }>,
  headerRow: number,
): ReadIssue {
  const text = (rows[0]?.cells.find((c) => c.trim() !== '') ?? '').trim();
  const quoted = text.length > 60 ? `${text.slice(0, 59)}…` : text;
  return {
    file,
    sheet,
    level: 'info',
    message: `Row ${rows.map((r) => r.row).join(', ')} ('${quoted}') above the headers is taken as a title and skipped; the headers are on row ${headerRow}.`,
  };
}

/** Returns why a header row cannot be used (duplicates, blanks between names), or undefined. */
export function headerProblems(headers: readonly string[]): string | undefined {
  const seen = new Map<string, number>();
  // Our reports add their `Result:` columns after the user's widest row: blank headers before
  // them are the user's unlabelled columns, accepted (with a warning) as in the file first read.
  const lastNamed = findLastIndex(headers, (h) => h.trim() !== '' && !isResultHeader(h.trim()));
  // A table may start in column B or later (SheetJS origin, a margin column): blanks before the
  // first name are not a problem, blanks between names are.
  const firstNamed = headers.findIndex((h) => h.trim() !== '');
  const long = headers.findIndex((h) => h.length > MAX_HEADER_CHARS);
  if (long >= 0) {
    return `The header in column ${columnLetter(long)} has ${(headers[long] ?? '').length.toLocaleString('en-US')} characters; a column name is a few words (check the delimiter or quoting of the first row).`;
  }
  for (let i = Math.max(firstNamed, 0); i <= lastNamed; i++) {
    const header = (headers[i] ?? '').trim();
    if (header === '') {
      return `The header row has an empty column name in column ${columnLetter(i)}; name it or delete the column.`;
    }
    const key = header.toLowerCase();
    const first = seen.get(key);
    if (first !== undefined) {
      return `The header '${header}' appears twice (columns ${columnLetter(first)} and ${columnLetter(i)}); rename or remove one.`;
    }
    seen.set(key, i);
  }
  return undefined;
}

export function checkCellLength(
  file: string,
  sheet: string,
  row: number,
  cells: readonly string[],
  headers: readonly string[],
): void {
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i] ?? '';
    if (cell.length > MAX_CELL_CHARS) {
      const column = headers[i] ?? columnLetter(i);
      throw new InputError(
        `The cell in column '${column}' has ${cell.length.toLocaleString('en-US')} characters, over Excel's limit of 32,767; this is not a PBX sheet value (check the delimiter or quoting).`,
        file,
        { sheet, row, column },
      );
    }
  }
}

function findLastIndex<T>(items: readonly T[], test: (item: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i];
    if (item !== undefined && test(item)) return i;
  }
  return -1;
}

/**
 * Values in columns that have no header: before the first header (a table may start in column B,
 * but then column A must be empty), after the last one, or, with `beyondHeader`, past the header
 * row's end. They map to no field and are neither checked nor sent, so the user is told, once per
 * column with the rows that hold values there.
 */
export class UnlabeledColumns {
  private readonly first: number;
  private readonly last: number;
  private readonly found = new Map<number, { count: number; rows: number[] }>();

  constructor(
    headers: readonly string[],
    /** Also look past the header row's last cell (the CSV reader warns about those rows itself). */
    private readonly beyondHeader: boolean,
    private readonly headerCount = headers.length,
  ) {
    this.first = Math.max(
      0,
      headers.findIndex((h) => h.trim() !== ''),
    );
    this.last = findLastIndex(headers, (h) => h.trim() !== '');
    // Blank headers between named ones: only before a report's `Result:` columns (headerProblems
    // refuses any other), where the user's own unlabelled columns were.
    for (let i = this.first; i < this.last; i++) if ((headers[i] ?? '').trim() === '') this.gaps.push(i);
  }

  private readonly gaps: number[] = [];

  add(row: number, cells: readonly string[]): void {
    const end = this.beyondHeader ? cells.length : Math.min(cells.length, this.headerCount);
    for (let i = 0; i < this.first; i++) this.note(i, row, cells[i]);
    for (const i of this.gaps) this.note(i, row, cells[i]);
    for (let i = this.last + 1; i < end; i++) this.note(i, row, cells[i]);
  }

  issues(file: string, sheet: string): ReadIssue[] {
    return [...this.found].map(([column, { count, rows }]) => ({
      file,
      sheet,
      level: 'warning',
      message: `Column ${columnLetter(column)} has no header, but ${count} row(s) have a value in it (row ${rows.join(', ')}${count > rows.length ? ', ...' : ''}); those values are not checked or sent. Give the column a header, or delete it.`,
    }));
  }

  private note(column: number, row: number, cell: string | undefined): void {
    if (cell === undefined || cell.trim() === '') return;
    let found = this.found.get(column);
    if (!found) this.found.set(column, (found = { count: 0, rows: [] }));
    found.count++;
    if (found.rows.length < ROWS_NAMED) found.rows.push(row);
  }
}

/** Rows named per unlabeled column in the message. */
const ROWS_NAMED = 5;
