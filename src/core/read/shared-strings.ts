/**
 * A workbook's shared-string table kept compact: strings are joined into blocks of BLOCK strings
 * with an offset table, instead of one heap string per entry. A 100k-row sheet has ~500k unique
 * strings; as separate strings (each still pointing into the XML chunk it was parsed from) they
 * kept ~60 MB alive for the whole read, and V8 let the heap grow to about four times what is live.
 * Rich-text entries (rare) are kept as they are.
 */

const BLOCK_BITS = 12;
const BLOCK = 1 << BLOCK_BITS;

export interface RichTextValue {
  richText: Array<{ text?: unknown }>;
}

export class SharedStrings {
  private readonly blocks: string[] = [];
  private readonly offsets: Uint32Array[] = [];
  private pending: string[] = [];
  private readonly rich = new Map<number, RichTextValue>();
  private count = 0;

  /** Appends entry number `size` (entries arrive in order). */
  push(value: string | RichTextValue | null | undefined): void {
    if (typeof value === 'string') this.pending.push(value);
    else {
      if (value) this.rich.set(this.count, value);
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
    const offsets = this.offsets[index >>> BLOCK_BITS];
    if (block === undefined || offsets === undefined) return undefined;
    const within = index & (BLOCK - 1);
    return block.slice(offsets[within], offsets[within + 1]);
  }

  private seal(): void {
    const offsets = new Uint32Array(this.pending.length + 1);
    let at = 0;
    for (let i = 0; i < this.pending.length; i++) {
      offsets[i] = at;
      at += (this.pending[i] ?? '').length;
    }
    offsets[this.pending.length] = at;
    this.blocks.push(this.pending.join(''));
    this.offsets.push(offsets);
    this.pending = [];
  }
}
