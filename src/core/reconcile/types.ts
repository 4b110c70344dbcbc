/** What `reconcile` finds (issue 18): the types live in src/shared, as the app's grid shows them. */
import type { ReconcileResult } from '../../shared/reconcile.ts';

export { RECONCILE_OUTCOMES } from '../../shared/reconcile.ts';
export type {
  Difference,
  DifferenceKind,
  ExtraPbx,
  ReconcileOutcome,
  ReconcileResult,
  ReconcileRow,
  ReconcileSummary,
} from '../../shared/reconcile.ts';

/** True when anything differs: a row drifted or missing, or a PBX no row names. */
export function hasDifferences(result: Pick<ReconcileResult, 'summary'>): boolean {
  const s = result.summary;
  return (s.byOutcome.drifted ?? 0) + (s.byOutcome.missing ?? 0) + s.extra > 0;
}
