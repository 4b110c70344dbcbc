/**
 * Format, encoding and delimiter detection for the files customers actually send: Excel
 * workbooks (zip), and CSV/TSV/TXT exports in UTF-8 (with or without BOM), UTF-16 LE/BE (with or
 * without BOM) or Windows-1252, separated by `,`, `;` or tab (PRODUCT.md, Load).
 */
import { isUtf8 } from 'node:buffer';
import { open, type FileHandle } from 'node:fs/promises';

export type FileFormat = 'xlsx' | 'csv' | 'xls' | 'ods' | 'pdf' | 'unknown-binary';

export type TextEncoding = 'utf8' | 'utf16le' | 'utf16be' | 'win1252';

export interface TextSniff {
  encoding: TextEncoding;
  /** Bytes to skip at the start (a byte-order mark). */
  bomLength: number;
  /** How the encoding was found, for the report ("BOM", "guessed"...). */
  how: string;
}

const SAMPLE_BYTES = 64 * 1024;

/** Reads the first bytes of a file, by name or open (fewer when the file is shorter). */
export async function readHead(file: string | FileHandle, bytes = SAMPLE_BYTES): Promise<Buffer> {
  const handle = typeof file === 'string' ? await open(file, 'r') : file;
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    if (typeof file === 'string') await handle.close();
  }
}

/** Recognises the container from magic bytes, whatever the file is called. */
export function sniffFormat(head: Buffer): FileFormat {
  if (head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && (head[2] === 3 || head[2] === 5)) {
    // A zip: xlsx, or an OpenDocument spreadsheet (its first entry names the mimetype).
    return head.subarray(0, 200).includes('opendocument') ? 'ods' : 'xlsx';
  }
  if (head.length >= 8 && head.readUInt32BE(0) === 0xd0cf11e0) return 'xls'; // OLE2: .xls or encrypted .xlsx
  if (head.subarray(0, 5).toString('latin1') === '%PDF-') return 'pdf';
  const sniff = sniffEncoding(head);
  if (sniff.encoding === 'utf16le' || sniff.encoding === 'utf16be') return 'csv';
  return looksBinary(head) ? 'unknown-binary' : 'csv';
}

/** Control bytes that never occur in text exports (NUL, and C0 controls other than tab/CR/LF/FF). */
function looksBinary(head: Buffer): boolean {
  if (head.length === 0) return false;
  let odd = 0;
  for (const byte of head) {
    if (byte === 0 || (byte < 0x20 && byte !== 9 && byte !== 10 && byte !== 13 && byte !== 12)) odd++;
  }
  return odd / head.length > 0.01;
}

/** BOM first; then UTF-16 without BOM from the NUL pattern; then UTF-8 validity; else Windows-1252. */
export function sniffEncoding(head: Buffer): TextSniff {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) {
    return { encoding: 'utf8', bomLength: 3, how: 'UTF-8 (BOM)' };
  }
  if (head[0] === 0xff && head[1] === 0xfe)
    return { encoding: 'utf16le', bomLength: 2, how: 'UTF-16 LE (BOM)' };
  if (head[0] === 0xfe && head[1] === 0xff)
    return { encoding: 'utf16be', bomLength: 2, how: 'UTF-16 BE (BOM)' };
  const pairs = Math.min(head.length >> 1, 4096);
  if (pairs >= 2) {
    let evenNul = 0;
    let oddNul = 0;
    for (let i = 0; i < pairs; i++) {
      if (head[2 * i] === 0) evenNul++;
      if (head[2 * i + 1] === 0) oddNul++;
    }
    // ASCII-heavy UTF-16: one byte of every pair is NUL.
    if (oddNul / pairs > 0.3 && evenNul / pairs < 0.05) {
      return { encoding: 'utf16le', bomLength: 0, how: 'UTF-16 LE (no BOM, guessed)' };
    }
    if (evenNul / pairs > 0.3 && oddNul / pairs < 0.05) {
      return { encoding: 'utf16be', bomLength: 0, how: 'UTF-16 BE (no BOM, guessed)' };
    }
  }
  if (isValidUtf8(head)) return { encoding: 'utf8', bomLength: 0, how: 'UTF-8' };
  return { encoding: 'win1252', bomLength: 0, how: 'Windows-1252 (not valid UTF-8, guessed)' };
}

/**
 * Strict UTF-8 check (node's native one) that tolerates a sequence cut by the sample's end: a
 * valid lead byte among the last three bytes whose continuation bytes run past the end is left out.
 */
function isValidUtf8(bytes: Buffer): boolean {
  let end = bytes.length;
  for (let back = 1; back <= 3 && back <= bytes.length; back++) {
    const b = bytes[bytes.length - back] ?? 0;
    if ((b & 0xc0) === 0x80) continue; // a continuation byte: look further back for its lead
    if (b < 0xc2) break; // ASCII (complete), or a byte no sequence starts with (isUtf8 rejects it)
    if (b > 0xf4) return false;
    const need = b >= 0xf0 ? 3 : b >= 0xe0 ? 2 : 1;
    if (need >= back) end = bytes.length - back;
    break;
  }
  return isUtf8(bytes.subarray(0, end));
}

const DELIMITERS = [',', ';', '\t'] as const;
const SNIFF_LINES = 20;
const SNIFF_CHARS = 32 * 1024;

/**
 * Picks `,` `;` or tab by counting each outside quotes on the first lines (a quoted line break does
 * not end a line). The delimiter found in the header the same number of times on the most lines
 * wins, then the one found more often in the header; ties go to `,`. One pass over the characters:
 * it runs before every CSV read.
 */
export function sniffDelimiter(text: string): ',' | ';' | '\t' {
  const codes = DELIMITERS.map((d) => d.charCodeAt(0));
  const lines: number[][] = [];
  let counts = [0, 0, 0];
  let lineLength = 0;
  let quoted = false;
  const length = Math.min(text.length, SNIFF_CHARS);
  for (let i = 0; i < length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) quoted = !quoted;
    else if (!quoted && (c === 10 || c === 13)) {
      if (lineLength > 0) lines.push(counts);
      counts = [0, 0, 0];
      lineLength = 0;
      if (lines.length >= SNIFF_LINES) break;
      continue;
    } else if (!quoted) {
      const d = codes.indexOf(c);
      if (d >= 0) counts[d] = (counts[d] ?? 0) + 1;
    }
    lineLength++;
  }
  if (lineLength > 0 && lines.length < SNIFF_LINES) lines.push(counts);
  let best: ',' | ';' | '\t' = ',';
  let bestScore = 0;
  DELIMITERS.forEach((delimiter, d) => {
    // Counted from the first line that has it: a title line above the headers ("Batch 7") has none.
    const from = lines.findIndex((line) => (line[d] ?? 0) > 0);
    const first = lines[from]?.[d] ?? 0;
    if (first === 0) return;
    const consistent = lines.slice(from).filter((line) => line[d] === first).length;
    const score = consistent * SNIFF_CHARS + first;
    if (score > bestScore) {
      bestScore = score;
      best = delimiter;
    }
  });
  return best;
}
