/**
 * A workbook's shared-string table kept compact and off the JS heap: strings are encoded into one
 * buffer per block of BLOCK strings with a byte-offset table, instead of one heap string per
 * entry. A 100k-row sheet has ~500k unique strings; as separate strings (each still pointing into
 * the XML chunk it was parsed from) they kept ~60 MB alive for the whole read, and V8 lets the heap
 * grow to about four times what is live in it. Each lookup decodes a fresh string. Rich-text
 * entries (rare) are kept as they are.
 */

import { count, megabytes, overBudget } from './limits.ts';
import { unescapeOoxml } from './xml-fixes.ts';
import { partContext, type PartContext } from './xml-guard.ts';

const BLOCK_BITS = 12;
const BLOCK = 1 << BLOCK_BITS;

export interface RichTextValue {
  richText: Array<{ text?: unknown }>;
}

export class SharedStrings {
  /** Per block: its strings' bytes, whether all are ASCII, and where each string starts (plus the end). */
  private readonly blocks: Array<{ bytes: Buffer; ascii: boolean; offsets: Uint32Array }> = [];
  private pending: string[] = [];
  private readonly rich = new Map<number, RichTextValue>();
  private count = 0;
  private bytes = 0;

  /**
   * @param context the part and its budgets: the table is kept whole for the read, used or not (a
   *   2 MB file held 2.1 GB of unused strings), so its entries and bytes are bounded.
   */
  constructor(private readonly context: PartContext = partContext('xl/sharedStrings.xml')) {}

  /** Appends entry number `size` (entries arrive in order). */
  push(value: string | RichTextValue | null | undefined): void {
    if (this.count >= this.context.limits.sharedStrings)
      throw overBudget(
        this.context.file,
        this.context.part,
        `more than ${count(this.context.limits.sharedStrings)} shared strings`,
      );
    if (typeof value === 'string') this.pending.push(unescapeOoxml(value));
    else {
      if (value) {
        for (const run of value.richText)
          if (typeof run.text === 'string') {
            const text = unescapeOoxml(run.text);
            run.text = text;
            // Kept on the heap as they are: counted at twice their length, in the budget of bytes.
            this.bytes += 2 * text.length;
          }
        this.rich.set(this.count, value);
      }
      this.pending.push('');
    }
    this.count++;
    if (this.pending.length === BLOCK) this.seal();
  }

  /** Ends the table: later calls to get() see every entry. */
  finish(): void {
    if (this.pending.length > 0) this.seal();
  }

  get size(): number {
    return this.count;
  }

  /** Entry `index`: its text, a rich-text value, or undefined past the end (a damaged file). */
  get(index: number): string | RichTextValue | undefined {
    if (!(index >= 0 && index < this.count)) return undefined;
    const rich = this.rich.get(index);
    if (rich) return rich;
    const block = this.blocks[index >>> BLOCK_BITS];
    if (block === undefined) return undefined;
    const within = index & (BLOCK - 1);
    const encoding = block.ascii ? 'latin1' : 'utf8';
    return block.bytes.toString(encoding, block.offsets[within], block.offsets[within + 1]);
  }

  private seal(): void {
    const text = this.pending.join('');
    const bytes = Buffer.from(text, 'utf8');
    // All ASCII (the usual case): byte offsets are character offsets, and decoding is a copy.
    const ascii = bytes.length === text.length;
    const offsets = new Uint32Array(this.pending.length + 1);
    let at = 0;
    for (let i = 0; i < this.pending.length; i++) {
      offsets[i] = at;
      const value = this.pending[i] ?? '';
      at += ascii ? value.length : Buffer.byteLength(value, 'utf8');
    }
    offsets[this.pending.length] = at;
    this.blocks.push({ bytes, ascii, offsets });
    this.pending = [];
    this.bytes += bytes.length;
    if (this.bytes > this.context.limits.sharedStringBytes)
      throw overBudget(
        this.context.file,
        this.context.part,
        `more than ${megabytes(this.context.limits.sharedStringBytes)} of shared-string text`,
      );
  }
}
