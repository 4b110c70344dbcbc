/**
 * One pass over a CSV's bytes before it is parsed (the parse then reads them again, from the OS
 * cache), with native calls only: node's isUtf8 on each chunk, and indexOf for line endings. Also
 * the UTF-8 checks the xlsx reader's XML guard uses (xml-guard.ts).
 */
import { isUtf8 as isUtf8Bytes } from 'node:buffer';
import { open, type FileHandle } from 'node:fs/promises';

/** What the CSV record stream reads: the file from `start` (after a BOM), decoded, split. */
export interface CsvStreamSpec {
  file: string;
  /** Byte offset to start at (after a BOM). */
  start: number;
  /** iconv-lite encoding name; UTF-8 goes to csv-parse as bytes. */
  encoding: string;
  delimiter: string;
}

export interface CsvScan {
  /** The line endings to give csv-parse. */
  lineEndings: string[];
  /**
   * Byte offset of the first byte that is not UTF-8 (a UTF-8 file only): csv-parse would read it
   * as U+FFFD without a word.
   */
  notUtf8At?: number;
}

export function isUtf8(encoding: string): boolean {
  return /^utf-?8$/i.test(encoding);
}

/**
 * The spreadsheet encodings of one byte a character (read-csv.ts lists those it accepts), where
 * bytes below 0x80 are ASCII: CR, LF, the quote and an ASCII delimiter are those bytes, as in UTF-8.
 */
export function isSingleByte(encoding: string): boolean {
  return /^(?:win-?1252|windows-?1252|cp-?1252|latin-?1|iso-?8859-?1|mac-?roman|macintosh)$/i.test(encoding);
}

/** Any mix of line endings: what csv-parse is given when the file is not one kind throughout. */
export const ANY_LINE_ENDING = ['\r\n', '\n', '\r'];

/** Bytes the scan reads at a time, into one buffer it reuses. */
const SCAN_CHUNK = 1 << 20;

/** Line endings seen so far, chunk by chunk. */
class LineEndings {
  mixed = false;
  private sawCr = false;
  private loneLf = false;
  /** The previous chunk ended with a CR: its LF, if any, is the first byte of this chunk. */
  private pendingCr = false;

  add(bytes: Buffer): void {
    if (this.mixed) return;
    const hasCr = bytes.indexOf(13) >= 0;
    this.mixed = mixedLineEndings(bytes, this.pendingCr);
    this.sawCr ||= hasCr;
    this.loneLf ||= !hasCr && bytes.indexOf(10, this.pendingCr ? 1 : 0) >= 0;
    this.pendingCr = bytes[bytes.length - 1] === 13;
    this.mixed ||= this.sawCr && this.loneLf;
  }

  /** What to give csv-parse; a CR that ends the file is a lone one. */
  result(): string[] {
    if (this.mixed || this.pendingCr) return ANY_LINE_ENDING;
    return this.sawCr ? ['\r\n'] : ['\n'];
  }
}

/**
 * Line endings: csv-parse tries each one it is given at every character, so a file that uses only
 * LF, or only CRLF, is parsed with that one alone: exactly the same records (no other CR or LF is
 * in the file, quoted or not), about 7% faster. Any mix, UTF-16 (decoded before parsing) or a read
 * error gets all three.
 *
 * UTF-8: the encoding is detected from the first 64 KB; a byte further on that is not UTF-8 (a
 * Windows-1252 'ü' typed into one row of an otherwise ASCII file) is found here, so the reader can
 * refuse the file instead of changing that value.
 */
export async function scanCsvBytes(spec: CsvStreamSpec): Promise<CsvScan> {
  const utf8 = isUtf8(spec.encoding);
  if (!utf8 && !isSingleByte(spec.encoding)) return { lineEndings: ANY_LINE_ENDING };
  const endings = new LineEndings();
  // The previous chunk ended inside a UTF-8 sequence: its first bytes, checked with this chunk.
  let carry = Buffer.alloc(0);
  let handle: FileHandle | undefined;
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
      endings.add(bytes);
    }
    // The file ends inside a sequence.
    if (carry.length > 0) return { lineEndings: ANY_LINE_ENDING, notUtf8At: position - carry.length };
  } catch {
    return { lineEndings: ANY_LINE_ENDING }; // the parse stream reports the read error itself
  } finally {
    await handle?.close().catch(() => undefined);
  }
  return { lineEndings: endings.result() };
}

/**
 * Whether a chunk with CRs has a CR not followed by LF or a LF not after a CR (a chunk without CR
 * is checked by the caller, which knows whether CRs came before it).
 */
function mixedLineEndings(bytes: Buffer, pendingCr: boolean): boolean {
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
 */
export function completeUtf8End(bytes: Buffer): number {
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
 */
export function firstNotUtf8(bytes: Buffer): number {
  for (let at = 0; at < bytes.length;) {
    const b = bytes[at] ?? 0;
    if (b < 0x80) {
      at++;
      continue;
    }
    // The allowed range of the second byte, and how many bytes the sequence has.
    let low = 0x80;
    let high = 0xbf;
    let length: number;
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
