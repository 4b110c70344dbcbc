/**
 * Worksheet and shared-string XML put right before exceljs's streaming reader parses it, where that
 * reader would change or lose a value (found by an adversarial review, 2026-12-03):
 * - it decodes each chunk of bytes on its own, so a character split between two chunks became two
 *   U+FFFD: the streams here hand it text, decoded across chunk boundaries;
 * - a phonetic run (`<rPh>`, the reading Japanese input methods store beside the text) replaced the
 *   text it annotates: phonetic runs are dropped;
 * - an inline string in several runs (`<is><r><t>acme</t></r><r><t>3</t></r></is>`) kept its last
 *   run only: the runs are joined into one;
 * - the text of inline strings and of formula text results (`t="str"`) is entity-decoded a second
 *   time (`R&amp;amp;D` read as `R&D`): it is escaped once more, so the second decoding gives it back;
 * - a date cell (`t="d"`, ISO 8601 text) was read as its year (parseFloat): it becomes a text cell
 *   with its ISO text, which the timestamp fields read;
 * - a formula whose cached result is an error (`t="e"`, the usual failed VLOOKUP) read as an
 *   uncalculated formula: its formula is dropped, so it reads as the error value it shows;
 * - a formula whose cached result is a boolean (`t="b"`, `=TRUE()`, `=A2>0`) read as 1 or 0: it
 *   becomes a text result, TRUE or FALSE, as Excel shows it;
 * - Excel's `_xHHHH_` escapes in strings were left as written: in inline strings and text results
 *   they become character references here (the shared-string table unescapes its own entries).
 * Cells that need none of this (nearly all) pass through untouched, found by indexOf alone.
 */
import { Transform, type Readable } from 'node:stream';
import { megabytes, overBudget } from './limits.ts';
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

/** A cell element, self-closing or with its content. */
const CELL = /<c\b([^>]*?)(\/>|>([\s\S]*?)<\/c>)/g;
const TYPE = /\st=["']([^"']*)["']/;
const PHONETIC = /<rPh\b[\s\S]*?<\/rPh>|<rPh\b[^>]*\/>/g;
const INLINE = /<is>([\s\S]*?)<\/is>/;
const TEXT_RUN = /<t(?:\s[^>]*)?>([\s\S]*?)<\/t>/g;
const SINGLE_RUN = /^<t(?:\s[^>]*)?>([^<]*)<\/t>$/;
const VALUE = /(<v(?:\s[^>]*)?>)([\s\S]*?)(<\/v>)/;
const FORMULA = /<f\b[^>]*\/>|<f\b[^>]*>[\s\S]*?<\/f>/g;

/**
 * What a cell that needs a fix holds: an entity or `_x` escape (they matter in inline strings and
 * text results), or, rarer, a run or phonetic run (inline strings) or a date or error type. Nearly
 * every cell of a sheet has none of them; native searches find the few that do.
 */
const RARE = /<r[\s>]|<rPh\b|t="[bde]"|t='/g;

/**
 * `xml` (whole cells only) with the fixes above applied to the cells that need one; the others, and
 * everything between cells, are copied as they are.
 */
export function fixCells(xml: string): string {
  // The next '&', '_x' and rare marker found so far: each is searched for again only once passed,
  // so a piece is scanned once for each, however many cells need a fix.
  const found = [-2, -2, -2];
  const search = (which: number, from: number): number => {
    if (which === 0) return xml.indexOf('&', from);
    if (which === 1) return xml.indexOf('_x', from);
    RARE.lastIndex = from;
    return RARE.exec(xml)?.index ?? -1;
  };
  /** The next place at or after `from` that may need a fix, or -1. */
  const next = (from: number): number => {
    let at = -1;
    for (let which = 0; which < 3; which++) {
      let position = found[which] ?? -1;
      if (position === -2 || (position >= 0 && position < from))
        found[which] = position = search(which, from);
      if (position >= 0 && (at < 0 || position < at)) at = position;
    }
    return at;
  };
  let out = '';
  let from = 0;
  for (let at = next(0); at >= 0;) {
    const start = cellStart(xml, at);
    const close = start < from ? -1 : xml.indexOf('</c>', at);
    if (close < 0) {
      at = next(at + 1);
      continue;
    }
    const end = close + 4;
    out += xml.slice(from, start) + xml.slice(start, end).replace(CELL, fixCell);
    from = end;
    at = next(end);
  }
  return from === 0 ? xml : out + xml.slice(from);
}

/** Start of the cell tag (`<c ` or `<c>`) at or before `at`, or -1. */
function cellStart(xml: string, at: number): number {
  for (let i = xml.lastIndexOf('<c', at); i >= 0; i = i > 0 ? xml.lastIndexOf('<c', i - 1) : -1) {
    const next = xml.charCodeAt(i + 2);
    if (next === 32 || next === 62 || next === 9 || next === 10 || next === 13) return i;
  }
  return -1;
}

function fixCell(cell: string, attributes: string, _end: string, content?: string): string {
  if (content === undefined) return cell;
  const type = TYPE.exec(attributes)?.[1];
  if (type === 'inlineStr' || content.includes('<rPh')) {
    if (!/<r[\s>]|<rPh|&|_x/.test(content)) return cell;
    return `<c${attributes}>${content.replace(INLINE, (_is, inner: string) => inlineText(inner))}</c>`;
  }
  if (type === 'str') {
    if (!/&|_x/.test(content)) return cell;
    return `<c${attributes}>${content.replace(VALUE, escapeValue)}</c>`;
  }
  if (type === 'd') {
    const asText = attributes.replace(TYPE, ' t="str"');
    return `<c${asText}>${content.replace(VALUE, escapeValue)}</c>`;
  }
  if (type === 'e') return `<c${attributes}>${content.replace(FORMULA, '')}</c>`;
  if (type === 'b' && content.includes('<f')) {
    const asText = attributes.replace(TYPE, ' t="str"');
    return `<c${asText}>${content.replace(VALUE, (_m, open: string, v: string, close: string) => `${open}${v.trim() === '1' ? 'TRUE' : 'FALSE'}${close}`)}</c>`;
  }
  return cell;
}

/** One inline string's runs joined, without their phonetic runs, escaped for the second decoding. */
function inlineText(inner: string): string {
  // One plain run, the usual case (an inline string with an '&' in it), without a regex pass per run.
  let text = SINGLE_RUN.exec(inner)?.[1];
  if (text === undefined) {
    text = '';
    for (const run of inner.replace(PHONETIC, '').matchAll(TEXT_RUN)) text += run[1] ?? '';
  }
  return `<is><t xml:space="preserve">${escapeTwice(text)}</t></is>`;
}

function escapeValue(_match: string, open: string, text: string, close: string): string {
  return `${open}${escapeTwice(text)}${close}`;
}

/**
 * XML text `raw` rewritten so that decoding it twice (the XML parser, then exceljs's xmlDecode of
 * the five named entities) gives what decoding it once should: its text, with each `&` escaped again.
 */
export function escapeTwice(raw: string): string {
  if (!raw.includes('&') && !raw.includes('_x')) return raw;
  // `>` escaped too (`]]>` may not stand in text); a CR as a reference (written as it is, the XML
  // parser would turn it into LF).
  return unescapeOoxml(decodeXml(raw), true)
    .replace(/&/g, '&amp;amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r/g, '&#13;');
}

const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', apos: "'", quot: '"' };

/** XML text with its entity and character references decoded. Unknown ones are kept as written. */
export function decodeXml(raw: string): string {
  return raw.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (reference: string, name: string) => {
    if (name.startsWith('#')) {
      const code = name[1] === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return code <= 0x10ffff ? String.fromCodePoint(code) : reference;
    }
    return NAMED[name] ?? reference;
  });
}

/**
 * The shared-string table's XML as text decoded across chunk boundaries, without its phonetic runs
 * (exceljs keeps the last `<t>` of an entry, which is the phonetic reading when there is one).
 */
export function sharedStringsText(source: Readable, context?: PartContext): Readable {
  return xmlText(source, 'sst', true, context ?? partContext('xl/sharedStrings.xml'));
}

/**
 * A workbook part's XML as text decoded across chunk boundaries, the namespace prefix of its root
 * element `root` (`<x:sst>`, as some writers do) taken off every tag, since exceljs knows elements
 * by their names alone; with `dropPhonetic`, without phonetic runs.
 *
 * Refused (InputError): bytes that are not UTF-8; a tag (or phonetic run) not closed within the
 * held-back budget, which also bounds the text looked at again per piece, so the time stays linear
 * in the bytes; and text without markup longer than that budget (Excel's longest string is 32,767
 * characters, a few hundred KB as XML at most), which the XML parser would otherwise hold whole.
 */
export function xmlText(
  source: Readable,
  root: string,
  dropPhonetic = false,
  context: PartContext = partContext(root),
): Readable {
  const text = new XmlText(root, dropPhonetic, context);
  const stream = new Transform({
    // Text, not bytes: exceljs's parser takes strings as they are.
    readableObjectMode: true,
    transform(chunk: Buffer, _encoding, done) {
      try {
        done(null, text.step(chunk, false));
      } catch (error) {
        done(error as Error);
      }
    },
    flush(done) {
      try {
        done(null, text.step(Buffer.alloc(0), true));
      } catch (error) {
        done(error as Error);
      }
    },
  });
  source.on('error', (error) => stream.destroy(error));
  return source.pipe(stream);
}

/** xmlText's state: bytes of a character not yet whole, text held back, the depth so far. */
class XmlText {
  private bytesCarry: Buffer = Buffer.alloc(0);
  private offset = 0;
  private carry = '';
  /** Characters since the last '<': a run of text too long to be a value. */
  private sinceTag = 0;
  private prefix: RegExp | null | undefined;
  private readonly waiting = new Pieces<string>();
  private depth = 0;

  constructor(
    private readonly root: string,
    private readonly dropPhonetic: boolean,
    private readonly context: PartContext,
  ) {}

  /** The text a chunk completes, or undefined for none yet. */
  step(chunk: Buffer, final: boolean): string | undefined {
    const text = this.decode(chunk, final);
    // Text held back is looked at again only once as much new text has come (sheet-layout.ts).
    if (!final && this.carry.length > RETRY_FROM && this.waiting.length + text.length < this.carry.length) {
      this.waiting.add(text);
      return undefined;
    }
    return this.pass(this.carry + this.waiting.take().join('') + text, final);
  }

  private decode(chunk: Buffer, final: boolean): string {
    const bytes = this.bytesCarry.length > 0 ? Buffer.concat([this.bytesCarry, chunk]) : chunk;
    const end = final ? bytes.length : wholeCharacters(bytes);
    checkUtf8(bytes, end, this.offset, this.context);
    this.offset += end;
    this.bytesCarry = Buffer.from(bytes.subarray(end));
    return bytes.toString('utf8', 0, end);
  }

  private pass(input: string, final: boolean): string | undefined {
    if (this.prefix === undefined) {
      const name = rootPrefix(input, this.root);
      if (name !== undefined) this.prefix = prefixPattern(name);
    }
    const text = this.prefix ? input.replace(this.prefix, '$1') : input;
    const cut = final ? text.length : this.cutPoint(text);
    const held = this.context.limits.heldBytes;
    const lastLt = text.lastIndexOf('<', cut - 1);
    this.sinceTag = lastLt >= 0 ? cut - lastLt : this.sinceTag + cut;
    if (this.sinceTag > held)
      throw this.over(`a text of more than ${megabytes(held)} (Excel's longest is 32,767 characters)`);
    this.carry = text.slice(cut);
    const piece = text.slice(0, cut);
    const out = this.dropPhonetic && piece.includes('<rPh') ? piece.replace(PHONETIC, '') : piece;
    this.depth = depthAfter(out, this.depth);
    checkDepth(this.depth, this.context);
    return out === '' ? undefined : out;
  }

  /** Before a tag, or (dropping them) a phonetic run, not closed yet; refused past the budget. */
  private cutPoint(text: string): number {
    let cut = text.length;
    const lt = text.lastIndexOf('<');
    if (lt >= 0 && text.indexOf('>', lt) === -1) cut = lt;
    // A phonetic run not closed yet waits, whole, for the next piece.
    const open = this.dropPhonetic ? text.lastIndexOf('<rPh', cut) : -1;
    if (open >= 0 && text.indexOf('</rPh>', open) === -1 && !/^<rPh\b[^>]*\/>/.test(text.slice(open)))
      cut = open;
    const held = this.context.limits.heldBytes;
    if (text.length - cut > held) throw this.over(`a tag that is not closed within ${megabytes(held)}`);
    return cut;
  }

  private over(what: string): Error {
    const { file, part, sheet } = this.context;
    return overBudget(file, part, what, sheet === undefined ? {} : { sheet });
  }
}

/** The namespace prefix of the root element `root` with its colon (`x:`), '' for none; undefined until seen. */
export function rootPrefix(text: string, root: string): string | undefined {
  const found = new RegExp(`<([\\w.-]+:)?${root}[\\s>/]`).exec(text);
  return found ? (found[1] ?? '') : undefined;
}

/** A pattern that finds `prefix` in tags (`<x:` and `</x:`), null for no prefix. */
export function prefixPattern(prefix: string): RegExp | null {
  return prefix ? new RegExp(`(</?)${prefix.replace(/\./g, '\\.')}`, 'g') : null;
}

/**
 * Excel's escapes in string values (ECMA-376 ST_Xstring): `_xHHHH_` stands for the character
 * U+HHHH (a carriage return pasted into a cell is saved as `_x000D_`), and `_x005F_` for the `_`
 * that starts a literal `_xHHHH_`.
 */
export function unescapeOoxml(text: string, forXml = false): string {
  if (!text.includes('_x')) return text;
  return text.replace(/_x([0-9A-Fa-f]{4})_/g, (escape: string, hex: string) => {
    const code = parseInt(hex, 16);
    // A lone surrogate is no character; XML text cannot hold most control characters nor
    // U+FFFE/U+FFFF, so going back into XML those stay as written.
    if (code >= 0xd800 && code <= 0xdfff) return escape;
    if (forXml && ((code < 0x20 && code !== 9 && code !== 10 && code !== 13) || code >= 0xfffe))
      return escape;
    return String.fromCharCode(code);
  });
}
