/**
 * The `r` attributes (row number, cell address) that OOXML makes optional and some writers leave
 * out (ECMA-376 Part 1, 18.3.1.4 and 18.3.1.73: a row without `r` follows the previous row, a cell
 * without `r` the previous cell), which exceljs's streaming reader cannot do without. When the
 * sheet's first row or cell has none, each tag missing one gets it written in; a sheet that has
 * them, as Excel, LibreOffice and every writer we know write them, passes through unchanged.
 */
import { columnLetter } from '../util/column-letter.ts';

/** A tag's attributes: a quoted value may hold `>`. */
const ATTRIBUTES = `(?:[^>"']|"[^"]*"|'[^']*')*`;
/** The first row tag and the first cell tag decide whether the sheet's tags need their `r` written in. */
const FIRST_ROW = new RegExp(`<row(?:[\\s/]${ATTRIBUTES})?>`);
const FIRST_CELL = new RegExp(`<c(?:[\\s/]${ATTRIBUTES})?>`);
/** Row and cell tags, with their name and attributes. */
const ROW_OR_CELL = new RegExp(`<(row|c)([\\s/]${ATTRIBUTES})?>`, 'g');
const CELL_TAG = new RegExp(`<c(?:[\\s/]${ATTRIBUTES})?>`, 'g');
/** An `r` attribute, in either quotes, with or without spaces around `=`. */
const R_ATTRIBUTE = /\sr\s*=\s*(?:"([^"]*)"|'([^']*)')/;

/** The `r` attribute's value in a tag's attributes, if it has one. */
export function rValue(attributes: string): string | undefined {
  const m = R_ATTRIBUTE.exec(attributes);
  return m ? (m[1] ?? m[2]) : undefined;
}

/** A worksheet's pieces of XML (whole tags), with addresses written in where the sheet needs them. */
export class SheetAddresses {
  private decided = false;
  /** Until decided, the number of the last row seen (a row with its number and no cells may come first). */
  private lastRow = 0;
  private addresses: Addresses | undefined;

  rewrite(piece: string): string {
    if (!this.decided) this.decide(piece);
    return this.addresses ? this.addresses.rewrite(piece) : piece;
  }

  /** The first row tag and the first cell tag decide whether addresses are written in. */
  private decide(piece: string): void {
    const row = FIRST_ROW.exec(piece)?.[0];
    const cell = FIRST_CELL.exec(piece)?.[0];
    if ((row !== undefined && !R_ATTRIBUTE.test(row)) || (cell !== undefined && !R_ATTRIBUTE.test(cell))) {
      this.addresses = new Addresses(this.lastRow);
      this.decided = true;
    } else if (cell !== undefined) this.decided = true;
    else
      for (const m of piece.matchAll(new RegExp(FIRST_ROW.source, 'g'))) {
        const r = rValue(m[0]);
        if (r !== undefined && /^\d+$/.test(r)) this.lastRow = Number(r);
      }
  }
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

/** `AB12` → 28. */
function columnNumber(address: string): number {
  let n = 0;
  for (const c of /^[A-Z]+/.exec(address)?.[0] ?? '') n = n * 26 + c.charCodeAt(0) - 64;
  return n;
}
