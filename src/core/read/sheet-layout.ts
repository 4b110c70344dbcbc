/* eslint-disable max-lines-per-function -- issue 19: split by h-csv/h-guard */
/**
 * What exceljs's streaming worksheet reader drops: hidden rows (`<row hidden="1">`) and merged
 * ranges (`<mergeCell ref>`). A pass-through scanner reads them from the same XML stream as it
 * flows to exceljs, so nothing is buffered (PRODUCT.md, Load: hidden and merged rows reported).
 *
 * It also gives exceljs what it cannot do without: the `r` attributes (row number, cell address)
 * that OOXML makes optional and some writers leave out (ECMA-376 Part 1, 18.3.1.4 and 18.3.1.73:
 * a row without `r` follows the previous row, a cell without `r` the previous cell). When the
 * sheet's first row or cell has none, each tag missing one gets it written in; a sheet that has
 * them, as Excel, LibreOffice and every writer we know write them, passes through unchanged. And it
 * puts right the cells exceljs would misread (xml-fixes.ts).
 */
import { Transform, type Readable } from 'node:stream';
import { count, megabytes, overBudget } from './limits.ts';
import { columnLetter } from '../util/column-letter.ts';
import { fixCells, prefixPattern, rootPrefix } from './xml-fixes.ts';
import {
  checkDepth,
  checkUtf8,
  depthAfter,
  partContext,
  Pieces,
  RETRY_FROM,
  wholeCharacters,
  type PartContext,
} from './xml-guard.ts';

/**
 * Hidden columns (`<col min max hidden="1">`), as one flag per column up to the column budget:
 * ranges are filled in, never expanded into a set (2,000 ranges of 16,384 columns each made a Set
 * past its maximum size, 759 MB, and crashed).
 */
export class HiddenColumns {
  private readonly flags: Uint8Array;
  /** Column ranges (`<col>`) seen, hidden or not, for the budget. */
  ranges = 0;

  constructor(readonly columns: number) {
    this.flags = new Uint8Array(columns + 1);
  }

  add(min: number, max: number): void {
    const from = Math.max(1, min);
    const to = Math.min(this.columns, max);
    if (from <= to) this.flags.fill(1, from, to + 1);
  }

  /** Whether column `column` (1-based) is hidden. */
  has(column: number): boolean {
    return this.flags[column] === 1;
  }
}

export interface SheetLayout {
  hiddenRows: Set<number>;
  /** Hidden columns (`<col min max hidden="1">`), 1-based. */
  hiddenColumns: HiddenColumns;
  merges: string[];
  /** The XML reached its closing `</worksheet>`: false when the part ends early (a damaged file). */
  complete: boolean;
}

/** The worksheet's closing tag, with or without a namespace prefix. */
const WORKSHEET_END = /<\/(?:[\w.-]+:)?worksheet\s*>/;

/** A tag's attributes: a quoted value may hold `>`. */
const ATTRIBUTES = `(?:[^>"']|"[^"]*"|'[^']*')*`;
/** The first row tag and the first cell tag decide whether the sheet's tags need their `r` written in. */
const FIRST_ROW = new RegExp(`<row(?:[\\s/]${ATTRIBUTES})?>`);
const FIRST_CELL = new RegExp(`<c(?:[\\s/]${ATTRIBUTES})?>`);
/** Row and cell tags, with their name and attributes. */
const ROW_OR_CELL = new RegExp(`<(row|c)([\\s/]${ATTRIBUTES})?>`, 'g');
/** An `r` attribute, in either quotes, with or without spaces around `=`. */
const R_ATTRIBUTE = /\sr\s*=\s*(?:"([^"]*)"|'([^']*)')/;
/** Comments (dropped) and CDATA sections (written as escaped text, which exceljs reads; it ignores CDATA). */
const COMMENT = /<!--[\s\S]*?-->/g;
/**
 * What the slower steps are for: comments and CDATA, and the cells fixCells may change. One regex
 * pass over each piece (~0.6 ms a MB) decides whether they run; most sheets have none of these.
 */
const SPECIAL = /<!|&|_x|<r[\s>]|<rPh\b|t="[de]"|t='/;
const CDATA = /<!\[CDATA\[([\s\S]*?)\]\]>/g;

function rValue(attributes: string): string | undefined {
  const m = R_ATTRIBUTE.exec(attributes);
  return m ? (m[1] ?? m[2]) : undefined;
}

/** A cell's XML longer than this is not held back whole (see cutPoint); Excel's longest is ~200 KB. */
const MAX_HELD_CELL = 1 << 20;

/**
 * Wraps a worksheet XML stream; `layout` fills in as the stream is consumed. The stream gives text
 * (decoded across chunk boundaries, see xml-fixes.ts), in pieces of whole cells.
 */
export function scanSheetLayout(
  source: Readable,
  context: PartContext = partContext('the worksheet'),
): { stream: Readable; layout: SheetLayout } {
  const { limits } = context;
  const where = context.sheet === undefined ? {} : { sheet: context.sheet };
  const layout: SheetLayout = {
    hiddenRows: new Set(),
    hiddenColumns: new HiddenColumns(limits.columns),
    merges: [],
    complete: false,
  };
  let carry: Buffer = Buffer.alloc(0);
  const waiting = new Pieces<Buffer>();
  let depth = 0;
  // Bytes of the part passed on so far (where the next piece starts), for messages.
  let offset = 0;
  // The first row tag and the first cell tag decide whether addresses are written in; until then,
  // the number of the last row seen (a row with its number and no cells may come first).
  let decided = false;
  let beforeData = true;
  let lastRow = 0;
  let addresses: Addresses | undefined;
  // Undefined until the root element is seen; then the prefix of its elements, or null for none.
  let prefix: RegExp | null | undefined;
  // The cell and row tags as the raw bytes spell them (with the prefix, if any), for cutPoint.
  let tags = tagsOf('');
  const scan = (text: string): void => {
    for (const m of text.matchAll(/<row\b[^>]*>/g)) {
      const tag = m[0];
      if (!/\bhidden="(1|true)"/.test(tag)) continue;
      const r = rValue(tag);
      if (r !== undefined && /^\d+$/.test(r)) layout.hiddenRows.add(Number(r));
      if (layout.hiddenRows.size > limits.rows)
        throw overBudget(context.file, context.part, `more than ${count(limits.rows)} hidden rows`, where);
    }
    // Column widths and hiding (`<cols>`) come before the cells: not looked for after them.
    if (beforeData) {
      beforeData = !text.includes('<sheetData');
      for (const m of text.matchAll(/<col\s[^>]*>/g)) {
        const tag = m[0];
        // Every range counts (exceljs keeps each one), hidden or not.
        if (++layout.hiddenColumns.ranges > limits.hiddenColumnRanges)
          throw overBudget(
            context.file,
            context.part,
            `more than ${count(limits.hiddenColumnRanges)} column ranges (<col>)`,
            where,
          );
        if (!/\bhidden\s*=\s*["'](?:1|true)["']/.test(tag)) continue;
        const min = Number(/\bmin\s*=\s*["'](\d+)["']/.exec(tag)?.[1] ?? 0);
        const max = Number(/\bmax\s*=\s*["'](\d+)["']/.exec(tag)?.[1] ?? min);
        layout.hiddenColumns.add(min, max);
      }
    }
    for (const m of text.matchAll(/<mergeCell\b[^>]*\bref="([A-Z]+\d+:[A-Z]+\d+)"/g)) {
      // A copy, not a slice: a slice would keep the whole piece of XML alive.
      if (m[1]) layout.merges.push(Buffer.from(m[1], 'latin1').toString('latin1'));
      if (layout.merges.length > limits.merges)
        throw overBudget(
          context.file,
          context.part,
          `more than ${count(limits.merges)} merged ranges (<mergeCell>)`,
          where,
        );
    }
    // Only whitespace may follow the closing tag, so the end of each piece is enough to look at.
    if (WORKSHEET_END.test(text.slice(-64))) layout.complete = true;
  };
  const decide = (piece: string): void => {
    const row = FIRST_ROW.exec(piece)?.[0];
    const cell = FIRST_CELL.exec(piece)?.[0];
    if ((row !== undefined && !R_ATTRIBUTE.test(row)) || (cell !== undefined && !R_ATTRIBUTE.test(cell))) {
      addresses = new Addresses(lastRow);
      decided = true;
    } else if (cell !== undefined) decided = true;
    else
      for (const m of piece.matchAll(new RegExp(FIRST_ROW.source, 'g'))) {
        const r = rValue(m[0]);
        if (r !== undefined && /^\d+$/.test(r)) lastRow = Number(r);
      }
  };
  /** What exceljs gets for `piece` (whole cells only), or undefined for nothing. */
  const pass = (text: string, special: boolean): string | undefined => {
    const piece =
      special && text.includes('<!')
        ? text.replace(COMMENT, '').replace(CDATA, (_m, t: string) => escapeText(t))
        : text;
    if (!decided) decide(piece);
    let out = addresses ? addresses.rewrite(piece) : piece;
    if (special) out = fixCells(out);
    depth = depthAfter(out, depth);
    checkDepth(depth, context);
    scan(out);
    return out === '' ? undefined : out;
  };
  /** The text of `bytes` (whole characters), its tags' namespace prefix taken off. */
  const decode = (bytes: Buffer, end: number): string => {
    checkUtf8(bytes, end, offset, context);
    const text = bytes.toString('utf8', 0, end);
    // A sheet whose elements carry a namespace prefix (`<x:row>`): exceljs knows the names alone.
    if (prefix === undefined) {
      const name = rootPrefix(text, 'worksheet');
      prefix = name === undefined ? undefined : prefixPattern(name);
      if (name) tags = tagsOf(name);
    }
    return prefix ? text.replace(prefix, '$1') : text;
  };
  const stream = new Transform({
    // Text, not bytes: exceljs's parser takes strings as they are. Each piece is decoded from bytes
    // at once, so it is one flat string (the XML parser reads a string sliced from a longer one
    // ~10% slower), and cut where the bytes hold whole characters.
    readableObjectMode: true,
    transform(chunk: Buffer, _encoding, done) {
      try {
        // Bytes held back (a tag, comment or cell not finished) are looked at again only once as
        // many new bytes have come, so each byte is looked at a bounded number of times.
        if (carry.length > RETRY_FROM && waiting.length + chunk.length < carry.length) {
          waiting.add(chunk);
          done();
          return;
        }
        const bytes =
          carry.length > 0 || waiting.length > 0 ? Buffer.concat([carry, ...waiting.take(), chunk]) : chunk;
        let cut = cutPoint(bytes, false, tags);
        let text = decode(bytes, cut);
        const special = SPECIAL.test(text);
        if (special && text.includes('<!')) {
          cut = cutPoint(bytes, true, tags);
          text = decode(bytes, cut);
        }
        // What is held back is copied again with each piece: past the budget, the tag, comment or
        // cell is refused, so the time stays linear in the bytes (it grew with their square).
        if (bytes.length - cut > limits.heldBytes)
          throw overBudget(
            context.file,
            context.part,
            `a tag, comment or cell that is not closed within ${megabytes(limits.heldBytes)} (from byte ${count(offset + cut)})`,
            where,
          );
        offset += cut;
        carry = bytes.subarray(cut);
        done(null, pass(text, special));
      } catch (error) {
        done(error as Error);
      }
    },
    flush(done) {
      try {
        if (waiting.length > 0) carry = Buffer.concat([carry, ...waiting.take()]);
        const rest = decode(carry, carry.length);
        offset += carry.length;
        carry = Buffer.alloc(0);
        done(null, pass(rest, SPECIAL.test(rest)));
      } catch (error) {
        done(error as Error);
      }
    },
  });
  source.on('error', (error) => stream.destroy(error));
  return { stream: source.pipe(stream), layout };
}

/**
 * Where to end a piece of `bytes`: before an unfinished tag (and, with `comments`, an unfinished
 * comment or CDATA section), and before a cell whose closing tag has not come yet, so every cell
 * reaches fixCells whole (unless it is over MAX_HELD_CELL: then only the tag is waited for); and
 * never inside a character. The markup searched for is ASCII, which UTF-8 never uses inside a
 * character, so a cut before it is between characters.
 */
function cutPoint(bytes: Buffer, comments: boolean, tags: Tags): number {
  const lt = bytes.lastIndexOf(LT);
  let cut = lt >= 0 && bytes.indexOf(GT, lt) === -1 ? lt : wholeCharacters(bytes);
  // A comment or CDATA section not closed yet waits for the next piece too.
  const bang = comments && cut > 0 ? bytes.lastIndexOf('<!', cut - 1) : -1;
  if (bang >= 0) {
    const cdata = bytes.indexOf('<![CDATA[', bang) === bang;
    if (bytes.indexOf(cdata ? ']]>' : '-->', bang) === -1) cut = bang;
  }
  const open = lastTag(bytes, cut, tags.cell);
  if (open >= 0 && cut - open <= MAX_HELD_CELL) {
    const gt = bytes.indexOf(GT, open);
    if (gt < 0 || gt >= cut) cut = open;
    else if (bytes[gt - 1] !== 47) {
      const close = bytes.indexOf(tags.cellEnd, gt);
      if (close < 0 || close >= cut) cut = open;
    }
  }
  // A row whose first cell is not in this piece waits for it (a row without r is numbered from it).
  const row = lastTag(bytes, cut, tags.row);
  if (row >= 0 && cut - row <= MAX_HELD_CELL && lastTag(bytes, cut, tags.cell) < row) {
    const end = bytes.indexOf(GT, row);
    if (end < 0 || end >= cut || bytes[end - 1] !== 47) return row;
  }
  return cut;
}

interface Tags {
  /** `<c` and `<row`, with the prefix if any. */
  cell: string;
  row: string;
  /** `</c>`, with the prefix if any. */
  cellEnd: string;
}

function tagsOf(prefix: string): Tags {
  return { cell: `<${prefix}c`, row: `<${prefix}row`, cellEnd: `</${prefix}c>` };
}

const LT = 60;
const GT = 62;

/** Start of the last `name` tag (`<c`, not `<cols` nor `<cfRule`...) before `end`, or -1. */
function lastTag(bytes: Buffer, end: number, name: string): number {
  if (end <= 0) return -1;
  // (A negative offset would count from the end: stop after looking at 0.)
  for (
    let at = bytes.lastIndexOf(name, end - 1);
    at >= 0;
    at = at > 0 ? bytes.lastIndexOf(name, at - 1) : -1
  ) {
    const next = bytes[at + name.length];
    // Space, tab, CR, LF, '/' or '>' (none at the very end: the tag is unfinished, cut before it).
    if (
      next === 32 ||
      next === 9 ||
      next === 13 ||
      next === 10 ||
      next === 47 ||
      next === 62 ||
      next === undefined
    )
      return at;
  }
  return -1;
}

/** Row numbers and cell addresses for tags without them: the previous row + 1, the previous cell + 1. */
class Addresses {
  private column = 0;

  /** @param row the number of the last row before the text this is given */
  constructor(private row: number) {}

  rewrite(text: string): string {
    return text.replace(ROW_OR_CELL, (tag: string, name: string, attributes = '', at: number) => {
      const given = rValue(attributes);
      if (name === 'row') {
        // An empty row (`<row/>`) has no cell to number it by.
        const empty = attributes.trimEnd().endsWith('/');
        this.row =
          given !== undefined && /^\d+$/.test(given)
            ? Number(given)
            : ((empty ? undefined : firstCellRow(text, at)) ?? this.row + 1);
        this.column = 0;
        return given !== undefined ? tag : `<row r="${this.row}"${attributes}>`;
      }
      if (given !== undefined) {
        this.column = columnNumber(given) || this.column + 1;
        return tag;
      }
      this.column++;
      return `<c r="${columnLetter(this.column - 1)}${this.row}"${attributes}>`;
    });
  }
}

/** The row number in the address of the first cell of the row whose tag is at `at`, if it has one. */
function firstCellRow(text: string, at: number): number | undefined {
  const end = text.indexOf('</row>', at);
  CELL_TAG.lastIndex = at;
  const cell = CELL_TAG.exec(text);
  if (!cell || (end >= 0 && cell.index > end)) return undefined;
  const row = /\d+$/.exec(rValue(cell[0]) ?? '')?.[0];
  return row === undefined ? undefined : Number(row);
}

const CELL_TAG = new RegExp(`<c(?:[\\s/]${ATTRIBUTES})?>`, 'g');

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** `AB12` → 28. */
function columnNumber(address: string): number {
  let n = 0;
  for (const c of /^[A-Z]+/.exec(address)?.[0] ?? '') n = n * 26 + c.charCodeAt(0) - 64;
  return n;
}

/** Data rows a merged range covers below its first row (their cells read as empty). */
export function mergedDataRanges(layout: SheetLayout, headerRow: number): string[] {
  return layout.merges.filter((ref) => {
    const rows = ref.match(/\d+/g)?.map(Number) ?? [];
    const [top = 0, bottom = 0] = rows;
    return bottom > top && bottom > headerRow;
  });
}
