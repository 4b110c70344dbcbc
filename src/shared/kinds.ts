/**
 * The sheet kinds a workbook may hold (PRODUCT.md, Load) and their names for people: the sheet
 * name a workbook uses and the run confirmation's line. Everything else about a kind lives in its
 * module, src/core/kinds/<kind>/ (listed by src/core/kinds/registry.ts); these are here because
 * the renderer may import only src/shared. A new kind adds one entry to each of the three below.
 */

export type SheetKind = 'pbx' | 'did' | 'expansion' | 'myreports';

/** Every kind, in the order the run's phases and the reports take them. */
export const SHEET_KINDS: readonly SheetKind[] = ['pbx', 'did', 'expansion', 'myreports'];

/** The sheet names a workbook uses for each kind (case-insensitive match on read). */
export const SHEET_NAMES: Readonly<Record<SheetKind, string>> = {
  pbx: 'PBX',
  did: 'DID Bindings',
  expansion: 'Expansions',
  myreports: 'MyReports',
};

/** What the run confirmation says a kind's planned rows do ("3 Cloud PBX(s) created"). */
export const KIND_CREATES: Readonly<Record<SheetKind, string>> = {
  pbx: 'Cloud PBX(s) created',
  did: 'DID binding row(s) applied',
  expansion: 'capacity expansion row(s)',
  myreports: 'MyReports connection profile(s) created',
};
