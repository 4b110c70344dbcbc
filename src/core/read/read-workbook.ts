/**
 * One entry point for every input file: recognises the format from its bytes (not its name),
 * refuses what cannot be read with one clear InputError, and yields the sheets to read.
 */
import { stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { InputError, type SheetSource } from '../model.ts';
import { readCsv } from './read-csv.ts';
import { readHead, sniffFormat } from './detect.ts';
import { readLimits } from './limits.ts';
import { readXlsx } from './read-xlsx.ts';
import { FileSnapshot } from './snapshot.ts';

export interface ReadOptions {
  /** Only this sheet (case-insensitive); an error lists the sheets when it is missing. */
  sheet?: string;
  /** CSV only: force an encoding (utf8, utf16le, utf16be, win1252). */
  encoding?: string;
  /** CSV only: force a delimiter. */
  delimiter?: string;
  /**
   * The reading budget of inflated bytes per part, in MB (default 4096); every other budget
   * (limits.ts) grows or shrinks in proportion. `--max-input-mb`.
   */
  maxInputMb?: number;
  /**
   * Sheet name (a CSV's: its file name) → the 1-based row that holds the headers, where the user
   * says so (the Map screen); wins over `headerRow` for that sheet. Otherwise the row is found.
   */
  headerRows?: Readonly<Record<string, number>>;
  /**
   * The row the headers are on (1-based), when the rows above them are not one-cell titles (a
   * merged group-header row, `--header-row`); the rows above it are skipped. Found by default.
   */
  headerRow?: number;
}

/** The reading options among a caller's options (validate's), the ones given only. */
export function readOptionsOf(o: ReadOptions): ReadOptions {
  return {
    ...(o.sheet !== undefined && { sheet: o.sheet }),
    ...(o.encoding !== undefined && { encoding: o.encoding }),
    ...(o.delimiter !== undefined && { delimiter: o.delimiter }),
    ...(o.maxInputMb !== undefined && { maxInputMb: o.maxInputMb }),
    ...(o.headerRows !== undefined && { headerRows: o.headerRows }),
    ...(o.headerRow !== undefined && { headerRow: o.headerRow }),
  };
}

const TEXT_EXTENSIONS = new Set(['.csv', '.tsv', '.txt']);

/** Yields the file's sheets. Throws InputError for unusable input, never a raw stack. */
export async function* readWorkbook(file: string, options: ReadOptions = {}): AsyncGenerator<SheetSource> {
  // Not opened unless a regular file: opening a named pipe would wait for a writer.
  try {
    if (!(await stat(file)).isFile()) throw new InputError('This is not a file.', file);
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError('The file does not exist or cannot be opened.', file);
  }
  // Opened once: every reader reads this snapshot, and refuses the file if it changed meanwhile.
  let snapshot: FileSnapshot;
  try {
    snapshot = await FileSnapshot.open(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR' || code === undefined)
      throw new InputError(
        code === 'EISDIR' ? 'This is not a file.' : 'The file does not exist or cannot be opened.',
        file,
      );
    throw new InputError(cannotRead(code), file);
  }
  try {
    yield* readSnapshot(file, snapshot, options);
  } finally {
    await snapshot.close();
  }
}

async function* readSnapshot(
  file: string,
  snapshot: FileSnapshot,
  options: ReadOptions,
): AsyncGenerator<SheetSource> {
  if (!snapshot.isFile) throw new InputError('This is not a file.', file);
  if (snapshot.size === 0) throw new InputError('The file is empty (0 bytes).', file);
  const limits = readLimits(options.maxInputMb);
  const ext = extname(file).toLowerCase();
  let head: Buffer;
  try {
    head = await readHead(snapshot.handle, 4096);
  } catch (error) {
    throw new InputError(cannotRead((error as NodeJS.ErrnoException).code), file);
  }
  const format = sniffFormat(head);
  switch (format) {
    case 'xls':
      throw new InputError(
        'This is an old .xls workbook or a password-protected .xlsx. Remove the password and save it as .xlsx (Excel Workbook) or CSV UTF-8.',
        file,
      );
    case 'ods':
      throw new InputError(
        'This is an OpenDocument spreadsheet (.ods). Save it as .xlsx or CSV UTF-8.',
        file,
      );
    case 'pdf':
    case 'unknown-binary':
      throw new InputError(
        `This is not a spreadsheet${ext ? ` (the '${ext}' file holds binary data)` : ''}. Use an .xlsx workbook or a CSV/TSV text file.`,
        file,
      );
    case 'csv':
      if (ext === '.xlsx' || ext === '.xlsm') {
        throw new InputError(
          `The file is named '${ext}' but is plain text, not an Excel workbook. Rename it to .csv if it is a CSV export.`,
          file,
        );
      }
      if (ext !== '' && !TEXT_EXTENSIONS.has(ext)) {
        throw new InputError(`Unsupported file type '${ext}'. Use .xlsx, .csv, .tsv or .txt.`, file);
      }
      // A CSV is one sheet, named after the file: --sheet must name it, as it would a workbook's.
      yield* selectSheets(
        file,
        one(readCsv(file, { ...csvOptions(options), snapshot, limits, ...csvHeaderRow(file, options) })),
        options.sheet,
      );
      return;
    case 'xlsx':
      yield* selectSheets(
        file,
        readXlsx(file, {
          snapshot,
          limits,
          ...(options.headerRows && { headerRows: options.headerRows }),
          ...(options.headerRow !== undefined && { headerRow: options.headerRow }),
        }),
        options.sheet,
      );
      return;
  }
}

function csvOptions(options: ReadOptions): ReadOptions {
  const { headerRows: _h, ...rest } = options;
  return rest;
}

/** A CSV is one sheet named after its file: its chosen header row, if any. */
function csvHeaderRow(file: string, options: ReadOptions): { headerRow?: number } {
  const rows = options.headerRows;
  if (!rows) return {};
  const row = rows[basename(file)] ?? Object.values(rows)[0];
  return row === undefined ? {} : { headerRow: row };
}

/** Why a file that exists cannot be read, in words, from the error code of opening it. */
export function cannotRead(code: string | undefined): string {
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return 'You have no permission to read this file: ask its owner, or copy it somewhere you can read it.';
    case 'EBUSY':
      return 'Another program has the file locked (is it open in Excel?): close it there and try again.';
    default:
      return `The file cannot be read (${code ?? 'unknown error'}).`;
  }
}

async function* one(sheet: Promise<SheetSource>): AsyncGenerator<SheetSource> {
  yield await sheet;
}

async function* selectSheets(
  file: string,
  sheets: AsyncGenerator<SheetSource>,
  wanted: string | undefined,
): AsyncGenerator<SheetSource> {
  const names: string[] = [];
  for await (const sheet of sheets) {
    names.push(sheet.name);
    if (wanted && sheet.name.toLowerCase() !== wanted.toLowerCase()) {
      // Skipping a sheet still means draining its rows: the streaming reader reads in order.
      for await (const row of sheet.rows) void row;
      continue;
    }
    yield sheet;
  }
  if (names.length === 0) {
    throw new InputError('The workbook has no worksheets (only chart sheets, or it is damaged).', file);
  }
  if (wanted && !names.some((n) => n.toLowerCase() === wanted.toLowerCase())) {
    throw new InputError(
      `There is no sheet named '${wanted}'. Sheets: ${names.map((n) => `'${n}'`).join(', ')}.`,
      file,
      {
        sheet: wanted,
      },
    );
  }
}
