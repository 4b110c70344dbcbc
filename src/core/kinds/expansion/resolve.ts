/**
 * Plan for Expansions rows: find the target PBX, then a resize's new totals (recording minutes
 * never decrease, FACTS 1.8.K) or the ids an order sends (resolve-order.ts, seeds/003). The 500
 * extensions a PBX holds are checked once every row is planned (extension-limit.ts).
 */
import type { Lookups } from '../../engine/lookups.ts';
import { errorOn, type PlannedRow } from '../../engine/planned.ts';
import { resolveTarget, str, workbookPbxOf, type WorkbookPbxs } from '../../engine/resolve-target.ts';
import { columnName } from '../../validate/messages.ts';
import type { ExpansionAction } from './action.ts';
import { resolveOrder } from './resolve-order.ts';

export async function resolveExpansion(
  row: PlannedRow,
  lookups: Lookups,
  workbook: WorkbookPbxs,
): Promise<ExpansionAction | undefined> {
  const target = await resolveTarget(row, lookups, workbook);
  if (!target) return undefined;
  const v = row.record.values;
  const col = (p: string): string => columnName('expansion', p, row.record.headers);
  const method = v['method'] === 'resize' ? 'resize' : 'order';
  if (method === 'resize') {
    const resize: ExpansionAction['resize'] = {};
    for (const k of [
      'extensionCapacity',
      'concurrentCallCapacity',
      'recordingCapacity',
      'transcriptionCapacity',
    ] as const) {
      const n = v[k];
      if (typeof n === 'number') resize[k] = n;
    }
    if (v['recordingStatus'] === 'Enabled' || v['recordingStatus'] === 'Disabled')
      resize.recordingStatus = v['recordingStatus'];
    const current = 'existing' in target ? target.existing.recordingCapacity : undefined;
    if (
      resize.recordingCapacity !== undefined &&
      current !== undefined &&
      resize.recordingCapacity < current
    ) {
      errorOn(
        row.report,
        col('recordingCapacity'),
        `Recording minutes cannot decrease (FACTS 1.8.K): the PBX has ${current}.`,
      );
      return undefined;
    }
    return { type: 'expansion', target, method, resize };
  }
  // The PBX row of this sheet already exists (plan found it in YCM: an earlier run of this sheet,
  // without its journal, created it), so that run most likely placed this order too; billing it
  // again needs the user's decision, not a re-run.
  const local = workbookPbxOf(row, workbook);
  const found = local && !local.action && local.report.status === 'skipped' && local.report.ids?.cloudPbxId;
  if (found && !workbook.journalled && !workbook.allowRepeatOrder) {
    errorOn(
      row.report,
      col('method'),
      `Its PBX (sheet '${local.sheet}' row ${local.row}) already exists, most likely created by an earlier run of this sheet, which would have placed this order too: it is not placed again. Check the PBX's orders in the Partner Portal; to order for it anyway, take the PBX's row out of this sheet, or run with --allow-repeat-order (in the app: the Plan screen's "Order even when the PBX already has a recent order").`,
      'repeat-order',
    );
    return undefined;
  }
  const action: ExpansionAction = { type: 'expansion', target, method };
  if (typeof v['addExtensions'] === 'number') action.addExtensions = v['addExtensions'];
  if (typeof v['addRecordingMinutes'] === 'number') action.addRecordingMinutes = v['addRecordingMinutes'];
  if (str(v['poNumber'])) action.poNumber = str(v['poNumber']) ?? '';
  const ids = await resolveOrder(row, target, lookups, local);
  if (!ids || row.report.messages.some((m) => m.level === 'error')) return undefined;
  action.order = ids;
  return action;
}
