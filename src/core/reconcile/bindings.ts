/**
 * DID bindings against the account. An export's rows record every binding of their PBXs, so for
 * a PBX an export names, the sheet's DIDs are compared as the complete set: DIDs bound since are
 * "added on the account", DIDs gone are "not on the account". A row of a template or result
 * report is compared by its mode: `add` (these are bound on this trunk), `replace` (exactly these),
 * `remove` (none of these), `remove-all` (none at all).
 */
import type { AccountPbx } from '../export/account.ts';
import type { Difference } from './types.ts';

/** One DID as a row names it, or as the account binds it. */
interface DidKey {
  id?: number;
  number?: string;
}

const list = (text: string | undefined): string[] =>
  (text ?? '')
    .split(/[,;\r\n]+/)
    .map((s) => s.trim())
    .filter(Boolean);
const digits = (n: string): string => n.replace(/\D/g, '');

/** The DIDs a row lists: by number (`DIDs`), else by ID (`DID IDs`). */
export function rowDids(fields: Readonly<Record<string, string>>): DidKey[] {
  const numbers = list(fields['dids']);
  if (numbers.length > 0) return numbers.map((number) => ({ number }));
  return list(fields['didIds'])
    .map(Number)
    .filter((n) => Number.isSafeInteger(n) && n > 0)
    .map((id) => ({ id }));
}

interface Bound {
  id: number;
  did: string;
  trunkId?: number;
  trunk?: string;
}

/** Every DID bound to `pbx`, with its trunk when known. */
export function boundDids(pbx: AccountPbx): Bound[] {
  return [
    ...pbx.bindings.flatMap((b) =>
      b.dids.map((d) => ({ ...d, trunkId: b.trunkId, ...(b.trunk !== undefined && { trunk: b.trunk }) })),
    ),
    ...pbx.unplaced.map((d) => ({ id: d.id, did: d.did })),
  ];
}

function matches(key: DidKey, bound: Bound): boolean {
  return key.id !== undefined ? key.id === bound.id : digits(key.number ?? '') === digits(bound.did);
}

const label = (key: DidKey): string => key.number ?? `ID ${key.id ?? ''}`;

/** Whether `bound` is on the trunk the row names (by ID or by name); true when it names none. */
function onTrunk(fields: Readonly<Record<string, string>>, bound: Bound): boolean {
  const id = fields['trunkId']?.trim();
  const name = fields['trunk']?.trim().toLowerCase();
  if (id) return String(bound.trunkId ?? '') === id;
  if (name) return (bound.trunk ?? '').toLowerCase() === name;
  return true;
}

function didDifference(
  parts: { added: string[]; removed: string[]; moved: string[]; still?: string[] },
  sheet: string,
  account: string,
): Difference[] {
  const text = [
    parts.added.length > 0 ? `added on the account ${parts.added.join(', ')}` : '',
    parts.removed.length > 0 ? `not bound on the account ${parts.removed.join(', ')}` : '',
    parts.moved.length > 0 ? `on another trunk on the account ${parts.moved.join(', ')}` : '',
    (parts.still ?? []).length > 0 ? `still bound on the account ${(parts.still ?? []).join(', ')}` : '',
  ].filter(Boolean);
  if (text.length === 0) return [];
  return [
    { kind: 'dids', column: 'DIDs', inSheet: sheet, onAccount: account, message: `DIDs: ${text.join('; ')}` },
  ];
}

/**
 * The complete bindings an export records for `pbx` (its DID rows' fields) against the account.
 * Returns the differences, each with the trunk it concerns, so the caller can place it on a row.
 */
export function compareFullBindings(
  rows: readonly Readonly<Record<string, string>>[],
  pbx: AccountPbx,
): Difference[] {
  const bound = boundDids(pbx);
  const expected = rows.flatMap((fields) => rowDids(fields).map((key) => ({ key, fields })));
  const added = bound.filter((b) => !expected.some((e) => matches(e.key, b))).map((b) => b.did);
  const removed = expected.filter((e) => !bound.some((b) => matches(e.key, b))).map((e) => label(e.key));
  const moved = expected
    .filter((e) => bound.some((b) => matches(e.key, b) && !onTrunk(e.fields, b)))
    .map((e) => label(e.key));
  return didDifference(
    { added, removed, moved },
    expected.map((e) => label(e.key)).join(', '),
    bound.map((b) => b.did).join(', '),
  );
}

/** One template or result-report DID row against the account, by its mode. */
export function compareDidRow(fields: Readonly<Record<string, string>>, pbx: AccountPbx): Difference[] {
  const mode = fields['mode']?.trim() || 'add';
  const bound = boundDids(pbx);
  const keys = rowDids(fields);
  const sheet = keys.map(label).join(', ');
  const account = bound.map((b) => b.did).join(', ');
  if (mode === 'remove-all')
    return didDifference({ added: [], removed: [], moved: [], still: bound.map((b) => b.did) }, '', account);
  if (mode === 'remove') {
    const still = bound.filter((b) => keys.some((k) => matches(k, b))).map((b) => b.did);
    return didDifference({ added: [], removed: [], moved: [], still }, sheet, account);
  }
  const removed = keys.filter((k) => !bound.some((b) => matches(k, b))).map(label);
  const moved = keys.filter((k) => bound.some((b) => matches(k, b) && !onTrunk(fields, b))).map(label);
  const added =
    mode === 'replace' ? bound.filter((b) => !keys.some((k) => matches(k, b))).map((b) => b.did) : [];
  return didDifference({ added, removed, moved }, sheet, account);
}
