/**
 * What exceljs's streaming worksheet reader drops: hidden rows (`<row hidden="1">`) and merged
 * ranges (`<mergeCell ref>`). A pass-through scanner reads them from the same XML stream as it
 * flows to exceljs, so nothing is buffered (PRODUCT.md, Load: hidden and merged rows reported).
 *
 * It also writes in the addresses some writers leave out (sheet-addresses.ts) and puts right the
 * cells exceljs would misread (xml-fixes.ts).
 */
import { Transform, type Readable } from 'node:stream';
import { count, megabytes, overBudget } from './limits.ts';
import type { ReadIssue } from '../model.ts';
import { columnLetter } from '../util/column-letter.ts';
import { rValue, SheetAddresses } from './sheet-addresses.ts';
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

/** Comments (dropped) and CDATA sections (written as escaped text, which exceljs reads; it ignores CDATA). */
const COMMENT = /<!--[\s\S]*?-->/g;
/**
 * What the slower steps are for: comments and CDATA, and the cells fixCells may change. One regex
 * pass over each piece (~0.6 ms a MB) decides whether they run; most sheets have none of these.
 */
const SPECIAL = /<!|&|_x|<r[\s>]|<rPh\b|t="[de]"|t='/;
const CDATA = /<!\[CDATA\[([\s\S]*?)\]\]>/g;

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
  const scanner = new SheetScanner(context);
  const stream = new Transform({
    // Text, not bytes: exceljs's parser takes strings as they are. Each piece is decoded from bytes
    // at once, so it is one flat string (the XML parser reads a string sliced from a longer one
    // ~10% slower), and cut where the bytes hold whole characters.
    readableObjectMode: true,
    transform(chunk: Buffer, _encoding, done) {
      try {
        done(null, scanner.push(chunk));
      } catch (error) {
        done(error as Error);
      }
    },
    flush(done) {
      try {
        done(null, scanner.end());
      } catch (error) {
        done(error as Error);
      }
    },
  });
  source.on('error', (error) => stream.destroy(error));
  return { stream: source.pipe(stream), layout: scanner.layout };
}

/** The worksheet's bytes in, pieces of text of whole cells out; the layout read on the way. */
class SheetScanner {
  readonly layout: SheetLayout;
  private carry: Buffer = Buffer.alloc(0);
  private readonly waiting = new Pieces<Buffer>();
  private depth = 0;
  /** Bytes of the part passed on so far (where the next piece starts), for messages. */
  private offset = 0;
  /** Column widths and hiding (`<cols>`) come before the cells: not looked for after them. */
  private beforeData = true;
  private readonly addresses = new SheetAddresses();
  /** Undefined until the root element is seen; then the prefix of its elements, or null for none. */
  private prefix: RegExp | null | undefined;
  /** The cell and row tags as the raw bytes spell them (with the prefix, if any), for cutPoint. */
  private tags = tagsOf('');
  private readonly where: { sheet?: string };

  constructor(private readonly context: PartContext) {
    this.where = context.sheet === undefined ? {} : { sheet: context.sheet };
    this.layout = {
      hiddenRows: new Set(),
      hiddenColumns: new HiddenColumns(context.limits.columns),
      merges: [],
      complete: false,
    };
  }

  /** The next chunk of bytes: the text of the whole cells it completes, or undefined for none yet. */
  push(chunk: Buffer): string | undefined {
    const { heldBytes } = this.context.limits;
    // Bytes held back (a tag, comment or cell not finished) are looked at again only once as many
    // new bytes have come, so each byte is looked at a bounded number of times.
    if (this.carry.length > RETRY_FROM && this.waiting.length + chunk.length < this.carry.length) {
      this.waiting.add(chunk);
      return undefined;
    }
    const bytes =
      this.carry.length > 0 || this.waiting.length > 0
        ? Buffer.concat([this.carry, ...this.waiting.take(), chunk])
        : chunk;
    let cut = cutPoint(bytes, false, this.tags);
    let text = this.decode(bytes, cut);
    const special = SPECIAL.test(text);
    if (special && text.includes('<!')) {
      cut = cutPoint(bytes, true, this.tags);
      text = this.decode(bytes, cut);
    }
    // What is held back is copied again with each piece: past the budget, the tag, comment or
    // cell is refused, so the time stays linear in the bytes (it grew with their square).
    if (bytes.length - cut > heldBytes)
      throw this.over(
        `a tag, comment or cell that is not closed within ${megabytes(heldBytes)} (from byte ${count(this.offset + cut)})`,
      );
    this.offset += cut;
    this.carry = bytes.subarray(cut);
    return this.pass(text, special);
  }

  /** The end of the part: the rest of the text. */
  end(): string | undefined {
    if (this.waiting.length > 0) this.carry = Buffer.concat([this.carry, ...this.waiting.take()]);
    const rest = this.decode(this.carry, this.carry.length);
    this.offset += this.carry.length;
    this.carry = Buffer.alloc(0);
    return this.pass(rest, SPECIAL.test(rest));
  }

  /** What exceljs gets for `text` (whole cells only), or undefined for nothing. */
  private pass(text: string, special: boolean): string | undefined {
    const piece =
      special && text.includes('<!')
        ? text.replace(COMMENT, '').replace(CDATA, (_m, t: string) => escapeText(t))
        : text;
    let out = this.addresses.rewrite(piece);
    if (special) out = fixCells(out);
    this.depth = depthAfter(out, this.depth);
    checkDepth(this.depth, this.context);
    this.scan(out);
    return out === '' ? undefined : out;
  }

  /** The text of `bytes` (whole characters), its tags' namespace prefix taken off. */
  private decode(bytes: Buffer, end: number): string {
    checkUtf8(bytes, end, this.offset, this.context);
    const text = bytes.toString('utf8', 0, end);
    // A sheet whose elements carry a namespace prefix (`<x:row>`): exceljs knows the names alone.
    if (this.prefix === undefined) {
      const name = rootPrefix(text, 'worksheet');
      this.prefix = name === undefined ? undefined : prefixPattern(name);
      if (name) this.tags = tagsOf(name);
    }
    return this.prefix ? text.replace(this.prefix, '$1') : text;
  }

  /** Hidden rows and columns, merged ranges and the closing tag in a piece going to exceljs. */
  private scan(text: string): void {
    const { limits } = this.context;
    for (const m of text.matchAll(/<row\b[^>]*>/g)) {
      const tag = m[0];
      if (!/\bhidden="(1|true)"/.test(tag)) continue;
      const r = rValue(tag);
      if (r !== undefined && /^\d+$/.test(r)) this.layout.hiddenRows.add(Number(r));
      if (this.layout.hiddenRows.size > limits.rows)
        throw this.over(`more than ${count(limits.rows)} hidden rows`);
    }
    if (this.beforeData) {
      this.beforeData = !text.includes('<sheetData');
      this.scanColumns(text);
    }
    for (const m of text.matchAll(/<mergeCell\b[^>]*\bref="([A-Z]+\d+:[A-Z]+\d+)"/g)) {
      // A copy, not a slice: a slice would keep the whole piece of XML alive.
      if (m[1]) this.layout.merges.push(Buffer.from(m[1], 'latin1').toString('latin1'));
      if (this.layout.merges.length > limits.merges)
        throw this.over(`more than ${count(limits.merges)} merged ranges (<mergeCell>)`);
    }
    // Only whitespace may follow the closing tag, so the end of each piece is enough to look at.
    if (WORKSHEET_END.test(text.slice(-64))) this.layout.complete = true;
  }

  private scanColumns(text: string): void {
    const columns = this.layout.hiddenColumns;
    for (const m of text.matchAll(/<col\s[^>]*>/g)) {
      const tag = m[0];
      // Every range counts (exceljs keeps each one), hidden or not.
      if (++columns.ranges > this.context.limits.hiddenColumnRanges)
        throw this.over(`more than ${count(this.context.limits.hiddenColumnRanges)} column ranges (<col>)`);
      if (!/\bhidden\s*=\s*["'](?:1|true)["']/.test(tag)) continue;
      const min = Number(/\bmin\s*=\s*["'](\d+)["']/.exec(tag)?.[1] ?? 0);
      const max = Number(/\bmax\s*=\s*["'](\d+)["']/.exec(tag)?.[1] ?? min);
      columns.add(min, max);
    }
  }

  private over(what: string): Error {
    return overBudget(this.context.file, this.context.part, what, this.where);
  }
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

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Data rows a merged range covers below its first row (their cells read as empty). */
export function mergedDataRanges(layout: SheetLayout, headerRow: number): string[] {
  return layout.merges.filter((ref) => {
    const rows = ref.match(/\d+/g)?.map(Number) ?? [];
    const [top = 0, bottom = 0] = rows;
    return bottom > top && bottom > headerRow;
  });
}

/** Merged ranges warned about one by one; the rest are counted in one line. */
const MAX_MERGES_LISTED = 10;

/** What the layout tells the user once a sheet is read: hidden columns and merged ranges over data. */
export function layoutIssues(
  layout: SheetLayout,
  headers: readonly string[],
  headerRow: number,
  file: string,
  sheet: string,
): ReadIssue[] {
  const issues: ReadIssue[] = [];
  const warn = (message: string): void => void issues.push({ file, sheet, level: 'warning', message });
  const hiddenHeaders = headers.flatMap((header, i) =>
    header !== '' && layout.hiddenColumns.has(i + 1) ? [`'${header}' (${columnLetter(i)})`] : [],
  );
  if (hiddenHeaders.length > 0)
    warn(
      `Column(s) ${hiddenHeaders.slice(0, 10).join(', ')}${hiddenHeaders.length > 10 ? ', ...' : ''} are hidden in Excel; they are read and checked like the others. Unhide them to see what they hold.`,
    );
  const merged = mergedDataRanges(layout, headerRow);
  for (const ref of merged.slice(0, MAX_MERGES_LISTED))
    warn(
      `Cells ${ref} are merged: only the first cell holds the value, the other rows read it as empty. Unmerge and fill each row.`,
    );
  if (merged.length > MAX_MERGES_LISTED)
    warn(
      `${count(merged.length - MAX_MERGES_LISTED)} more merged ranges (${count(merged.length)} in all) over data rows: only their first cells hold values.`,
    );
  return issues;
}
