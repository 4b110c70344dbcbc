/**
 * What every xlsx part is checked for as it streams (issue 16): that its bytes are UTF-8 (the CSV
 * reader refuses the same bytes; decoded as they were, they became U+FFFD without a word), and
 * which file, part and budgets a refusal names.
 */
import { isUtf8 } from 'node:buffer';
import { InputError } from '../model.ts';
import { firstNotUtf8 } from './csv-scan.ts';
import { count, overBudget, readLimits, type ReadLimits } from './limits.ts';

/** The part being read, for messages and budgets. */
export interface PartContext {
  file: string;
  /** The part's name in the zip, `xl/worksheets/sheet1.xml`. */
  part: string;
  /** The worksheet's name, for a worksheet part. */
  sheet?: string;
  limits: ReadLimits;
}

/** A context for a stream read on its own (tests): no file name, the default budgets. */
export function partContext(part: string, context?: PartContext): PartContext {
  return context ?? { file: '', part, limits: readLimits() };
}

/**
 * Throws unless `bytes` (whole characters up to `end`) is UTF-8. `offset` is where `bytes` starts
 * in the inflated part.
 */
export function checkUtf8(bytes: Buffer, end: number, offset: number, context: PartContext): void {
  const whole = end === bytes.length ? bytes : bytes.subarray(0, end);
  if (isUtf8(whole)) return;
  const at = offset + firstNotUtf8(whole);
  throw new InputError(
    `${context.part} is not valid UTF-8 at byte ${count(at)} (of the part, unzipped): an xlsx holds its text as UTF-8, and reading on would change the text there (a CSV with the same bytes is refused too). The file was written by a faulty program or damaged: open it in Excel and save it again.`,
    context.file,
    context.sheet === undefined ? {} : { sheet: context.sheet },
  );
}

/** The end of `bytes` less a character whose last bytes have not come yet. */
export function wholeCharacters(bytes: Buffer): number {
  for (let back = 1; back <= 3 && back <= bytes.length; back++) {
    const b = bytes[bytes.length - back] ?? 0;
    if ((b & 0xc0) === 0x80) continue; // a continuation byte: look further back
    if (b < 0xc0) return bytes.length; // ASCII
    const length = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
    return length > back ? bytes.length - back : bytes.length;
  }
  return bytes.length;
}

/** Held-back bytes up to this are looked at again with every piece (the usual case: a few bytes). */
export const RETRY_FROM = 64 * 1024;

/** Pieces that arrived while waiting, and their length. */
export class Pieces<T extends { length: number }> {
  private list: T[] = [];
  length = 0;

  add(piece: T): void {
    this.list.push(piece);
    this.length += piece.length;
  }

  take(): T[] {
    const list = this.list;
    this.list = [];
    this.length = 0;
    return list;
  }
}

/**
 * The element depth after `text` (whole tags only), from `depth` before it: the XML parser keeps
 * one entry per open element, so 96 MB of `<a>` ran it out of memory. One indexOf per tag; a
 * sheet's own elements nest six deep. Comments, CDATA and the prolog are not elements.
 */
export function depthAfter(text: string, depth: number): number {
  let d = depth;
  for (let at = text.indexOf('<'); at >= 0; at = text.indexOf('<', at + 1)) {
    const next = text.charCodeAt(at + 1);
    if (next === 47) d--;
    else if (next !== 33 && next !== 63) {
      const gt = text.indexOf('>', at);
      if (gt < 0 || text.charCodeAt(gt - 1) !== 47) d++;
    }
  }
  return d;
}

/** Throws when `depth` is past the nesting budget. */
export function checkDepth(depth: number, context: PartContext): void {
  if (depth > context.limits.nesting)
    throw overBudget(
      context.file,
      context.part,
      `elements nested more than ${count(context.limits.nesting)} deep`,
      context.sheet === undefined ? {} : { sheet: context.sheet },
    );
}
