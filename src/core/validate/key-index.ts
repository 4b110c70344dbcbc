/**
 * A string → row-ordinal index for the cross-row checks (duplicate subdomains, names, DIDs over
 * 100k+ rows). Open addressing over one Int32Array of entry numbers: a lookup of a new key, the
 * usual case, touches one slot instead of a Map's bucket, entry and stored string, and
 * case-insensitive keys are hashed without allocating a lower-cased copy. Equality is exact: a
 * hash match is confirmed by comparing the strings.
 *
 * Everything lives in typed arrays, off the JS heap (V8 lets its heap grow to about four times what
 * is live in it), and compactly: these tables were most of what validate's memory grew by with the
 * row count. A key is stored as Latin-1, one byte a character, when every character is below
 * U+0100 (subdomains, DIDs, most names), else as UTF-16 (exact, lone surrogates included); it is
 * read back only on a hash match. Arrays grow by half, not double.
 */
import { larger } from './typed-growth.ts';

const EMPTY = -1;

export class KeyIndex {
  /** Entry number per slot; EMPTY marks a free slot. At most half the slots are used. */
  private slots = new Int32Array(1024).fill(EMPTY);
  private mask = 1023;
  /**
   * Per entry: its key's hash, where its key ends in `bytes` (entry 0 starts at 0), whether the key
   * is stored as UTF-16, and its ordinal.
   */
  private hashes = new Int32Array(256);
  private ends = new Uint32Array(256);
  private wide = new Uint8Array(256);
  private ordinals = new Int32Array(256);
  private bytes = new Uint8Array(4096);
  private used = 0;
  private count = 0;

  /** @param caseless keys that differ only in case (`toLowerCase`) are the same key. */
  constructor(private readonly caseless: boolean) {}

  /** The ordinal stored under `key`, or undefined. */
  get(key: string): number | undefined {
    const entry = this.slots[this.find(key, this.hash(key))] ?? EMPTY;
    return entry === EMPTY ? undefined : this.ordinals[entry];
  }

  /** Keys stored. */
  get size(): number {
    return this.count;
  }

  /**
   * The ordinal stored under `key`; when there is none, stores `ordinal` and returns undefined.
   */
  firstOrAdd(key: string, ordinal: number): number | undefined {
    const hash = this.hash(key);
    const slot = this.find(key, hash);
    const entry = this.slots[slot] ?? EMPTY;
    if (entry !== EMPTY) return this.ordinals[entry];
    this.insert(slot, hash, key, ordinal);
    return undefined;
  }

  /** The slot holding `key`, or the free slot where it would go. */
  private find(key: string, hash: number): number {
    const slots = this.slots;
    let slot = hash & this.mask;
    for (;;) {
      const entry = slots[slot] ?? EMPTY;
      if (entry === EMPTY || (this.hashes[entry] === hash && this.same(this.key(entry), key))) return slot;
      slot = (slot + 1) & this.mask;
    }
  }

  private key(entry: number): string {
    const start = entry === 0 ? 0 : (this.ends[entry - 1] ?? 0);
    const end = this.ends[entry] ?? start;
    // A view, not a copy. latin1 maps each byte to U+0000-U+00FF; utf16le keeps every code unit.
    const view = Buffer.from(this.bytes.buffer, start, end - start);
    return view.toString(this.wide[entry] === 1 ? 'utf16le' : 'latin1');
  }

  private insert(slot: number, hash: number, key: string, ordinal: number): void {
    const entry = this.count++;
    if (entry === this.ordinals.length) {
      this.hashes = larger(this.hashes);
      this.ends = larger(this.ends);
      this.wide = larger(this.wide);
      this.ordinals = larger(this.ordinals);
    }
    let wide = false;
    for (let i = 0; i < key.length && !wide; i++) wide = key.charCodeAt(i) > 0xff;
    const length = wide ? 2 * key.length : key.length;
    if (this.used + length > this.bytes.length) this.bytes = larger(this.bytes, this.used + length);
    // Plain loops: keys are short, and Buffer#write's per-call encoding lookup costs more than the copy.
    const bytes = this.bytes;
    let at = this.used;
    for (let i = 0; i < key.length; i++) {
      const c = key.charCodeAt(i);
      bytes[at++] = c & 0xff;
      if (wide) bytes[at++] = c >>> 8;
    }
    this.used = at;
    this.ends[entry] = at;
    this.wide[entry] = wide ? 1 : 0;
    this.hashes[entry] = hash;
    this.ordinals[entry] = ordinal;
    this.slots[slot] = entry;
    if (this.count * 2 > this.mask + 1) this.rehash();
  }

  /** Doubles the slots (they must stay a power of two) and places every entry again. */
  private rehash(): void {
    const size = (this.mask + 1) * 2;
    const slots = new Int32Array(size).fill(EMPTY);
    this.mask = size - 1;
    for (let entry = 0; entry < this.count; entry++) {
      let slot = (this.hashes[entry] ?? 0) & this.mask;
      while (slots[slot] !== EMPTY) slot = (slot + 1) & this.mask;
      slots[slot] = entry;
    }
    this.slots = slots;
  }

  private same(a: string, b: string): boolean {
    return a === b || (this.caseless && a.toLowerCase() === b.toLowerCase());
  }

  /**
   * FNV-1a over the UTF-16 units; when caseless, always the hash of `key.toLowerCase()`: ASCII is
   * folded in place, a key with other characters is lower-cased first (it may change length).
   */
  private hash(key: string): number {
    let h = 0x811c9dc5 | 0;
    for (let i = 0; i < key.length; i++) {
      let c = key.charCodeAt(i);
      if (this.caseless) {
        if (c >= 65 && c <= 90) c += 32;
        else if (c > 127) return this.hashFolded(key.toLowerCase());
      }
      h = Math.imul(h ^ c, 0x01000193);
    }
    return h;
  }

  private hashFolded(lower: string): number {
    let h = 0x811c9dc5 | 0;
    for (let i = 0; i < lower.length; i++) h = Math.imul(h ^ lower.charCodeAt(i), 0x01000193);
    return h;
  }
}
