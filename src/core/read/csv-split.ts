/**
 * A fast path for the records of a CSV in UTF-8 or a one-byte encoding (Windows-1252, Mac Roman)
 * with one kind of line ending (LF or CRLF throughout, which scanCsvBytes finds): the text is cut at
 * line ends into regions and each region is split with native searches (indexOf for the delimiter,
 * quotes and LF), about 4x faster than csv-parse (bench sheets, 55 columns: 10k rows 150 → 35 ms,
 * 100k 1.4 → 0.33 s).
 *
 * It takes only the regular shapes, where its records are csv-parse's by construction: fields
 * either not starting with a quote (any quote inside is kept, as relax_quotes does), or wholly
 * quoted (`"..."`, a quote inside written twice) and followed by the delimiter or the line ending.
 * From the first record of a region with anything else (text after a closing quote), the rest of
 * that region goes to csv-parse itself, with the options the streaming parser uses; the next
 * region starts fast again.
 * A region always ends at a line end: a quoted field still open there moves its record into the
 * next region. Anything unusual beyond that (a quote never closed, a record over MAX_PENDING_BYTES,
 * csv-parse refusing the rest of a region) restarts csv-parse on the whole file, from the same open
 * file, and skips the records already given, so errors and their wording are csv-parse's exactly.
 *
 * Kept because the bench needs it (docs/RELIABILITY.md, section 5): csv-parse alone reads as fast
 * as a bare csv-parse read, but validation then comes on top, and validate missed 1.5x of the bare
 * read (10k rows 2.3x, 100k 1.8x, CPU) without this path.
 */
import type { FileHandle } from 'node:fs/promises';
import { parse as parseSync } from 'csv-parse/sync';
import iconv from 'iconv-lite';

/** Bytes read at a time; a region is what they hold up to their last line end. */
const CHUNK_BYTES = 64 * 1024;
/**
 * A record still incomplete after this many bytes is left to csv-parse (restarted): it is far
 * longer than any sheet row, most likely a quote never closed, and csv-parse words that error.
 */
const MAX_PENDING_BYTES = 1024 * 1024;

export interface SplitOptions {
  /** One character of the Basic Multilingual Plane, not a quote or a line break. */
  delimiter: string;
  /**
   * Lines end with CRLF (else LF); scanCsvBytes found no other CR or LF in the file (a CR or LF
   * that is not, in a file changed since, makes its record irregular).
   */
  crlf: boolean;
  /** A one-byte-a-character encoding to decode with (csv-scan.ts), or undefined for UTF-8. */
  encoding?: string | undefined;
}

export interface SplitStop {
  /** Index of the first record not split (the text's length when all were). */
  at: number;
  /** Why: all split, a shape left to csv-parse, or a quoted field that goes on past this region. */
  stop: 'done' | 'irregular' | 'open';
}

/** Records pulled one by one: csv-parse's (CsvRecords in csv-records.ts) or the fast path's. */
export interface RecordReader {
  readonly notUtf8At: number | undefined;
  read(): string[] | null;
  next(): Promise<string[] | undefined>;
  close(): void;
}

/**
 * Splits the regular records of `text` into `out`, from its start to where it stops. `text` holds
 * whole records, each ending with the line ending, unless `atEnd` (the file's last text, whose
 * last record may have none).
 */
export function splitRecords(
  text: string,
  options: SplitOptions,
  atEnd: boolean,
  out: string[][],
): SplitStop {
  const { delimiter, crlf } = options;
  const length = text.length;
  let at = 0;
  // The next delimiter and LF at or after `at`: each is searched again only once passed.
  let nextDelimiter = -1;
  let nextLf = -1;
  while (at < length) {
    const start = at;
    const record: string[] = [];
    for (;;) {
      if (text.charCodeAt(at) === 34) {
        // A quoted field: to the quote that is not doubled.
        let close = text.indexOf('"', at + 1);
        let doubled = false;
        while (close >= 0 && text.charCodeAt(close + 1) === 34) {
          doubled = true;
          close = text.indexOf('"', close + 2);
        }
        if (close < 0) return { at: start, stop: atEnd ? 'irregular' : 'open' };
        record.push(doubled ? text.slice(at + 1, close).replaceAll('""', '"') : cell(text, at + 1, close));
        const after = close + 1;
        // The file's last field (a region that is not the last ends with a line end).
        if (after === length) {
          at = after;
          break;
        }
        if (text[after] === delimiter) {
          at = after + 1;
          continue;
        }
        const code = text.charCodeAt(after);
        if (!crlf && code === 10) {
          at = after + 1;
          break;
        }
        if (crlf && code === 13 && text.charCodeAt(after + 1) === 10) {
          at = after + 2;
          break;
        }
        // Text after the closing quote: csv-parse's relax_quotes has its own rules for it.
        return { at: start, stop: 'irregular' };
      }
      if (nextDelimiter < at) nextDelimiter = indexOrLength(text, delimiter, at);
      if (nextLf < at) nextLf = indexOrLength(text, '\n', at);
      // Only the file's last line may end without LF, and a region that is not the last ends with one.
      const lineEnd = crlf && nextLf < length ? nextLf - 1 : nextLf;
      const lastField = nextDelimiter >= lineEnd;
      const end = lastField ? lineEnd : nextDelimiter;
      if (lastField && lineEnd < nextLf && text.charCodeAt(lineEnd) !== 13) {
        return { at: start, stop: 'irregular' }; // an LF without its CR
      }
      // A quote inside an unquoted field is a character like any other (csv-parse's relax_quotes).
      record.push(cell(text, at, end));
      if (!lastField) {
        at = end + 1;
        continue;
      }
      at = nextLf + 1;
      break;
    }
    out.push(record);
  }
  return { at: length, stop: 'done' };
}

/**
 * The text from `start` to `end` as a string of its own. V8 makes a slice of 13 or more characters
 * a view that keeps the whole region's text alive while the slice lives, so a consumer keeping one
 * cell a row would keep the whole file; appending a character and slicing it off again makes V8
 * copy the characters first (it flattens before it slices): measured +40 ms over the 1.3M long
 * cells of 100k bench rows, and a 20-character cell kept from each of them holds 11 MB, not 47 MB.
 * Shorter slices are copies already.
 */
function cell(text: string, start: number, end: number): string {
  return end - start < 13 ? text.slice(start, end) : (text.slice(start, end) + ' ').slice(0, -1);
}

function indexOrLength(text: string, search: string, from: number): number {
  const index = text.indexOf(search, from);
  return index < 0 ? text.length : index;
}

/**
 * The records of a file region by region, with `read()`/`next()` as StreamRecords. `restart` gives
 * csv-parse's streaming source over the whole file, read from the same open file, when the fast
 * path hands over; from then on `via` says 'thread'.
 */
export class SplitRecords {
  /** The fast path takes no UTF-8 file that is not UTF-8 throughout. */
  readonly notUtf8At = undefined;
  #batch: string[][] = [];
  #next = 0;
  /** Bytes after the last region: a record not yet complete. */
  #pending = Buffer.alloc(0);
  #position: number;
  #ended = false;
  /** Records given so far (a restarted csv-parse skips them). */
  #given = 0;
  /** Open until the end, close() or a hand-over. */
  #handle: FileHandle | undefined;
  #delegate: RecordReader | undefined;
  #skip = 0;
  #options: SplitOptions;
  #restart: (handle: FileHandle) => RecordReader;

  /**
   * `handle`: the file, open (this source closes it); `start`: the byte offset after any BOM;
   * `restart`: csv-parse over the whole file from `handle`, which it then closes.
   */
  constructor(
    handle: FileHandle,
    start: number,
    options: SplitOptions,
    restart: (handle: FileHandle) => RecordReader,
  ) {
    this.#handle = handle;
    this.#position = start;
    this.#options = options;
    this.#restart = restart;
  }

  get via(): 'split' | 'thread' {
    return this.#delegate ? 'thread' : 'split';
  }

  read(): string[] | null {
    if (this.#delegate) return this.#skipped() ? this.#delegate.read() : null;
    return this.#batch[this.#next++] ?? null;
  }

  async next(): Promise<string[] | undefined> {
    for (;;) {
      if (this.#delegate) {
        while (this.#skip > 0) {
          if ((await this.#delegate.next()) === undefined) return undefined;
          this.#skip--;
        }
        return this.#delegate.next();
      }
      const record = this.read();
      if (record !== null) return record;
      if (this.#ended) return undefined;
      await this.#fill();
    }
  }

  close(): void {
    this.#ended = true;
    this.#delegate?.close();
    this.#closeFile();
  }

  /** Drops the records the restarted parser gives again; whether they are all dropped. */
  #skipped(): boolean {
    while (this.#skip > 0) {
      if (this.#delegate?.read() == null) return false;
      this.#skip--;
    }
    return true;
  }

  /** Reads the next chunk and splits the region it completes into a new batch. */
  async #fill(): Promise<void> {
    const handle = this.#handle;
    if (!handle) {
      this.#ended = true; // closed
      return;
    }
    const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
    const { bytesRead } = await handle.read(chunk, 0, CHUNK_BYTES, this.#position);
    if (this.#handle !== handle) return; // closed meanwhile
    this.#position += bytesRead;
    const atEnd = bytesRead === 0;
    const bytes = atEnd
      ? this.#pending
      : this.#pending.length > 0
        ? Buffer.concat([this.#pending, chunk.subarray(0, bytesRead)])
        : chunk.subarray(0, bytesRead);
    const regionEnd = atEnd ? bytes.length : lastLineEnd(bytes, this.#options.crlf);
    this.#batch = [];
    this.#next = 0;
    if (atEnd) this.#ended = true;
    if (regionEnd === 0) {
      this.#pending = bytes;
      if (bytes.length > MAX_PENDING_BYTES) this.#handOver();
      return;
    }
    const encoding = this.#options.encoding;
    const text =
      encoding === undefined
        ? bytes.toString('utf8', 0, regionEnd)
        : iconv.decode(bytes.subarray(0, regionEnd), encoding);
    const records: string[][] = [];
    const { at, stop } = splitRecords(text, this.#options, atEnd, records);
    if (stop === 'irregular') {
      try {
        for (const record of this.#parse(text.slice(at))) records.push(record);
      } catch {
        // A quote csv-parse finds open at the region's end (the rest of the file decides what it
        // is), or any other refusal: csv-parse over the whole file settles it, at its own pace.
        return this.#handOver();
      }
    }
    if (stop === 'open') {
      const rest = bytes.subarray(encoding === undefined ? Buffer.byteLength(text.slice(0, at)) : at);
      if (rest.length > MAX_PENDING_BYTES) return this.#handOver();
      this.#pending = Buffer.from(rest);
    } else {
      this.#pending = Buffer.from(bytes.subarray(regionEnd));
    }
    this.#batch = records;
    this.#given += records.length;
  }

  /** csv-parse over text that starts at a record boundary, with the streaming parser's options. */
  #parse(text: string): string[][] {
    return parseSync(text, {
      delimiter: this.#options.delimiter,
      record_delimiter: [this.#options.crlf ? '\r\n' : '\n'],
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
    });
  }

  /** From here on, csv-parse over the whole file, without the records already given. */
  #handOver(): void {
    this.#batch = [];
    this.#next = 0;
    this.#pending = Buffer.alloc(0);
    this.#skip = this.#given;
    const handle = this.#handle;
    this.#handle = undefined;
    if (!handle) return;
    this.#ended = false;
    this.#delegate = this.#restart(handle);
  }

  #closeFile(): void {
    const handle = this.#handle;
    this.#handle = undefined;
    void handle?.close().catch(() => undefined);
  }
}

/**
 * Where the last whole line of `bytes` ends (0 if none does): after the last LF, or after the last
 * CRLF in a CRLF file.
 */
function lastLineEnd(bytes: Buffer, crlf: boolean): number {
  if (!crlf) return bytes.lastIndexOf(10) + 1;
  const at = bytes.lastIndexOf('\r\n');
  return at < 0 ? 0 : at + 2;
}
