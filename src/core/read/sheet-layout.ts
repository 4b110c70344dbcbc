/**
 * What exceljs's streaming worksheet reader drops: hidden rows (`<row hidden="1">`) and merged
 * ranges (`<mergeCell ref>`). A pass-through scanner reads them from the same XML stream as it
 * flows to exceljs, so nothing is buffered (PRODUCT.md, Load: hidden and merged rows reported).
 *
 * It also gives exceljs what it cannot do without: the `r` attributes (row number, cell address)
 * that OOXML makes optional and some writers leave out (ECMA-376 Part 1, 18.3.1.4 and 18.3.1.73:
 * a row without `r` follows the previous row, a cell without `r` the previous cell). When the
 * sheet's first row or cell has none, each tag missing one gets it written in; a sheet that has
 * them, as Excel, LibreOffice and every writer we know write them, passes through unchanged.
 */
import { Transform, type Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';

export interface SheetLayout {
  hiddenRows: Set<number>;
  merges: string[];
  /** The XML reached its closing `</worksheet>`: false when the part ends early (a damaged file). */
  complete: boolean;
}

/** The worksheet's closing tag, with or without a namespace prefix. */
const WORKSHEET_END = /<\/(?:[\w.-]+:)?worksheet\s*>/;

/** The first row tag and the first cell tag decide whether the sheet's tags need their `r` written in. */
const FIRST_ROW = /<(?:[\w.-]+:)?row(?:[\s/][^>]*)?>/;
const FIRST_CELL = /<(?:[\w.-]+:)?c(?:[\s/][^>]*)?>/;
/** Row and cell tags, with their prefix, name and attributes. */
const ROW_OR_CELL = /<((?:[\w.-]+:)?)(row|c)([\s/][^>]*)?>/g;
const R_ATTRIBUTE = /\sr="([^"]*)"/;

/** Past this many bytes with no row or cell tag yet, the sheet passes through as it is. */
const DECIDE_WITHIN_BYTES = 1 << 20;

/** Wraps a worksheet XML stream; `layout` fills in as the stream is consumed. */
export function scanSheetLayout(source: Readable): { stream: Readable; layout: SheetLayout } {
  const layout: SheetLayout = { hiddenRows: new Set(), merges: [], complete: false };
  const decoder = new StringDecoder('utf8');
  let carry = '';
  // Until the first cell tag, chunks are held back (raw, and as text): it and the first row tag decide
  // whether the sheet passes through as it came or goes on as text with addresses written in.
  let held: Buffer[] | undefined = [];
  let heldText: string[] = [];
  let heldBytes = 0;
  let rowSeen = false;
  let missing = false;
  let addresses: Addresses | undefined;
  const scan = (text: string): void => {
    for (const m of text.matchAll(/<row\b[^>]*>/g)) {
      const tag = m[0];
      if (!/\bhidden="(1|true)"/.test(tag)) continue;
      const r = /\br="(\d+)"/.exec(tag)?.[1];
      if (r) layout.hiddenRows.add(Number(r));
    }
    for (const m of text.matchAll(/<mergeCell\b[^>]*\bref="([A-Z]+\d+:[A-Z]+\d+)"/g))
      if (m[1]) layout.merges.push(m[1]);
    // Only whitespace may follow the closing tag, so the end of each piece is enough to look at.
    if (WORKSHEET_END.test(text.slice(-64))) layout.complete = true;
  };
  /** What to pass on for `piece` (whole tags only) of `chunk`, or undefined for nothing yet. */
  const pass = (piece: string, chunk: Buffer | undefined): Buffer | undefined => {
    if (held) {
      if (chunk) held.push(chunk);
      heldBytes += chunk?.length ?? 0;
      const row = rowSeen ? undefined : FIRST_ROW.exec(piece)?.[0];
      if (row !== undefined) {
        rowSeen = true;
        missing ||= !R_ATTRIBUTE.test(row);
      }
      const cell = FIRST_CELL.exec(piece)?.[0];
      if (cell === undefined && heldBytes < DECIDE_WITHIN_BYTES && chunk) {
        scan(piece);
        heldText.push(piece);
        return undefined;
      }
      if (missing || (cell !== undefined && !R_ATTRIBUTE.test(cell))) {
        // The held text has no cell but may have the first rows: rewritten too (scanning it again
        // adds nothing twice: hidden rows are a set, merged ranges come after the cells).
        addresses = new Addresses();
        const out = addresses.rewrite(heldText.join('') + piece);
        held = undefined;
        heldText = [];
        scan(out);
        return Buffer.from(out);
      }
      scan(piece);
      const raw = Buffer.concat(held);
      held = undefined;
      heldText = [];
      return raw;
    }
    if (!addresses) {
      scan(piece);
      return chunk;
    }
    const out = addresses.rewrite(piece);
    scan(out);
    return Buffer.from(out);
  };
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      const text = carry + decoder.write(chunk);
      // Keep an unfinished tag for the next chunk.
      const lt = text.lastIndexOf('<');
      const cut = lt >= 0 && text.indexOf('>', lt) === -1 ? lt : text.length;
      carry = text.slice(cut);
      done(null, pass(text.slice(0, cut), chunk));
    },
    flush(done) {
      const rest = carry + decoder.end();
      carry = '';
      // Passing through, the raw chunks already held these bytes: pass gives nothing more then.
      done(null, pass(rest, undefined));
    },
  });
  source.on('error', (error) => stream.destroy(error));
  return { stream: source.pipe(stream), layout };
}

/** Row numbers and cell addresses for tags without them: the previous row + 1, the previous cell + 1. */
class Addresses {
  private row = 0;
  private column = 0;

  rewrite(text: string): string {
    return text.replace(ROW_OR_CELL, (tag: string, prefix: string, name: string, attributes = '') => {
      const given = R_ATTRIBUTE.exec(attributes)?.[1];
      if (name === 'row') {
        this.row = given !== undefined && /^\d+$/.test(given) ? Number(given) : this.row + 1;
        this.column = 0;
        return given !== undefined ? tag : `<${prefix}row r="${this.row}"${attributes}>`;
      }
      if (given !== undefined) {
        this.column = columnNumber(given) || this.column + 1;
        return tag;
      }
      this.column++;
      return `<${prefix}c r="${columnLetters(this.column)}${this.row}"${attributes}>`;
    });
  }
}

/** `AB12` → 28. */
function columnNumber(address: string): number {
  let n = 0;
  for (const c of /^[A-Z]+/.exec(address)?.[0] ?? '') n = n * 26 + c.charCodeAt(0) - 64;
  return n;
}

/** 28 → `AB`. */
function columnLetters(n: number): string {
  let letters = '';
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26))
    letters = String.fromCharCode(65 + ((k - 1) % 26)) + letters;
  return letters;
}

/** Data rows a merged range covers below its first row (their cells read as empty). */
export function mergedDataRanges(layout: SheetLayout, headerRow: number): string[] {
  return layout.merges.filter((ref) => {
    const rows = ref.match(/\d+/g)?.map(Number) ?? [];
    const [top = 0, bottom = 0] = rows;
    return bottom > top && bottom > headerRow;
  });
}
