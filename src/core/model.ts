/**
 * The engine's data model, shared by read → map → validate → plan → run → report.
 * Row problems are data (RowMessage); only unusable input throws (InputError).
 */
import type { RowMessage, SheetKind } from '../shared/types.ts';

/** A cell type hint from the reader, used to flag values Excel already damaged. */
export type CellType = 'string' | 'number' | 'date' | 'boolean' | 'formula' | 'error' | 'empty';

/** One data row exactly as read: every cell as the text the user sees. */
export interface SourceRow {
  /** 1-based row number in the source sheet (or line-based record number in a CSV). */
  row: number;
  cells: string[];
  /** Per-cell type hints (same indexes as `cells`), when the format has types (xlsx). */
  types?: CellType[];
  hidden?: boolean;
}

/** A problem found while reading (encoding guessed, merged cells, hidden rows...). */
export interface ReadIssue {
  file: string;
  sheet?: string;
  row?: number;
  column?: string;
  level: 'error' | 'warning' | 'info';
  message: string;
}

/** One sheet being read: its header and a one-shot async iterator over its data rows. */
export interface SheetSource {
  file: string;
  /** Sheet name; for a CSV the file's base name. */
  name: string;
  /** 1-based row number of the header row. */
  headerRow: number;
  headers: string[];
  rows: AsyncIterable<SourceRow>;
  /** Issues found so far; readers keep appending while rows are iterated. */
  issues: ReadIssue[];
  /** A CSV's delimiter, so a CSV report of it opens in the same Excel the same way. */
  delimiter?: string;
}

/** Thrown for input that cannot be used at all (not a spreadsheet, corrupt zip, empty file...). */
export class InputError extends Error {
  override readonly name = 'InputError';
  constructor(
    message: string,
    readonly file: string,
    readonly where: { sheet?: string; row?: number; column?: string } = {},
  ) {
    super(message);
  }
}

/** Where an InputError is, for a message: ` (sheet 'PBX', row 4, column 'DIDs')`, or '' when nowhere. */
export function inputErrorWhere(error: InputError): string {
  const where = [
    error.where.sheet !== undefined ? `sheet '${error.where.sheet}'` : '',
    error.where.row !== undefined ? `row ${error.where.row}` : '',
    error.where.column !== undefined ? `column '${error.where.column}'` : '',
  ].filter(Boolean);
  return where.length > 0 ? ` (${where.join(', ')})` : '';
}

/** A typed cell value after coercion by the field's schema type. */
export type FieldValue = string | number | boolean | string[] | number[] | null;

/** One mapped, coerced and validated row. */
export interface RowRecord {
  kind: SheetKind;
  sheet: string;
  row: number;
  /** Field path (e.g. `cloudPbxInitialConfigRequest.administratorSettings.username`) → cell text. */
  fields: Record<string, string>;
  /** Field path → typed value (only for cells that are not empty). */
  values: Record<string, FieldValue>;
  /** Field path → the header the user wrote, for messages. */
  headers: Record<string, string>;
  messages: RowMessage[];
}

/**
 * True when a header was added by a report (`Result: status`, `result:status`...). Here, not in
 * report/, because the readers skip these columns on a re-import and the report writers drop them.
 */
export function isResultHeader(header: string): boolean {
  return header.trim().toLowerCase().replace(/\s+/g, '').startsWith('result:');
}
