/** What the plan decided for each row: the resolved call it will make, or why it will not. */
import type { CloudPbx } from '../../api/index.ts';
import type { ReportRow, RowReason, SheetKind } from '../../shared/types.ts';
import type { RowAction } from '../kinds/registry.ts';
import type { RowRecord } from '../model.ts';
import type { SchedulableRow } from '../run/execute.ts';

/** The PBX a DID, expansion or profile row acts on: an existing one, or one this workbook creates. */
export type PbxTarget = { existing: CloudPbx } | { workbook: string; label: string };

export type { PbxAction } from '../kinds/pbx/action.ts';
export type { DidAction } from '../kinds/did/action.ts';
export type { ExpansionAction, OrderIds } from '../kinds/expansion/action.ts';
export type { ProfileAction } from '../kinds/myreports/action.ts';
export type { RowAction } from '../kinds/registry.ts';

export interface PlannedRow extends SchedulableRow {
  sheet: string;
  row: number;
  kind: SheetKind;
  record: RowRecord;
  report: ReportRow;
  /** Absent when the row is invalid or has nothing to do. */
  action?: RowAction;
}

export function errorOn(
  report: ReportRow,
  column: string | undefined,
  message: string,
  reason?: RowReason,
): void {
  report.messages.push({
    ...(column !== undefined && { column }),
    level: 'error',
    message,
    ...(reason !== undefined && { reason }),
  });
}
