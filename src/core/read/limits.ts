/**
 * The reading budgets (issue 16): how much a file may make the readers hold or do before it is
 * refused. A small hostile file (a zip bomb, a tag that never closes, a million merged ranges)
 * otherwise costs gigabytes or minutes, or crashes the process; past a budget the file is refused
 * with one InputError naming the file, the part and the limit.
 *
 * The defaults fit real sheets of 1M rows and more: the benchmark's 100k-row, 55-column xlsx
 * inflates to 191 MB of sheet XML and 17 MB of shared-string XML, so 1M rows to ~1.9 GB and
 * ~170 MB (the text kept of it, ~100 MB). `--max-input-mb N` (ReadOptions
 * `maxInputMb`) sets the budget of inflated bytes per part in MB, and every other budget grows (or
 * shrinks) in proportion, except those that are Excel's own limits (columns, cell length).
 */
import { InputError } from '../model.ts';

export interface ReadLimits {
  /** Inflated bytes of one zip part (a worksheet's XML, the shared strings...). */
  partBytes: number;
  /** Inflated bytes of all the parts read, together. */
  totalBytes: number;
  /** Entries of the shared-string table, used or not. */
  sharedStrings: number;
  /** Bytes (UTF-8) of the shared-string table's text, kept for the whole read. */
  sharedStringBytes: number;
  /** Columns of a row (Excel's limit is 16,384, column XFD). */
  columns: number;
  /** Merged ranges (`<mergeCell>`) of one sheet. */
  merges: number;
  /** Hidden column ranges (`<col min max hidden="1">`) of one sheet. */
  hiddenColumnRanges: number;
  /** Rows of one sheet (data rows read, and hidden rows listed). */
  rows: number;
  /**
   * Bytes of XML held back while waiting for the end of a tag, comment, CDATA section or cell:
   * what bounds the text copied again per piece, so time stays linear in the bytes.
   */
  heldBytes: number;
  /** How deep elements may nest (a sheet's own nest six deep). */
  nesting: number;
}

const MB = 1024 * 1024;

/** The per-part budget in MB when no option is given. */
export const DEFAULT_MAX_INPUT_MB = 4096;

const DEFAULTS: ReadLimits = {
  partBytes: DEFAULT_MAX_INPUT_MB * MB,
  totalBytes: 2 * DEFAULT_MAX_INPUT_MB * MB,
  sharedStrings: 16 * MB,
  sharedStringBytes: 320 * MB,
  columns: 16_384,
  merges: 100_000,
  hiddenColumnRanges: 16_384,
  rows: 2 * MB,
  heldBytes: 4 * MB,
  nesting: 256,
};

/** The budgets for `maxInputMb` (undefined: the defaults). */
export function readLimits(maxInputMb?: number): ReadLimits {
  if (maxInputMb === undefined) return { ...DEFAULTS };
  const scale = maxInputMb / DEFAULT_MAX_INPUT_MB;
  const scaled = (n: number, floor = 1): number => Math.max(floor, Math.round(n * scale));
  return {
    partBytes: scaled(DEFAULTS.partBytes),
    totalBytes: scaled(DEFAULTS.totalBytes),
    sharedStrings: scaled(DEFAULTS.sharedStrings),
    sharedStringBytes: scaled(DEFAULTS.sharedStringBytes),
    // Excel's own limit: more would not open in Excel either; raised, never lowered.
    columns: Math.max(DEFAULTS.columns, scaled(DEFAULTS.columns)),
    merges: scaled(DEFAULTS.merges),
    hiddenColumnRanges: Math.max(DEFAULTS.hiddenColumnRanges, scaled(DEFAULTS.hiddenColumnRanges)),
    rows: scaled(DEFAULTS.rows),
    // Enough for the longest cell Excel writes (~200 KB), whatever the scale.
    heldBytes: scaled(DEFAULTS.heldBytes, 2 * MB),
    nesting: scaled(DEFAULTS.nesting, 64),
  };
}

/** Checks `--max-input-mb`'s text: a positive number, or the reason it is not. */
export function parseMaxInputMb(text: string): number | string {
  const value = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text.trim()) || !(value > 0) || !Number.isFinite(value))
    return `--max-input-mb must be a positive number of megabytes (default ${DEFAULT_MAX_INPUT_MB})`;
  return value;
}

/** `1,048,576`. */
export function count(n: number): string {
  return n.toLocaleString('en-US');
}

/** `4 MB`, `320 MB`, `4,096 MB`. */
export function megabytes(bytes: number): string {
  const mb = bytes / MB;
  return `${mb >= 10 || Number.isInteger(mb) ? count(Math.round(mb)) : mb.toFixed(1)} MB`;
}

/**
 * The refusal of a file past a budget: which part, what went past which limit, and how to go on.
 * @param what e.g. "more than 320 MB of shared-string text"
 */
export function overBudget(
  file: string,
  part: string,
  what: string,
  where: { sheet?: string; row?: number } = {},
): InputError {
  return new InputError(
    `${part} holds ${what}, past the reading budget for one file: refused, so that a damaged or hostile file cannot exhaust memory or time. If the file is genuine and this large, raise the budgets with --max-input-mb (default ${DEFAULT_MAX_INPUT_MB}; every budget grows in proportion).`,
    file,
    where,
  );
}
