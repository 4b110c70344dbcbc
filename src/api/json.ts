/**
 * Lossless JSON for every vendor body (issue 15; FACTS 2.4.9, seeds/003). The Partner Portal
 * sends and takes ids above 2^53 as JSON numbers (`billingId 3197218168379846218`): `JSON.parse`
 * would turn `3048573759449317376` into `…7400`. Here an integer that a JS number cannot hold
 * exactly is read as a `bigint`, every other number as a number, and a `bigint` in a body is
 * written as a JSON number with all its digits. lossless-json does the parsing: it is made for
 * exactly this and maintained, where a hand-written number scanner would be one more parser to
 * get right.
 */
import { isInteger, isSafeNumber, parse, stringify } from 'lossless-json';

/** A number token as a JS value: a bigint when a number would lose digits. */
function parseNumber(token: string): number | bigint {
  return isInteger(token) && !isSafeNumber(token) ? BigInt(token) : Number(token);
}

/** Parses vendor JSON losslessly (a repeated key keeps its last value, as JSON.parse does); throws on bad JSON. */
export function parseVendorJson(text: string): unknown {
  return parse(text, null, {
    parseNumber,
    onDuplicateKey: ({ newValue }) => newValue,
  });
}

/** Serialises a body; a bigint is written as a JSON integer with every digit. */
export function stringifyVendorJson(value: unknown): string {
  return stringify(value) ?? 'null';
}

/**
 * An id read from a reply as its exact digits or text: a string as it is, a safe integer or a
 * bigint as digits; anything else (a fraction, a boolean, an object) is no id.
 */
export function idText(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() === '' ? undefined : value.trim();
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  return undefined;
}

/**
 * A digit string as the JSON integer a request sends (seeds/003 sends ids as numbers): a number
 * when it is exact as one, else a bigint, so no digit is ever lost on the way out.
 */
export function jsonInteger(digits: string): number | bigint {
  if (!/^[0-9]+$/.test(digits)) throw new TypeError(`not an integer id: '${digits}'`);
  const n = Number(digits);
  return Number.isSafeInteger(n) ? n : BigInt(digits);
}
