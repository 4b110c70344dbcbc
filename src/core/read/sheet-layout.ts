/**
 * What exceljs's streaming worksheet reader drops: hidden rows (`<row hidden="1">`) and merged
 * ranges (`<mergeCell ref>`). A pass-through scanner reads them from the same XML stream as it
 * flows to exceljs, so nothing is buffered (PRODUCT.md, Load: hidden and merged rows reported).
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

/** Wraps a worksheet XML stream; `layout` fills in as the stream is consumed. */
export function scanSheetLayout(source: Readable): { stream: Readable; layout: SheetLayout } {
  const layout: SheetLayout = { hiddenRows: new Set(), merges: [], complete: false };
  const decoder = new StringDecoder('utf8');
  let carry = '';
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
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      const text = carry + decoder.write(chunk);
      // Keep an unfinished tag for the next chunk.
      const lt = text.lastIndexOf('<');
      const cut = lt >= 0 && text.indexOf('>', lt) === -1 ? lt : text.length;
      scan(text.slice(0, cut));
      carry = text.slice(cut);
      done(null, chunk);
    },
    flush(done) {
      scan(carry + decoder.end());
      done();
    },
  });
  source.on('error', (error) => stream.destroy(error));
  return { stream: source.pipe(stream), layout };
}

/** Data rows a merged range covers below its first row (their cells read as empty). */
export function mergedDataRanges(layout: SheetLayout, headerRow: number): string[] {
  return layout.merges.filter((ref) => {
    const rows = ref.match(/\d+/g)?.map(Number) ?? [];
    const [top = 0, bottom = 0] = rows;
    return bottom > top && bottom > headerRow;
  });
}
