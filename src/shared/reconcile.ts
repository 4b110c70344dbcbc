/**
 * What `reconcile` finds (issue 18), as data for its report writers, the CLI and the app (the
 * Results screen's grid). Types and constants only: compiled for the browser too.
 */
import type { SheetKind } from './types.ts';

/**
 * `matches`: the account holds what the row says. `drifted`: it holds the PBX, differently (the
 * differences say how). `missing`: no such PBX on the account. `not-compared`: a row kind
 * reconcile does not compare (Expansions, MyReports) or a row that names no PBX.
 */
export type ReconcileOutcome = 'matches' | 'drifted' | 'missing' | 'not-compared';

export const RECONCILE_OUTCOMES: readonly ReconcileOutcome[] = [
  'matches',
  'drifted',
  'missing',
  'not-compared',
];

/** The kinds of difference, for filtering: a field, the DID bindings, the customers. */
export type DifferenceKind = 'field' | 'dids' | 'customers';

export interface Difference {
  kind: DifferenceKind;
  /** The column it is about, as the template labels it. */
  column: string;
  /** The value as the sheet has it, and as the account does. */
  inSheet: string;
  onAccount: string;
  /** For people: `Extensions: sheet 50, account 40`. */
  message: string;
}

export interface ReconcileRow {
  sheet: string;
  row: number;
  kind: SheetKind;
  outcome: ReconcileOutcome;
  cloudPbxId?: number;
  differences: Difference[];
  /** Why the row is missing or not compared. */
  note?: string;
}

/** A PBX on the account that no row names. */
export interface ExtraPbx {
  cloudPbxId: number;
  name: string;
  url: string;
  sn: string;
  pbxStatus: string;
}

export interface ReconcileSummary {
  file: string;
  target?: string;
  total: number;
  byOutcome: Partial<Record<ReconcileOutcome, number>>;
  extra: number;
}

export interface ReconcileResult {
  summary: ReconcileSummary;
  rows: ReconcileRow[];
  extra: ExtraPbx[];
}
