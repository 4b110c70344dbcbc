/* eslint-disable max-lines -- issue 19: split by h-csv */
// @ts-check
/**
 * The CSV record pipeline, shared by the in-thread reader and the parse worker: file bytes (from
 * after the BOM) → decoding (none for UTF-8: csv-parse decodes each field) → csv-parse with the
 * detected delimiter, any mix of line endings, every cell as text.
 *
 * Loaded as a worker thread (read/csv-sources.ts starts it for large files that the fast path of
 * csv-split.mjs does not take) it parses the file and posts the records in batches, at most
 * MAX_BATCHES_AHEAD ahead of the reading thread, which validates meanwhile: csv-parse is most of
 * the time of such a read, and here it runs on another core.
 *
 * Plain JavaScript (checked by tsc through its JSDoc types) so a worker can load it as it is:
 * under tsx, a worker cannot load TypeScript without starting tsx again (~150 ms and ~40 MB).
 */
import { isUtf8 as isUtf8Bytes } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { parse } from 'csv-parse';
import iconv from 'iconv-lite';

/** Longest record csv-parse may buffer (a bound on memory for hostile files). */
const MAX_RECORD_BYTES = 16 * 1024 * 1024;
/** Batches the worker may send ahead of the reader (bounds memory when validation is slower). */
const MAX_BATCHES_AHEAD = 16;
/** A batch is sent once it holds this many characters or cells. */
const BATCH_CHARS = 64 * 1024;
const BATCH_CELLS = 16 * 1024;

/**
 * @typedef {object} CsvStreamSpec
 * @property {string} file
 * @property {number} start byte offset to start at (after a BOM)
 * @property {string} encoding iconv-lite encoding name; UTF-8 goes to csv-parse as bytes
 * @property {string} delimiter
 */

/**
 * Records parsed in the worker travel in batches, as they are: postMessage's structured clone
 * copies the strings in native code. Measured against packing each batch's cells into one
 * transferred UTF-8 byte array and decoding every cell on arrival (100k rows, 55 columns): the
 * whole validate 1.53 → 1.39 s, CPU 2.7 → 2.3 s, the same peak RSS.
 * @typedef {object} CsvBatch
 * @property {'batch'} type
 * @property {string[][]} rows
 */

/**
 * The worker's messages: first that it started, then batches, then the end or an error.
 * @typedef {CsvBatch | { type: 'started' } | { type: 'end' } | { type: 'error', message: string, code?: string | undefined }} CsvWorkerMessage
 */

/** @param {string} encoding */
export function isUtf8(encoding) {
  return /^utf-?8$/i.test(encoding);
}

/**
 * The spreadsheet encodings of one byte a character (read-csv.ts lists those it accepts), where
 * bytes below 0x80 are ASCII: CR, LF, the quote and an ASCII delimiter are those bytes, as in UTF-8.
 * @param {string} encoding
 */
export function isSingleByte(encoding) {
  return /^(?:win-?1252|windows-?1252|cp-?1252|latin-?1|iso-?8859-?1|mac-?roman|macintosh)$/i.test(encoding);
}

/** Any mix of line endings: what csv-parse is given when the file is not one kind throughout. */
const ANY_LINE_ENDING = ['\r\n', '\n', '\r'];

/** Bytes the scan reads at a time, into one buffer it reuses. */
const SCAN_CHUNK = 1 << 20;

/**
 * @typedef {object} CsvScan
 * @property {string[]} lineEndings the line endings to give csv-parse
 * @property {number} [notUtf8At] byte offset of the first byte that is not UTF-8 (a UTF-8 file
 *   only); csv-parse would read it as U+FFFD without a word
 */

/**
 * One pass over a UTF-8 file's bytes before parsing (the parse then reads them again, from the OS
 * cache), with native calls only: node's isUtf8 on each chunk, and indexOf for line endings.
 *
 * Line endings: csv-parse tries each one it is given at every character, so a file that uses only
 * LF, or only CRLF, is parsed with that one alone: exactly the same records (no other CR or LF is
 * in the file, quoted or not), about 7% faster. A chunk without CR costs two indexOf calls, one with
 * CRs two a line. Any mix, another encoding (decoded before parsing) or a read error gets all three.
 *
 * UTF-8: the encoding is detected from the first 64 KB; a byte further on that is not UTF-8 (a
 * Windows-1252 'ü' typed into one row of an otherwise ASCII file) is found here, so the reader can
 * refuse the file instead of changing that value.
 * @param {CsvStreamSpec} spec
 * @returns {Promise<CsvScan>}
 */
export async function scanCsvBytes(spec) {
  const utf8 = isUtf8(spec.encoding);
  if (!utf8 && !isSingleByte(spec.encoding)) return { lineEndings: ANY_LINE_ENDING };
  let mixed = false;
  let sawCr = false;
  let loneLf = false;
  // The previous chunk ended with a CR: its LF, if any, is the first byte of this chunk.
  let pendingCr = false;
  // The previous chunk ended inside a UTF-8 sequence: its first bytes, checked with this chunk.
  let carry = Buffer.alloc(0);
  /** @type {import('node:fs/promises').FileHandle | undefined} */
  let handle;
  try {
    handle = await open(spec.file, 'r');
    const buffer = Buffer.allocUnsafe(SCAN_CHUNK);
    let position = spec.start;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, SCAN_CHUNK, position);
      if (bytesRead === 0) break;
      const bytes = buffer.subarray(0, bytesRead);
      if (utf8) {
        const text = carry.length > 0 ? Buffer.concat([carry, bytes]) : bytes;
        const complete = completeUtf8End(text);
        if (!isUtf8Bytes(text.subarray(0, complete))) {
          return { lineEndings: ANY_LINE_ENDING, notUtf8At: position - carry.length + firstNotUtf8(text) };
        }
        carry = Buffer.from(text.subarray(complete));
      }
      position += bytesRead;
      if (!mixed) {
        const hasCr = bytes.indexOf(13) >= 0;
        mixed = mixedLineEndings(bytes, pendingCr);
        sawCr ||= hasCr;
        loneLf ||= !hasCr && bytes.indexOf(10, pendingCr ? 1 : 0) >= 0;
        pendingCr = bytes[bytesRead - 1] === 13;
        mixed ||= sawCr && loneLf;
      }
    }
    // The file ends inside a sequence.
    if (carry.length > 0) return { lineEndings: ANY_LINE_ENDING, notUtf8At: position - carry.length };
  } catch {
    return { lineEndings: ANY_LINE_ENDING }; // the parse stream reports the read error itself
  } finally {
    await handle?.close().catch(() => undefined);
  }
  // A CR that ends the file is a lone one.
  if (mixed || pendingCr) return { lineEndings: ANY_LINE_ENDING };
  return { lineEndings: sawCr ? ['\r\n'] : ['\n'] };
}

/**
 * Whether a chunk with CRs has a CR not followed by LF or a LF not after a CR (a chunk without CR
 * is checked by the caller, which knows whether CRs came before it).
 * @param {Buffer} bytes
 * @param {boolean} pendingCr the previous chunk ended with a CR
 */
function mixedLineEndings(bytes, pendingCr) {
  if (pendingCr && bytes[0] !== 10) return true; // a lone CR
  const from = pendingCr ? 1 : 0;
  if (bytes.indexOf(13, from) < 0) return false;
  for (let at = bytes.indexOf(13, from); at >= 0; at = bytes.indexOf(13, at + 2)) {
    if (at + 1 < bytes.length && bytes[at + 1] !== 10) return true;
  }
  for (let at = bytes.indexOf(10, from); at >= 0; at = bytes.indexOf(10, at + 1)) {
    if (at === 0 || bytes[at - 1] !== 13) return true;
  }
  return false;
}

/**
 * Where the bytes stop being complete UTF-8 sequences: before a valid lead byte among the last
 * three whose continuation bytes run past the end (the next chunk holds them), else the end.
 * @param {Buffer} bytes
 */
export function completeUtf8End(bytes) {
  for (let back = 1; back <= 3 && back <= bytes.length; back++) {
    const b = bytes[bytes.length - back] ?? 0;
    if ((b & 0xc0) === 0x80) continue;
    if (b < 0xc2 || b > 0xf4) break;
    const need = b >= 0xf0 ? 3 : b >= 0xe0 ? 2 : 1;
    return need >= back ? bytes.length - back : bytes.length;
  }
  return bytes.length;
}

/**
 * Index of the lead byte of the first sequence that is not UTF-8 (strict, as isUtf8: no overlong
 * forms, no surrogates, nothing past U+10FFFF), or the length if there is none.
 * @param {Buffer} bytes
 */
export function firstNotUtf8(bytes) {
  for (let at = 0; at < bytes.length;) {
    const b = bytes[at] ?? 0;
    if (b < 0x80) {
      at++;
      continue;
    }
    // The allowed range of the second byte, and how many bytes the sequence has.
    let low = 0x80;
    let high = 0xbf;
    let length;
    if (b >= 0xc2 && b <= 0xdf) length = 2;
    else if (b >= 0xe0 && b <= 0xef) {
      length = 3;
      if (b === 0xe0) low = 0xa0;
      if (b === 0xed) high = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      length = 4;
      if (b === 0xf0) low = 0x90;
      if (b === 0xf4) high = 0x8f;
    } else return at;
    const second = bytes[at + 1] ?? -1;
    if (second < low || second > high) return at;
    for (let k = 2; k < length; k++) if (((bytes[at + k] ?? 0) & 0xc0) !== 0x80) return at;
    at += length;
  }
  return bytes.length;
}

/**
 * The parser stream, in object mode: one `string[]` per record.
 * @param {CsvStreamSpec} spec
 * @param {string[]} lineEndings from scanCsvBytes, or any mix
 * @param {import('node:fs/promises').FileHandle} [handle] the file already open (it reads from it
 *   and closes it), so a file replaced on disk meanwhile is not read in part from the new one
 * @returns {import('node:stream').Readable}
 */
export function openCsvRecords(spec, lineEndings = ANY_LINE_ENDING, handle = undefined) {
  const bytes = handle
    ? handle.createReadStream({ start: spec.start })
    : createReadStream(spec.file, { start: spec.start });
  const text = isUtf8(spec.encoding) ? bytes : bytes.pipe(iconv.decodeStream(spec.encoding));
  const parser = parse({
    delimiter: spec.delimiter,
    record_delimiter: lineEndings,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
    max_record_size: MAX_RECORD_BYTES,
  });
  // A read error (file gone, permission) reaches the consumer as a parser error; a parser closed
  // (the reader stopped) closes the file.
  bytes.on('error', (error) => parser.destroy(error));
  parser.on('close', () => bytes.destroy());
  return text.pipe(parser);
}

/**
 * How the fast path (csv-split.mjs) would split the file, or undefined where it does not apply: a
 * file in UTF-16, read as UTF-8 but not UTF-8 throughout, or that mixes line endings, is csv-parse's
 * alone.
 * @param {CsvStreamSpec} spec
 * @param {CsvScan} scan
 * @returns {import('./csv-split.mjs').SplitOptions | undefined}
 */
export function splitOptions(spec, scan) {
  const [lineEnding, ...others] = scan.lineEndings;
  const utf8 = isUtf8(spec.encoding);
  if (!(utf8 || isSingleByte(spec.encoding)) || scan.notUtf8At !== undefined || others.length > 0) {
    return undefined;
  }
  return {
    delimiter: spec.delimiter,
    crlf: lineEnding === '\r\n',
    encoding: utf8 ? undefined : spec.encoding,
  };
}

/**
 * Pulls records from the parser stream in this thread: `read()` gives a record already parsed or
 * null at once, `next()` waits for the next one (undefined at the end) and rejects with the
 * parser's error. Used by the in-thread reader and by the worker alike.
 */
export class StreamRecords {
  /** @readonly @type {'thread'} */
  via = 'thread';
  #ended = false;
  /** @type {unknown} */
  #error = undefined;
  /** @type {(() => void) | undefined} */
  #waiter = undefined;
  /** @type {import('node:stream').Readable} */
  #stream;
  /** Records the parser gave before its error, taken out of the stream when the error came. */
  /** @type {string[][]} */
  #beforeError = [];
  /** @readonly @type {number | undefined} from scanCsvBytes */
  notUtf8At;

  /**
   * @param {import('node:stream').Readable} stream
   * @param {number} [notUtf8At] from scanCsvBytes
   */
  constructor(stream, notUtf8At) {
    this.#stream = stream;
    this.notUtf8At = notUtf8At;
    stream.on('readable', () => this.#wake());
    stream.on('end', () => {
      this.#ended = true;
      this.#wake();
    });
    stream.on('error', (error) => {
      // The records parsed before the error come first (else the row the error names is one short).
      for (let record = stream.read(); record !== null; record = stream.read())
        this.#beforeError.push(record);
      this.#error = error;
      this.#wake();
    });
  }

  /** @returns {string[] | null} */
  read() {
    if (this.#error !== undefined) return this.#beforeError.shift() ?? null;
    return /** @type {string[] | null} */ (this.#stream.read());
  }

  /** @returns {Promise<string[] | undefined>} */
  async next() {
    for (;;) {
      const record = this.read();
      if (record !== null) return record;
      if (this.#error !== undefined) throw this.#error;
      if (this.#ended) return undefined;
      await new Promise((resolve) => (this.#waiter = () => resolve(undefined)));
    }
  }

  close() {
    this.#stream.destroy();
    // A reader still waiting gets the end (destroy emits no 'end' or 'error').
    this.#ended = true;
    this.#wake();
  }

  #wake() {
    const waiter = this.#waiter;
    this.#waiter = undefined;
    waiter?.();
  }
}

/**
 * The worker's side: parse, batch, post; wait for credits when MAX_BATCHES_AHEAD are unread.
 * @param {import('node:worker_threads').MessagePort} port
 * @param {CsvStreamSpec} spec
 * @param {CsvScan} scan the reading thread's
 */
async function runWorker(port, spec, scan) {
  let credits = MAX_BATCHES_AHEAD;
  /** @type {(() => void) | undefined} */
  let wake;
  port.on('message', (/** @type {{ credit: number }} */ message) => {
    credits += message.credit;
    wake?.();
    wake = undefined;
  });
  /** @type {string[][]} */
  let rows = [];
  let chars = 0;
  let cells = 0;

  const flush = async () => {
    if (rows.length === 0) return;
    while (credits <= 0) await new Promise((resolve) => (wake = () => resolve(undefined)));
    credits--;
    /** @type {CsvBatch} */
    const batch = { type: 'batch', rows };
    port.postMessage(batch);
    rows = [];
    chars = 0;
    cells = 0;
  };

  /** @param {CsvWorkerMessage} message */
  const send = (message) => port.postMessage(message);
  try {
    send({ type: 'started' });
    const records = new StreamRecords(openCsvRecords(spec, scan.lineEndings));
    // The first batch is the header alone, so the reader can map its columns while the rest is parsed.
    let first = true;
    for (;;) {
      // Records already parsed are taken synchronously; wait only when the parser must read on.
      const record = records.read() ?? (await records.next());
      if (record === undefined) break;
      rows.push(record);
      for (const cell of record) chars += cell.length;
      cells += record.length;
      if (first || chars >= BATCH_CHARS || cells >= BATCH_CELLS) await flush();
      first = false;
    }
    await flush();
    send({ type: 'end' });
  } catch (error) {
    // Records parsed before the error go first, so the reader counts rows up to it.
    await flush();
    // The parser's error code (CSV_QUOTE_NOT_CLOSED...) goes too: the reader words its message by it.
    const code = /** @type {{ code?: unknown }} */ (error)?.code;
    send({
      type: 'error',
      message: error instanceof Error ? error.message : String(error),
      code: typeof code === 'string' ? code : undefined,
    });
  }
}

if (!isMainThread && parentPort && workerData?.csvRecords) {
  await runWorker(
    parentPort,
    /** @type {CsvStreamSpec} */ (workerData.csvRecords),
    /** @type {CsvScan} */ (workerData.scan),
  );
}
