/**
 * Streaming CSV/TSV/TXT reader: detected encoding and delimiter, every cell kept as the exact text
 * in the file (no number parsing at all), mixed line endings accepted, empty rows skipped and
 * counted. Memory stays bounded by the longest record, not the file.
 */
import { open, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import iconv from 'iconv-lite';
import { isUtf8 } from './csv-records.mjs';
import { openRecordSource } from './csv-sources.ts';
import { InputError, type ReadIssue, type SheetSource, type SourceRow } from '../model.ts';
import { readHead, sniffDelimiter, sniffEncoding, type TextEncoding } from './detect.ts';
import { count, overBudget, readLimits, type ReadLimits } from './limits.ts';
import type { FileSnapshot } from './snapshot.ts';
import { HeaderSearch } from './header-search.ts';
import { checkCellLength, headerProblems, isBlankRow, UnlabeledColumns } from './row-checks.ts';

export interface CsvOptions {
  encoding?: string;
  delimiter?: string;
  /**
   * Files of at least this many bytes that the fast path does not take are parsed by csv-parse in
   * a worker thread while this thread validates (csv-parse is then most of the time of a read).
   * Default 8 MB; Infinity parses every file in-thread.
   */
  workerFromBytes?: number;
  /**
   * The fast path for UTF-8 and one-byte files with one kind of line ending (csv-split.mjs), default true; false
   * reads every file with csv-parse (tests compare the two).
   */
  split?: boolean;
  /** The file, open (read-workbook.ts): refused at the end if it changed while it was read. */
  snapshot?: FileSnapshot;
  limits?: ReadLimits;
  /**
   * The 1-based record that holds the headers, when the user says so (header-search.ts; a quoted
   * line break does not start a record).
   */
  headerRow?: number;
}

/**
 * Measured 2026-12-03 (bench sheets, 55 columns, ~415 bytes a row; validate with csv-parse,
 * in-thread vs worker): 10k rows (4 MB) 0.33 vs 0.31 s, 25k (10 MB) 0.60 vs 0.51 s, 100k (42 MB)
 * 1.9 vs 1.4 s. The worker costs ~18 MB of RSS, so it starts where it pays clearly. The fast path
 * (csv-split.mjs) needs no worker: 100k rows in-thread 1.25 s and 156 MB, through the worker 1.08 s
 * but 192 MB.
 */
const WORKER_FROM_BYTES = 8 * 1024 * 1024;

/** A first line `sep=X` (X one character), which Excel writes and reads as the delimiter. */
const SEP_HINT = /^\ufeff?sep=([^\r\n"])\r?\n/i;

/** The encodings spreadsheets are saved in (PRODUCT.md, Load), in the spellings users type. */
const SPREADSHEET_ENCODINGS =
  /^(?:utf-?16-?[lb]e|win-?1252|windows-?1252|cp-?1252|latin-?1|iso-?8859-?1|mac-?roman|macintosh)$/i;

/** Bytes Windows-1252 has no character for (read as U+FFFD); Mac Roman has letters there (ç, ë, ï). */
const NOT_WIN1252 = [0x81, 0x8d, 0x8f, 0x90, 0x9d];

const ICONV_NAMES: Record<TextEncoding, string> = {
  utf8: 'utf8',
  utf16le: 'utf16le',
  utf16be: 'utf16be',
  win1252: 'win1252',
};

/** Opens a CSV file as one sheet named after the file. Throws InputError for unusable input. */
export async function readCsv(file: string, options: CsvOptions = {}): Promise<SheetSource> {
  // One UTF-16 unit, not half of one character (a lone surrogate).
  if (options.delimiter !== undefined && !/^[^"\r\n\ud800-\udfff]$/.test(options.delimiter)) {
    throw new InputError(
      `The delimiter must be one character other than a quote or a line break, such as ',' ';' or tab; got '${options.delimiter.slice(0, 20)}'.`,
      file,
    );
  }
  const limits = options.limits ?? readLimits();
  const snapshot = options.snapshot;
  const head = await readHead(snapshot?.handle ?? file);
  // What the scans and the parser open: the file first opened, not what its path points to now.
  const source = snapshot?.source ?? file;
  const sniff = sniffEncoding(head);
  const encoding = options.encoding ?? ICONV_NAMES[sniff.encoding];
  // UTF-8 goes to csv-parse as bytes (it decodes each field itself); iconv, whose encoding tables
  // take ~100 ms to load, is only needed for the other encodings.
  const utf8 = isUtf8(encoding);
  if (!utf8 && !(SPREADSHEET_ENCODINGS.test(encoding) && iconv.encodingExists(encoding))) {
    throw new InputError(
      `Unknown encoding '${encoding.slice(0, 40)}'. Use utf8, utf16le, utf16be, win1252 or macroman.`,
      file,
    );
  }
  const bomLength = options.encoding ? 0 : sniff.bomLength;
  if (/^utf-?16/i.test(encoding) && ((snapshot?.size ?? (await stat(file)).size) - bomLength) % 2 === 1) {
    throw new InputError(
      'The file is UTF-16 text but has an odd number of bytes: a byte is missing or extra somewhere, and the text after it would read as other characters. Export the sheet again.',
      file,
    );
  }
  if (sniff.encoding === 'win1252' && !options.encoding) {
    const at = await firstByteOf(source, bomLength, NOT_WIN1252);
    if (at !== undefined) {
      throw new InputError(
        `Byte ${at.toLocaleString('en-US')} (line ${await lineOfByte(source, at)}) is neither UTF-8 nor a character in Windows-1252, the encodings this file could be: reading it would change the text there. If it was saved on a Mac (Excel for Mac "CSV", Mac Roman), pass --encoding macroman; better, save it as "CSV UTF-8".`,
        file,
        { sheet: basename(file) },
      );
    }
  }
  const body = head.subarray(bomLength);
  const sample = stripBom(utf8 ? body.toString('utf8') : iconv.decode(body, encoding));
  // Excel's hint line `sep=;` names the delimiter; Excel hides it, so the header is row 1.
  const hint = SEP_HINT.exec(sample)?.[1];
  const delimiter = options.delimiter ?? hint ?? sniffDelimiter(sample);
  const name = basename(file);
  const issues: ReadIssue[] = [];
  if (sniff.encoding !== 'utf8' && !options.encoding) {
    issues.push({ file, sheet: name, level: 'info', message: `Read as ${sniff.how}.` });
  }

  const puller = await openRecordSource(
    { file: source, start: bomLength, encoding, delimiter },
    { workerFromBytes: options.workerFromBytes ?? WORKER_FROM_BYTES, split: options.split },
  );
  if (puller.notUtf8At !== undefined) {
    const at = puller.notUtf8At;
    const where = `Byte ${at.toLocaleString('en-US')} (line ${await lineOfByte(source, at)}) is not UTF-8`;
    if (!options.encoding) {
      puller.close();
      throw new InputError(
        `${where}: the file starts as UTF-8, but this part was saved in another encoding, and reading it as UTF-8 would change the text there. Save the whole file as UTF-8 (Excel: "CSV UTF-8"), or pass --encoding win1252 if it is a Windows file.`,
        file,
        { sheet: name },
      );
    }
    issues.push({
      file,
      sheet: name,
      level: 'warning',
      message: `${where}; read as UTF-8 as asked, the text there shows '\uFFFD'.`,
    });
  }

  let recordNo = 0;
  let hintLine = hint !== undefined;
  let headers: string[] | undefined;
  let headerRow = 0;
  // Titles and a group header above the headers are looked past (header-search.ts).
  const search = new HeaderSearch<{ row: number; cells: string[] }>(file, name, issues, options.headerRow);
  const above = search.above;
  try {
    for (;;) {
      const record = puller.read() ?? (await puller.next());
      if (record === undefined) break;
      if (hintLine) {
        hintLine = false;
        continue;
      }
      recordNo++;
      const cells = record.map((cell, i) => (i === 0 && recordNo === 1 ? stripBom(cell) : cell));
      if (isBlankRow(cells)) continue;
      if (search.push({ row: recordNo, cells })) break;
    }
  } catch (error) {
    puller.close();
    throw csvError(file, error, recordNo + 1);
  }
  search.finish();
  if (search.headers) {
    headers = search.headers.cells.map((h) => h.trim());
    headerRow = search.headers.row;
  }
  if (!headers) {
    puller.close();
    throw new InputError('The file is empty: no header row and no data.', file, { sheet: name });
  }
  const problem = headerProblems(headers);
  if (problem) {
    puller.close();
    throw new InputError(problem, file, { sheet: name, row: headerRow });
  }

  const headerCount = headers.length;
  // Cells past the header's last cell are warned about row by row below (a stray delimiter).
  const unlabeled = new UnlabeledColumns(headers, false);
  let started = false;
  async function* rows(): AsyncGenerator<SourceRow> {
    started = true;
    let blank = 0;
    let pending = 0;
    let textFormulas = 0;
    let read = 0;
    try {
      for (;;) {
        // Rows read while looking for the headers come first. Records already parsed are taken
        // synchronously: a promise only when the parser must read on.
        const held = above.shift();
        const cells = held?.cells ?? puller.read() ?? (await puller.next());
        if (cells === undefined) break;
        if (!held) recordNo++;
        const row = held?.row ?? recordNo;
        if (isBlankRow(cells)) {
          pending++;
          continue;
        }
        blank += pending;
        pending = 0;
        textFormulas += unwrapTextFormulas(cells);
        if (++read > limits.rows)
          throw overBudget(file, name, `more than ${count(limits.rows)} rows`, { sheet: name, row });
        if (cells.length > limits.columns)
          throw overBudget(
            file,
            name,
            `a row of ${count(cells.length)} cells, past the budget of ${count(limits.columns)} columns`,
            { sheet: name, row },
          );
        checkCellLength(file, name, row, cells, headers ?? []);
        unlabeled.add(row, cells);
        if (cells.length > headerCount && !isBlankRow(cells.slice(headerCount))) {
          issues.push({
            file,
            sheet: name,
            row: row,
            level: 'warning',
            message: `It has ${cells.length} cells but the header has ${headerCount}; the extra cells are ignored. Check for a stray '${printable(delimiter)}' in a value.`,
          });
        }
        const merged = mergedRowsCell(cells, headerCount, delimiter);
        if (merged >= 0) {
          issues.push({
            file,
            sheet: name,
            row: row,
            column: headers?.[merged] ?? '',
            level: 'warning',
            message: `Its cell in column '${headers?.[merged] ?? ''}' holds line breaks and as many '${printable(delimiter)}' as a whole row: a '"' opened there may have merged the rows after it into this cell, and those rows are missing from the results. Check the quotes.`,
          });
        }
        yield { row: row, cells };
      }
      // A file rewritten or truncated while it was read gave rows of two versions, or half of them.
      await snapshot?.check();
    } catch (error) {
      if (error instanceof InputError) throw error;
      throw csvError(file, error, recordNo + 1);
    } finally {
      puller.close();
    }
    for (const issue of unlabeled.issues(file, name)) issues.push(issue);
    if (textFormulas > 0) {
      issues.push({
        file,
        sheet: name,
        level: 'info',
        message: `${textFormulas} cell(s) written as ="..." (Excel's way to keep leading zeros in a CSV) were read as the text inside the quotes, as Excel shows them.`,
      });
    }
    if (blank > 0) {
      issues.push({ file, sheet: name, level: 'info', message: `${blank} empty row(s) skipped.` });
    }
  }

  const generator = rows();
  // A generator returned before its first row runs no `finally`: returning it then closes the file
  // too (a reader that gives up on the sheet after its headers). Once started, its `finally` does,
  // after any row still being read.
  const finish = generator.return.bind(generator);
  generator.return = (value) => {
    if (!started) puller.close();
    return finish(value);
  };
  return { file, name, headerRow, headers, rows: generator, issues, delimiter };
}

/** `="0791 123456"`: a formula giving that text, which Excel shows as the text. */
const TEXT_FORMULA = /^="((?:[^"]|"")*)"$/;

/** Replaces each `="..."` cell by its text; how many there were. One comparison for other cells. */
function unwrapTextFormulas(cells: string[]): number {
  let count = 0;
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i] ?? '';
    if (cell.charCodeAt(0) !== 61 || cell.charCodeAt(1) !== 34) continue;
    const inner = TEXT_FORMULA.exec(cell)?.[1];
    if (inner === undefined) continue;
    cells[i] = inner.replace(/""/g, '"');
    count++;
  }
  return count;
}

/** Offset of the first of `values` in the file from `start`, or undefined. Native searches only. */
async function firstByteOf(
  file: string,
  start: number,
  values: readonly number[],
): Promise<number | undefined> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.allocUnsafe(1 << 20);
    for (let position = start; ;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
      if (bytesRead === 0) return undefined;
      const bytes = buffer.subarray(0, bytesRead);
      let first = -1;
      for (const value of values) {
        const at = bytes.indexOf(value);
        if (at >= 0 && (first < 0 || at < first)) first = at;
      }
      if (first >= 0) return position + first;
      position += bytesRead;
    }
  } finally {
    await handle.close();
  }
}

/** The 1-based line of a byte offset (counting LF bytes before it); for messages only. */
async function lineOfByte(file: string, offset: number): Promise<number> {
  let line = 1;
  let position = 0;
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.allocUnsafe(1 << 20);
    while (position < offset) {
      const { bytesRead } = await handle.read(
        buffer,
        0,
        Math.min(buffer.length, offset - position),
        position,
      );
      if (bytesRead === 0) break;
      for (let at = buffer.indexOf(10); at >= 0 && at < bytesRead; at = buffer.indexOf(10, at + 1)) line++;
      position += bytesRead;
    }
  } finally {
    await handle.close();
  }
  return line;
}

/**
 * The first cell that looks like whole rows merged into it (by a quote opened at its start and
 * closed rows later): a line break, and at least as many delimiters as a row has. -1 if none. Cells
 * shorter than a row's delimiters cannot be one, so most cells cost a length comparison only.
 */
function mergedRowsCell(cells: readonly string[], headerCount: number, delimiter: string): number {
  const delimiters = Math.max(headerCount - 1, 2);
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i] ?? '';
    if (cell.length <= delimiters) continue;
    if (cell.indexOf('\n') < 0 && cell.indexOf('\r') < 0) continue;
    let count = 0;
    for (
      let at = cell.indexOf(delimiter);
      at >= 0 && count < delimiters;
      at = cell.indexOf(delimiter, at + 1)
    )
      count++;
    if (count >= delimiters) return i;
  }
  return -1;
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function printable(delimiter: string): string {
  return delimiter === '\t' ? 'tab' : delimiter;
}

function csvError(file: string, error: unknown, row: number): InputError {
  if ((error as { code?: unknown } | undefined)?.code === 'CSV_QUOTE_NOT_CLOSED') {
    return new InputError(
      `A quote opened in row ${row} is never closed: everything after it, to the end of the file, would be one cell. Fix the quotes in that row (a quote inside a value is written twice: "").`,
      file,
      { row },
    );
  }
  const reason = error instanceof Error ? error.message.replace(/\s+/g, ' ') : String(error);
  return new InputError(`Cannot read the CSV near row ${row}: ${reason}`, file, { row });
}
