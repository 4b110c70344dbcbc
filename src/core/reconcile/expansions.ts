/**
 * Expansions rows in a reconcile: a workbook says what a PBX should hold after all its rows ran,
 * so a PBX row's capacities are compared with the workbook's expansions of it applied in sheet
 * order (`resize` sets, `order` adds: seeds/003, FACTS 1.8.K). An expansion of a PBX the workbook
 * has no row for is compared alone when it is a resize (absolute values); an order only adds to
 * a capacity the sheet does not give, so it cannot be compared.
 */
import type { AccountPbx } from '../export/account.ts';
import { comparePbx } from './compare-pbx.ts';
import type { Difference } from './types.ts';

const RESIZED = [
  'extensionCapacity',
  'concurrentCallCapacity',
  'recordingStatus',
  'recordingCapacity',
] as const;

const int = (text: string | undefined): number | undefined =>
  text !== undefined && /^\s*\d+\s*$/.test(text) ? Number(text) : undefined;

/** The PBX row's fields with `expansions` (Expansions rows' fields, in sheet order) applied. */
export function applyExpansions(
  fields: Readonly<Record<string, string>>,
  expansions: readonly { fields: Readonly<Record<string, string>> }[],
): Record<string, string> {
  const out = { ...fields };
  for (const { fields: e } of expansions) {
    if ((e['method']?.trim() || 'order') === 'order') {
      for (const [add, path] of [
        ['addExtensions', 'extensionCapacity'],
        ['addRecordingMinutes', 'recordingCapacity'],
      ] as const) {
        const base = int(out[path]);
        const more = int(e[add]);
        if (base !== undefined && more !== undefined) out[path] = String(base + more);
      }
      continue;
    }
    for (const path of RESIZED) if (e[path]?.trim()) out[path] = e[path].trim();
  }
  return out;
}

/** An Expansions row on its own: its differences, or why it is not compared. */
export function compareExpansion(
  fields: Readonly<Record<string, string>>,
  pbx: AccountPbx,
  pbxRow: string | undefined,
): { differences: Difference[]; note?: string } {
  if (pbxRow !== undefined)
    return { differences: [], note: `Compared on its PBX's row (${pbxRow}), with this row applied.` };
  if ((fields['method']?.trim() || 'order') === 'order')
    return {
      differences: [],
      note: 'An order adds to the capacity the PBX had, which the sheet does not give: not compared.',
    };
  const resized = Object.fromEntries(RESIZED.map((p) => [p, fields[p] ?? '']));
  return { differences: comparePbx(resized, pbx) };
}
