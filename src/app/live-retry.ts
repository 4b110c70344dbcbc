/**
 * A retry sends the sheet as it is now, under the run's journal. On a live target, an edit made
 * since the run may add or change Expansions rows, whose orders cost money and were never
 * confirmed: such a retry is refused, and the user makes the dry run and types the order count.
 */
import { readFile } from 'node:fs/promises';
import type { TargetConfig } from './targets.ts';
import { SessionError } from './session-error.ts';
import type { WorkbookState } from './workbook-state.ts';

export async function checkLiveRetry(
  target: TargetConfig,
  workbook: WorkbookState,
  sheetNow: string,
  sheetOfRun: string,
): Promise<void> {
  if (target.sandbox) return;
  if (![...workbook.sheets.values()].some((s) => s.kind === 'expansion')) return;
  const [now, before] = await Promise.all([readFile(sheetNow), readFile(sheetOfRun)]);
  if (now.equals(before)) return;
  throw new SessionError(
    `The sheet was edited since this run, and its Expansions rows may place billed orders on ${target.label} that nobody confirmed. Make the dry run (Plan) of the sheet as it is now and start the run from there, typing its order count.`,
  );
}
