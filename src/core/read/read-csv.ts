/**
 * Streaming CSV/TSV/TXT reader: detected encoding and delimiter, every cell kept as the exact text
 * in the file (no number parsing at all), mixed line endings accepted, empty rows skipped and
 * counted. Memory stays bounded by the longest record, not the file.
 */
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import iconv from 'iconv-lite';
import { InputError, type ReadIssue, type SheetSource, type SourceRow } from '../model.ts';
import { csvError, firstByteOf, lineOfByte, mergedRowsCell, unwrapTextFormulas } from './csv-cells.ts';
import { openCsvSource, type RecordSource } from './csv-records.ts';
import { isUtf8 } from './csv-scan.ts';
import { readHead, sniffDelimiter, sniffEncoding, type TextEncoding } from './detect.ts';
import { count, overBudget, readLimits, type ReadLimits } from './limits.ts';
import type { FileSnapshot } from './snapshot.ts';
import { HeaderSearch } from './header-search.ts';
import { checkCellLength, headerProblems, isBlankRow, UnlabeledColumns } from './row-checks.ts';

export interface CsvOptions {
  encoding?: string;
  delimiter?: string;
  /** The fast path (csv-split.ts) where it applies, default true; false reads with csv-parse alone (tests compare). */
  split?: boolean;
  /** The file, open (read-workbook.ts): refused at the end if it changed while it was read. */
  snapshot?: FileSnapshot;
  limits?: ReadLimits;
  /** ReadOptions.headerRow (a record number: a quoted line break does not start a row). */
  headerRow?: number;
}

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

/** The file's text encoding and where its text starts, from its first bytes. */
interface CsvText {
  /** What the scans and the parser open: the file first opened, not what its path points to now. */
  source: string;
  encoding: string;
  bomLength: number;
  /** The first 64 KB as text, for the delimiter. */
  sample: string;
  /** How the encoding was guessed, when it is not UTF-8 and was not given. */
  guessed: string | undefined;
}

/** One CSV being read: its records and what the header search and the rows share. */
interface CsvRead {
  file: string;
  name: string;
  records: RecordSource;
  issues: ReadIssue[];
  /** Records read so far (after any `sep=` line): the row number of the last one. */
  recordNo: number;
  /** Rows of one cell above the headers, held until the header row settles what they are. */
  above: Array<{ row: number; cells: string[] }>;
  /** The rows generator has run (its `finally` then closes the file). */
  started: boolean;
  /** CsvOptions.headerRow: the headers are on this record, and the records above it are skipped. */
  givenHeaderRow?: number;
}

/** Opens a CSV file as one sheet named after the file. Throws InputError for unusable input. */
export async function readCsv(file: string, options: CsvOptions = {}): Promise<SheetSource> {
  // One UTF-16 unit, not half of one character (a lone surrogate).
  if (options.delimiter !== undefined && !/^[^"\r\n\ud800-\udfff]$/.test(options.delimiter)) {
    throw new InputError(
      `The delimiter must be one character other than a quote or a line break, such as ',' ';' or tab; got '${options.delimiter.slice(0, 20)}'.`,
      file,
    );
  }
  const text = await detectText(file, options);
  // Excel's hint line `sep=;` names the delimiter; Excel hides it, so the header is row 1.
  const hint = SEP_HINT.exec(text.sample)?.[1];
  const delimiter = options.delimiter ?? hint ?? sniffDelimiter(text.sample);
  const name = basename(file);
  const issues: ReadIssue[] = [];
  if (text.guessed) issues.push({ file, sheet: name, level: 'info', message: `Read as ${text.guessed}.` });
  const records = await openCsvSource(
    { file: text.source, start: text.bomLength, encoding: text.encoding, delimiter },
    options.split ?? true,
  );
  const csv: CsvRead = {
    file,
    name,
    records,
    issues,
    recordNo: 0,
    above: [],
    started: false,
    ...(options.headerRow !== undefined && { givenHeaderRow: options.headerRow }),
  };
  await checkNotUtf8(csv, text.source, options.encoding !== undefined);
  const { headers, headerRow } = await findHeaders(csv, hint !== undefined);
  const generator = csvRows(csv, headers, delimiter, options);
  // A generator returned before its first row runs no `finally`: returning it then closes the file
  // too (a reader that gives up on the sheet after its headers). Once started, its `finally` does,
  // after any row still being read.
  const finish = generator.return.bind(generator);
  generator.return = (value) => {
    if (!csv.started) records.close();
    return finish(value);
  };
  return { file, name, headerRow, headers, rows: generator, issues, delimiter };
}

/** The encoding (given, or sniffed from the first bytes) and the text sample; refuses what it cannot read. */
async function detectText(file: string, options: CsvOptions): Promise<CsvText> {
  const snapshot = options.snapshot;
  const head = await readHead(snapshot?.handle ?? file);
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
  const guessed = sniff.encoding !== 'utf8' && !options.encoding ? sniff.how : undefined;
  return { source, encoding, bomLength, sample, guessed };
}

/**
 * A byte past the encoding sample that is not UTF-8 (found by the scan before parsing): the file
 * is refused, or with an encoding given, read as asked with a warning.
 */
async function checkNotUtf8(csv: CsvRead, source: string, given: boolean): Promise<void> {
  const at = csv.records.notUtf8At;
  if (at === undefined) return;
  const where = `Byte ${at.toLocaleString('en-US')} (line ${await lineOfByte(source, at)}) is not UTF-8`;
  if (!given) {
    csv.records.close();
    throw new InputError(
      `${where}: the file starts as UTF-8, but this part was saved in another encoding, and reading it as UTF-8 would change the text there. Save the whole file as UTF-8 (Excel: "CSV UTF-8"), or pass --encoding win1252 if it is a Windows file.`,
      csv.file,
      { sheet: csv.name },
    );
  }
  csv.issues.push({
    file: csv.file,
    sheet: csv.name,
    level: 'warning',
    message: `${where}; read as UTF-8 as asked, the text there shows '\uFFFD'.`,
  });
}

/**
 * Reads to the header row: the first row that is not blank, after any `sep=` line, looking past
 * title rows and a merged group-header row (header-search.ts), or the row the user gave. Rows read
 * past the header row while deciding go to `csv.above`, read first as data. Closes the file if it
 * throws.
 */
async function findHeaders(
  csv: CsvRead,
  hintLine: boolean,
): Promise<{ headers: string[]; headerRow: number }> {
  const { file, name, records } = csv;
  const search = new HeaderSearch<{ row: number; cells: string[] }>(
    file,
    name,
    csv.issues,
    csv.givenHeaderRow,
  );
  try {
    for (let skip = hintLine; ;) {
      const record = records.read() ?? (await records.next());
      if (record === undefined) break;
      if (skip) {
        skip = false;
        continue;
      }
      const first = ++csv.recordNo === 1;
      const cells = record.map((cell, i) => (i === 0 && first ? stripBom(cell) : cell));
      if (isBlankRow(cells)) continue;
      if (search.push({ row: csv.recordNo, cells })) break;
    }
  } catch (error) {
    records.close();
    throw csvError(file, error, csv.recordNo + 1);
  }
  search.finish();
  csv.above.push(...search.above);
  if (!search.headers) {
    records.close();
    const past = csv.recordNo > 0 && csv.givenHeaderRow !== undefined;
    throw new InputError(
      past
        ? `Row ${csv.givenHeaderRow}, given as the header row, is past the last row of the file (${csv.recordNo}).`
        : 'The file is empty: no header row and no data.',
      file,
      { sheet: name },
    );
  }
  const headers = search.headers.cells.map((h) => h.trim());
  const headerRow = search.headers.row;
  const problem = headerProblems(headers);
  if (problem) {
    records.close();
    throw new InputError(problem, file, { sheet: name, row: headerRow });
  }
  return { headers, headerRow };
}

/** The data rows: budgets and row checks on each; the notes about the whole file at the end. */
async function* csvRows(
  csv: CsvRead,
  headers: string[],
  delimiter: string,
  options: CsvOptions,
): AsyncGenerator<SourceRow> {
  csv.started = true;
  const { file, name, records, issues } = csv;
  const limits = options.limits ?? readLimits();
  // Cells past the header's last cell are warned about row by row (a stray delimiter).
  const unlabeled = new UnlabeledColumns(headers, false);
  let blank = 0;
  let pending = 0;
  let textFormulas = 0;
  let read = 0;
  try {
    for (;;) {
      // Rows read while looking for the headers come first. Records already parsed are taken
      // synchronously: a promise only when the parser must read on.
      const held = csv.above.shift();
      const cells = held?.cells ?? records.read() ?? (await records.next());
      if (cells === undefined) break;
      const row = held?.row ?? ++csv.recordNo;
      if (isBlankRow(cells)) {
        pending++;
        continue;
      }
      blank += pending;
      pending = 0;
      textFormulas += unwrapTextFormulas(cells);
      if (++read > limits.rows)
        throw overBudget(file, name, `more than ${count(limits.rows)} rows`, { sheet: name, row });
      checkRow(csv, row, cells, headers, delimiter, limits);
      unlabeled.add(row, cells);
      yield { row, cells };
    }
    // A file rewritten or truncated while it was read gave rows of two versions, or half of them.
    await options.snapshot?.check();
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw csvError(file, error, csv.recordNo + 1);
  } finally {
    records.close();
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
  if (blank > 0) issues.push({ file, sheet: name, level: 'info', message: `${blank} empty row(s) skipped.` });
}

/** A row's column budget, cell lengths, cells past the header's and cells that swallowed rows. */
function checkRow(
  csv: CsvRead,
  row: number,
  cells: string[],
  headers: string[],
  delimiter: string,
  limits: ReadLimits,
): void {
  const { file, name, issues } = csv;
  if (cells.length > limits.columns)
    throw overBudget(
      file,
      name,
      `a row of ${count(cells.length)} cells, past the budget of ${count(limits.columns)} columns`,
      { sheet: name, row },
    );
  checkCellLength(file, name, row, cells, headers);
  const headerCount = headers.length;
  if (cells.length > headerCount && !isBlankRow(cells.slice(headerCount))) {
    issues.push({
      file,
      sheet: name,
      row,
      level: 'warning',
      message: `It has ${cells.length} cells but the header has ${headerCount}; the extra cells are ignored. Check for a stray '${printable(delimiter)}' in a value.`,
    });
  }
  const merged = mergedRowsCell(cells, headerCount, delimiter);
  if (merged >= 0) {
    issues.push({
      file,
      sheet: name,
      row,
      column: headers[merged] ?? '',
      level: 'warning',
      message: `Its cell in column '${headers[merged] ?? ''}' holds line breaks and as many '${printable(delimiter)}' as a whole row: a '"' opened there may have merged the rows after it into this cell, and those rows are missing from the results. Check the quotes.`,
    });
  }
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function printable(delimiter: string): string {
  return delimiter === '\t' ? 'tab' : delimiter;
}
