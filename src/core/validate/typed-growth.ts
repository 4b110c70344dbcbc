/** `to` (a larger typed array) holding `from`'s elements first: how the off-heap tables grow. */
export function grown<T extends Int32Array | Uint32Array | Uint16Array | Uint8Array | Float64Array>(
  from: T,
  to: T,
): T {
  to.set(from);
  return to;
}
