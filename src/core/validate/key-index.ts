/**
 * A string → row-ordinal index for the cross-row checks (duplicate subdomains, names, DIDs over
 * 100k+ rows). An open-addressing table of (hash, ordinal) pairs in one Int32Array: a lookup of a
 * new key, the usual case, touches one slot instead of a Map's bucket, entry and stored string,
 * and case-insensitive keys are hashed without allocating a lower-cased copy. Equality is exact:
 * a hash match is confirmed by comparing the strings. The keys themselves are kept as UTF-16 (exact, lone
 * surrogates included) in a typed array off the JS heap (read back only on a hash match): at 100k rows they were most of what
 * validate kept on the heap, and V8 lets the heap grow to about four times what is live in it.
 */
import { grown } from './typed-growth.ts';

const EMPTY = -1;

export class KeyIndex {
  /** [hash, ordinal] pairs; ordinal EMPTY marks a free slot. */
  private table = new Int32Array(2 * 1024).fill(EMPTY);
  private mask = 1023;
  /** Per entry: where its key ends in `units` (entry 0 starts at 0) and its ordinal. */
  private keyEnds = new Uint32Array(1024);
  private ordinals = new Int32Array(1024);
  /** The keys' UTF-16 code units, one after the other. */
  private units = new Uint16Array(8 * 1024);
  private used = 0;
  private count = 0;

  /** @param caseless keys that differ only in case (`toLowerCase`) are the same key. */
  constructor(private readonly caseless: boolean) {}

  /** The ordinal stored under `key`, or undefined. */
  get(key: string): number | undefined {
    const slot = this.find(key, this.hash(key));
    const entry = this.table[2 * slot + 1] ?? EMPTY;
    return entry === EMPTY ? undefined : this.ordinals[entry];
  }

  /** Keys stored. */
  get size(): number {
    return this.count;
  }

  /**
   * The ordinal stored under `key`; when there is none, stores `ordinal()` (called only then) and
   * returns undefined.
   */
  firstOrAdd(key: string, ordinal: () => number): number | undefined {
    const hash = this.hash(key);
    const slot = this.find(key, hash);
    const entry = this.table[2 * slot + 1] ?? EMPTY;
    if (entry !== EMPTY) return this.ordinals[entry];
    this.insert(slot, hash, key, ordinal());
    return undefined;
  }

  /** The slot holding `key`, or the free slot where it would go. */
  private find(key: string, hash: number): number {
    const table = this.table;
    let slot = hash & this.mask;
    for (;;) {
      const entry = table[2 * slot + 1] ?? EMPTY;
      if (entry === EMPTY || (table[2 * slot] === hash && this.same(this.key(entry), key))) return slot;
      slot = (slot + 1) & this.mask;
    }
  }

  private key(entry: number): string {
    const start = entry === 0 ? 0 : (this.keyEnds[entry - 1] ?? 0);
    const end = this.keyEnds[entry] ?? start;
    // A view, not a copy; utf16le decoding keeps every code unit (lone surrogates too).
    return Buffer.from(this.units.buffer, 2 * start, 2 * (end - start)).toString('utf16le');
  }

  private insert(slot: number, hash: number, key: string, ordinal: number): void {
    const entry = this.count++;
    if (entry === this.ordinals.length) {
      this.ordinals = grown(this.ordinals, new Int32Array(2 * entry));
      this.keyEnds = grown(this.keyEnds, new Uint32Array(2 * entry));
    }
    if (this.used + key.length > this.units.length) {
      this.units = grown(
        this.units,
        new Uint16Array(Math.max(2 * this.units.length, this.used + key.length)),
      );
    }
    // A plain loop: keys are short, and Buffer#write's per-call encoding lookup cost more than the copy.
    const units = this.units;
    let at = this.used;
    for (let i = 0; i < key.length; i++) units[at++] = key.charCodeAt(i);
    this.used = at;
    this.keyEnds[entry] = at;
    this.ordinals[entry] = ordinal;
    this.table[2 * slot] = hash;
    this.table[2 * slot + 1] = entry;
    if (this.count * 2 > this.mask + 1) this.grow();
  }

  private grow(): void {
    const old = this.table;
    const size = (this.mask + 1) * 2;
    this.table = new Int32Array(2 * size).fill(EMPTY);
    this.mask = size - 1;
    for (let i = 0; i < old.length; i += 2) {
      const entry = old[i + 1] ?? EMPTY;
      if (entry === EMPTY) continue;
      const hash = old[i] ?? 0;
      let slot = hash & this.mask;
      while (this.table[2 * slot + 1] !== EMPTY) slot = (slot + 1) & this.mask;
      this.table[2 * slot] = hash;
      this.table[2 * slot + 1] = entry;
    }
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
