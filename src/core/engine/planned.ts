/** What the plan decided for each row: the resolved call it will make, or why it will not. */
import type { CloudPbx, CustomSipHeaderBinding, MrProfile, ResizeBody } from '../../api/index.ts';
import type { ReportRow, RowReason, SheetKind } from '../../shared/types.ts';
import type { RowRecord } from '../model.ts';
import type { SchedulableRow } from '../run/execute.ts';

/** The PBX a DID, expansion or profile row acts on: an existing one, or one this workbook creates. */
export type PbxTarget = { existing: CloudPbx } | { workbook: string; label: string };

export interface PbxAction {
  type: 'pbx';
  body: Record<string, unknown>;
  subDomain: string;
  name: string;
  firmware: string;
  /** `<subDomain>.<domain>` (FACTS 1.8.A), known before the create. */
  url: string;
}
export interface DidAction {
  type: 'did';
  target: PbxTarget;
  trunkId: number;
  didIds: number[];
  /** remove-all: every binding of the PBX removed (an empty trunkDidRelations, FACTS 1.8.O). */
  mode: 'add' | 'replace' | 'remove' | 'remove-all';
  /**
   * The PBX's complete custom SIP header list to send (seeds/004: it replaces all of them; empty =
   * remove all). Absent: the field is left out of the request (the row said 'unchanged', or the
   * firmware is older than 84.22.0.134, where the field has no effect).
   */
  sipHeaders?: CustomSipHeaderBinding[];
}
export interface ExpansionAction {
  type: 'expansion';
  target: PbxTarget;
  method: 'order' | 'resize';
  addExtensions?: number;
  addRecordingMinutes?: number;
  /** What the order sends, every id established by the plan (seeds/003); absent for resize. */
  order?: OrderIds;
  poNumber?: string;
  resize?: Partial<ResizeBody>;
}
/** The exact ids and cycle an order sends (digit strings: they exceed 2^53). */
export interface OrderIds {
  connectionPlanId: string;
  extensionServiceId?: string;
  recordingServiceId?: string;
  billingId: string;
  billingCycle: string;
}
export interface ProfileAction {
  type: 'profile';
  customerId: string;
  profile: MrProfile;
  instanceId: string;
  enable: boolean;
  /** The workbook PBX the row names (`PBX subdomain`): the profile waits until it is Running. */
  pbx?: PbxTarget;
}
export type RowAction = PbxAction | DidAction | ExpansionAction | ProfileAction;

export interface PlannedRow extends SchedulableRow {
  sheet: string;
  row: number;
  kind: SheetKind;
  record: RowRecord;
  report: ReportRow;
  /** Absent when the row is invalid or has nothing to do. */
  action?: RowAction;
}

/** Phases: PBXs first, then what depends on them (PRODUCT.md, Run). */
export const PHASE: Record<SheetKind, number> = { pbx: 0, did: 1, expansion: 2, myreports: 3 };

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
