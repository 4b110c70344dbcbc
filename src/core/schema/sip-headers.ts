/**
 * The DID Bindings sheet's "Custom SIP headers" cell (seeds/004 `customSipHeadersBindings`, an
 * array of `{trunkId, headerId, value}` that replaces every custom SIP header of the PBX, effective
 * on firmware 84.22.0.134+). How to read a PBX's current headers is NOT FOUND in FACTS (1.8.W: the
 * header fields of a shared trunk are cut off), so the cell says what to send, in full:
 *
 * - `trunkId:headerId=value; trunkId:headerId=value` — the complete list. A value holding `;` or
 *   starting or ending with spaces is written in double quotes (`6681:12="a;b"`, `""` for a quote).
 * - `none` — send an empty list: every custom SIP header of the PBX is removed.
 * - `unchanged` — leave the field out of the request. Assumption (README, sandbox assumptions.ts
 *   `didPutWithoutSipHeaders`): YCM keeps the headers when the field is absent.
 */

export interface SipHeaderBinding {
  trunkId: number;
  headerId: number;
  value: string;
}

/** `keep`: the field is left out; `set`: the list to send (empty = remove all). */
export type SipHeadersCell = { keep: true } | { keep: false; bindings: SipHeaderBinding[] };

export const SIP_HEADERS_KEEP = 'unchanged';
export const SIP_HEADERS_NONE = 'none';
export const SIP_HEADERS_SYNTAX = 'trunkId:headerId=value; …';

const ENTRY = /^(\d{1,18})\s*:\s*(\d{1,18})\s*=\s*([\s\S]*)$/;

/** Reads the cell; returns the problem as a sentence instead of throwing. */
export function parseSipHeaders(text: string): SipHeadersCell | { error: string } {
  const cell = text.trim();
  if (cell.toLowerCase() === SIP_HEADERS_KEEP) return { keep: true };
  if (cell.toLowerCase() === SIP_HEADERS_NONE) return { keep: false, bindings: [] };
  const entries = splitEntries(cell);
  if ('error' in entries) return entries;
  const bindings: SipHeaderBinding[] = [];
  const seen = new Set<string>();
  for (const entry of entries) {
    const m = ENTRY.exec(entry);
    if (!m) {
      return {
        error: `'${entry}' is not trunkId:headerId=value (e.g. 6681:12=acme). Separate entries with ';'; write '${SIP_HEADERS_KEEP}' to leave the PBX's headers out of the request or '${SIP_HEADERS_NONE}' to remove them all.`,
      };
    }
    const [, trunk = '', header = '', raw = ''] = m;
    const value = unquote(raw.trim());
    if (value === undefined) return { error: `The value of '${trunk}:${header}' has an unclosed quote.` };
    if (value === '') return { error: `'${trunk}:${header}' has no value.` };
    const trunkId = Number(trunk);
    const headerId = Number(header);
    if (!Number.isSafeInteger(trunkId) || !Number.isSafeInteger(headerId) || trunkId < 1 || headerId < 1)
      return { error: `'${trunk}:${header}': trunk and header IDs are whole numbers from 1.` };
    const key = `${trunkId}:${headerId}`;
    if (seen.has(key)) return { error: `Header ${key} is listed twice; list each trunk's header once.` };
    seen.add(key);
    bindings.push({ trunkId, headerId, value });
  }
  if (bindings.length === 0) return { error: 'No header given.' };
  return { keep: false, bindings };
}

/** The `;`-separated entries, `;` inside double quotes kept; empty entries dropped. */
function splitEntries(cell: string): string[] | { error: string } {
  const out: string[] = [];
  let current = '';
  let quoted = false;
  for (const c of cell) {
    if (c === '"') quoted = !quoted;
    if (c === ';' && !quoted) {
      out.push(current);
      current = '';
    } else current += c;
  }
  if (quoted) return { error: 'A quoted value is not closed: add the closing ".' };
  out.push(current);
  return out.map((e) => e.trim()).filter((e) => e !== '');
}

/** A value without its surrounding quotes (`""` → `"`), or undefined when a quote is unbalanced. */
function unquote(raw: string): string | undefined {
  if (!raw.startsWith('"')) return raw.includes('"') ? undefined : raw;
  if (raw.length < 2 || !raw.endsWith('"')) return undefined;
  const inner = raw.slice(1, -1);
  if (inner.replace(/""/g, '').includes('"')) return undefined;
  return inner.replace(/""/g, '"');
}
