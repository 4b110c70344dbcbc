/**
 * The CSV record stream: file bytes (from after the BOM) → decoding (none for UTF-8: csv-parse
 * decodes each field) → csv-parse with the detected delimiter and line endings, every cell as
 * text. A file in UTF-8 or a one-byte encoding with one kind of line ending is split by the fast
 * path (csv-split.ts) instead, which hands over to csv-parse where it cannot be sure. All in this
 * thread: no worker (docs/RELIABILITY.md, section 5).
 */
import { createReadStream } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import iconv from 'iconv-lite';
import { SplitRecords, type RecordReader, type SplitOptions } from './csv-split.ts';
import {
  ANY_LINE_ENDING,
  isSingleByte,
  isUtf8,
  scanCsvBytes,
  type CsvScan,
  type CsvStreamSpec,
} from './csv-scan.ts';

/** Longest record csv-parse may buffer (a bound on memory for hostile files). */
const MAX_RECORD_BYTES = 16 * 1024 * 1024;

/**
 * The parser stream, in object mode: one `string[]` per record. From `handle` when given (it reads
 * from it and closes it), so a file replaced on disk meanwhile is not read in part from the new one.
 */
export function openCsvRecords(
  spec: CsvStreamSpec,
  lineEndings: string[] = ANY_LINE_ENDING,
  handle?: FileHandle,
): Readable {
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

/** Where the reader pulls its records from; `via` says which path reads. */
export interface RecordSource extends RecordReader {
  readonly via: 'split' | 'thread';
}

/**
 * The file's records, after a scan of its bytes (csv-scan.ts): the fast path where it applies
 * (unless `split` is false, as tests comparing the two ask), else csv-parse.
 */
export async function openCsvSource(spec: CsvStreamSpec, split = true): Promise<RecordSource> {
  const scan = await scanCsvBytes(spec);
  const parsed = (handle?: FileHandle): CsvRecords =>
    new CsvRecords(openCsvRecords(spec, scan.lineEndings, handle), scan.notUtf8At);
  const options = split ? splitOptions(spec, scan) : undefined;
  if (options) return new SplitRecords(await open(spec.file, 'r'), spec.start, options, parsed);
  return parsed();
}

/**
 * How the fast path would split the file, or undefined where it does not apply: a file in UTF-16,
 * read as UTF-8 but not UTF-8 throughout, or that mixes line endings, is csv-parse's alone.
 */
function splitOptions(spec: CsvStreamSpec, scan: CsvScan): SplitOptions | undefined {
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
 * Pulls records from the parser stream: `read()` gives a record already parsed or null at once
 * (no promise per record), `next()` waits for the next one (undefined at the end) and rejects with
 * the parser's error, after the records parsed before it.
 */
export class CsvRecords implements RecordSource {
  readonly via = 'thread';
  private ended = false;
  private error: unknown = undefined;
  private waiter: (() => void) | undefined = undefined;
  /** Records the parser gave before its error, taken out of the stream when the error came. */
  private readonly beforeError: string[][] = [];

  constructor(
    private readonly stream: Readable,
    /** Byte offset of the first byte that is not UTF-8, in a file read as UTF-8 (scanCsvBytes). */
    readonly notUtf8At: number | undefined,
  ) {
    stream.on('readable', () => this.wake());
    stream.on('end', () => {
      this.ended = true;
      this.wake();
    });
    stream.on('error', (error) => {
      // The records parsed before the error come first (else the row the error names is one short).
      for (
        let record = stream.read() as string[] | null;
        record !== null;
        record = stream.read() as string[] | null
      )
        this.beforeError.push(record);
      this.error = error;
      this.wake();
    });
  }

  read(): string[] | null {
    if (this.error !== undefined) return this.beforeError.shift() ?? null;
    return this.stream.read() as string[] | null;
  }

  async next(): Promise<string[] | undefined> {
    for (;;) {
      const record = this.read();
      if (record !== null) return record;
      if (this.error !== undefined) throw this.error;
      if (this.ended) return undefined;
      await new Promise<void>((resolve) => (this.waiter = resolve));
    }
  }

  /** Stops reading (the consumer is done or gave up); closes the file. */
  close(): void {
    this.stream.destroy();
    // A reader still waiting gets the end (destroy emits no 'end' or 'error').
    this.ended = true;
    this.wake();
  }

  private wake(): void {
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.();
  }
}
