/**
 * Finding the header row, shared by the CSV and XLSX readers. Looked past on the way down:
 * - title rows (one filled cell: "Customer onboarding, batch 7"), at most MAX_TITLE_ROWS;
 * - a group header row: names with blanks between them ("Company", "", "", "Capacity", ""), as a
 *   merged cell over several columns leaves it, when the next row is a full header row.
 * The user may also say which row holds the headers (`chosen`, the Map screen's header-row picker
 * or `--header-row`): the rows above it are skipped and said so.
 */
import type { ReadIssue } from '../model.ts';
import { headerProblems, isTitleRow, MAX_TITLE_ROWS, settleTitleRows } from './row-checks.ts';

interface Row {
  row: number;
  cells: string[];
}

const filled = (cells: readonly string[]): number => cells.filter((c) => c.trim() !== '').length;
const trimmed = (cells: readonly string[]): string[] => cells.map((c) => c.trim());
/** A number or an email address: a data row's cells, never a header's. */
const DATA_CELL = /^[-+]?\d[\d.,]*$|@/;

/** Blank cells between named ones: what a merged group header leaves in its row. */
export function hasGaps(cells: readonly string[]): boolean {
  let seenName = false;
  let gap = false;
  for (const cell of cells) {
    if (cell.trim() === '') gap = seenName;
    else if (gap) return true;
    else seenName = true;
  }
  return false;
}

function quoteNames(cells: readonly string[]): string {
  const names = cells.filter((c) => c.trim() !== '').map((c) => `'${c.trim().slice(0, 30)}'`);
  return names.slice(0, 4).join(', ') + (names.length > 4 ? ', ...' : '');
}

export class HeaderSearch<T extends Row> {
  /** The header row once found. */
  headers: T | undefined;
  /** Rows read while searching that are data: the readers yield them first. */
  readonly above: T[] = [];
  private readonly titles: T[] = [];
  private group: T | undefined;
  private readonly skipped: number[] = [];
  /** The last non-blank row fed, for a chosen header row past it. */
  private last = 0;

  constructor(
    private readonly file: string,
    private readonly sheet: string,
    private readonly issues: ReadIssue[],
    /** The 1-based row the user said holds the headers. */
    private readonly chosen?: number,
  ) {}

  /** Feeds the next non-blank row; true once the header row is found (stop feeding). */
  push(item: T): boolean {
    this.last = item.row;
    if (this.chosen !== undefined) {
      if (item.row < this.chosen) {
        this.skipped.push(item.row);
        return false;
      }
      if (item.row > this.chosen) {
        this.issues.push({
          file: this.file,
          sheet: this.sheet,
          level: 'warning',
          message: `Row ${this.chosen}, chosen as the header row, is blank: the headers are taken from row ${item.row}, the next row with text.`,
        });
      }
      return this.found(item);
    }
    if (this.group) {
      const group = this.group;
      this.group = undefined;
      const headerLike =
        headerProblems(trimmed(item.cells)) === undefined &&
        !item.cells.some((c) => DATA_CELL.test(c.trim()));
      if (headerLike && filled(item.cells) > filled(group.cells)) {
        this.issues.push({
          file: this.file,
          sheet: this.sheet,
          level: 'info',
          message: `Row ${group.row} (${quoteNames(group.cells)}) is taken as a group header above the headers on row ${item.row} and skipped; if the headers are on another row, choose it on the Map screen.`,
        });
        return this.found(item);
      }
      this.above.push(item);
      return this.found(group);
    }
    if (isTitleRow(item.cells) && this.titles.length < MAX_TITLE_ROWS) {
      this.titles.push(item);
      return false;
    }
    // Only a row the readers would refuse as a header row (blank names between names) is a candidate:
    // a report fed back in has blanks before its `Result:` columns, and is read as before.
    if (hasGaps(item.cells) && headerProblems(trimmed(item.cells)) !== undefined) {
      this.group = item;
      return false;
    }
    return this.found(item);
  }

  /** The rows ran out (or the search stopped): settles what is still open. */
  finish(): void {
    if (this.headers) return;
    if (this.chosen !== undefined && this.last > 0) {
      // Not refused here: --header-row applies to every sheet, and a short helper sheet is skipped.
      this.issues.push({
        file: this.file,
        sheet: this.sheet,
        level: 'warning',
        message: `Row ${this.chosen}, chosen as the header row, is past the last row with text (${this.last}): the sheet has no headers there.`,
      });
    }
    if (this.group) {
      const group = this.group;
      this.group = undefined;
      this.found(group);
      return;
    }
    const first = settleTitleRows(this.titles, undefined, this.file, this.sheet, this.issues);
    if (first) {
      this.headers = first;
      this.above.unshift(...this.titles);
    }
  }

  private found(item: T): true {
    this.headers = item;
    // Found rows go before any row kept as data (the one read past a group header candidate).
    settleTitleRows(this.titles, item.row, this.file, this.sheet, this.issues);
    if (this.skipped.length > 0) {
      const list =
        this.skipped.length > 3 ? `${this.skipped[0]}-${this.skipped.at(-1)}` : this.skipped.join(', ');
      this.issues.push({
        file: this.file,
        sheet: this.sheet,
        level: 'info',
        message: `Row ${list} above the chosen header row ${item.row} ${this.skipped.length > 1 ? 'are' : 'is'} skipped.`,
      });
    }
    return true;
  }
}
