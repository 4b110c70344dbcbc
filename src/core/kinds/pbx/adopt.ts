/** A PBX row the plan found in YCM whose create an interrupted run began: that run created it. */
import type { PlannedRow } from '../../engine/planned.ts';
import { isStepInterrupted, type JournalState } from '../../run/journal.ts';

/**
 * A PBX row found in YCM (planned as 'skipped: already exists') whose create the journal shows
 * begun without a clear end: the crashed run created it, so the row succeeded (found by the crash
 * suite, test/reliability: such rows used to end 'skipped' after a resume).
 */
export function adoptInterrupted(state: JournalState, row: PlannedRow): boolean {
  if (row.report.status !== 'skipped' || !row.report.ids?.cloudPbxId) return false;
  if (!isStepInterrupted(state, row.key, 'createPbx')) return false;
  row.report.status = 'succeeded';
  row.report.messages = row.report.messages.filter((m) => m.level !== 'info');
  row.report.messages.push({
    level: 'info',
    message: `Created by the interrupted run (its create had no recorded answer); adopted as PBX ${row.report.ids.cloudPbxId}.`,
    reason: 'adopted',
  });
  return true;
}
