// What both halves of the plan tests share (plan.test.ts: against the sandbox; plan-quotas.test.ts:
// quotas and the 500-extension limit): one row of a plan and its errors.
import type { PlanResult } from '../../../src/core/engine/index.ts';

/** The plan's row for `sheet` row `row` (1-based, as in the sheet); throws when there is none. */
export function rowOf(plan: PlanResult, sheet: string, row: number) {
  const found = plan.rows.find((r) => r.sheet === sheet && r.row === row);
  if (!found) throw new Error(`no row ${sheet}!${row}`);
  return found;
}

/** The row's error messages joined by ' | ' (warnings left out). */
export function errorsOf(plan: PlanResult, sheet: string, row: number): string {
  return rowOf(plan, sheet, row)
    .report.messages.filter((m) => m.level === 'error')
    .map((m) => m.message)
    .join(' | ');
}
