/**
 * The CSV record stream: file bytes (from after the BOM) → decoding (none for UTF-8: csv-parse
 * decodes each field) → csv-parse with the detected delimiter and line endings, every cell as
 * text. One path for every CSV, in this thread: csv-parse alone reads the bench sheet within a
 * few percent of a bare csv-parse read (docs/RELIABILITY.md, section 5).
 */
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import iconv from 'iconv-lite';
import { ANY_LINE_ENDING, isUtf8, scanCsvBytes, type CsvStreamSpec } from './csv-scan.ts';

/** Longest record csv-parse may buffer (a bound on memory for hostile files). */
const MAX_RECORD_BYTES = 16 * 1024 * 1024;

/** The parser stream, in object mode: one `string[]` per record. */
export function openCsvRecords(spec: CsvStreamSpec, lineEndings: string[] = ANY_LINE_ENDING): Readable {
  const bytes = createReadStream(spec.file, { start: spec.start });
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

/** The file's records, after a scan of its bytes (csv-scan.ts) that chose the line endings. */
export async function openCsvSource(spec: CsvStreamSpec): Promise<CsvRecords> {
  const scan = await scanCsvBytes(spec);
  return new CsvRecords(openCsvRecords(spec, scan.lineEndings), scan.notUtf8At);
}

/**
 * Pulls records from the parser stream: `read()` gives a record already parsed or null at once
 * (no promise per record), `next()` waits for the next one (undefined at the end) and rejects with
 * the parser's error, after the records parsed before it.
 */
export class CsvRecords {
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
