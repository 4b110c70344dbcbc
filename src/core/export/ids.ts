/** Ids as YCM sends them (FACTS 1.8: Long or Integer; the DID list's `cloudPbxId` is a String). */

/** A positive safe integer from a number or a digit string; undefined for anything else. */
export function idOf(value: unknown): number | undefined {
  const n =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^\d+$/.test(value)
        ? Number(value)
        : NaN;
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}
