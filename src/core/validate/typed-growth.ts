type Growable = Int32Array | Uint32Array | Uint16Array | Uint8Array | Float64Array;

/**
 * A typed array like `from`, at least `needed` long (by default one more), holding `from`'s elements
 * first: how the off-heap tables grow. By half, not double: less unused room at 100k+ rows.
 */
export function larger<T extends Growable>(from: T, needed = from.length + 1): T {
  const size = Math.max(needed, Math.ceil(from.length * 1.5));
  const to = new (from.constructor as new (length: number) => T)(size);
  to.set(from);
  return to;
}
