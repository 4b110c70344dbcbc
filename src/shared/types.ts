/**
 * Types shared by the engine, the CLI, the Electron main process and the renderer.
 * No Node built-ins and no electron here: this file is compiled for the browser too.
 */

import type { SheetKind } from './kinds.ts';

export { KIND_CREATES, SHEET_KINDS, SHEET_NAMES, type SheetKind } from './kinds.ts';

export type MessageLevel = 'error' | 'warning' | 'info';

/**
 * Why a row ended as it did, for code to decide on (counts, retry sets); the message text is for
 * people and may change. Set on the messages plan and run write about a row's outcome.
 * - `not-run`: left unrun by a stop or a cancel (run.ts, readiness.ts); a retry runs it.
 * - `not-checked`: the dry run was cancelled before it checked the row (plan.ts).
 * - `dependency-not-created`: the workbook's PBX it acts on was not created; a retry runs it.
 * - `dependency-invalid`: the workbook's PBX it acts on is invalid (engine/resolve-target.ts).
 * - `already-exists`: the PBX is in YCM already and is not created again (kinds/pbx/resolve.ts).
 * - `done-before`: an earlier run did it (its journal, or a fed-back report's Result: status).
 * - `adopted`: created by an interrupted run, found and adopted (plan.ts).
 * - `unknown-outcome`: sent with no clear answer, now or in the fed-back report's last run.
 * - `order-pending`: an order placed and not final yet, now or when last seen.
 * - `order-failed`: the portal ended the order in a status that is not success.
 * - `repeat-order`: refused as a probable second order for the same PBX.
 * - `pbx-not-ready`: the PBX did not reach Running in time (readiness.ts).
 * - `check-failed`: the dry run could not check the row (a lookup failed).
 * - `step-failed`: a step of the run failed for any other reason (the message says which).
 */
export type RowReason =
  | 'not-run'
  | 'not-checked'
  | 'dependency-not-created'
  | 'dependency-invalid'
  | 'already-exists'
  | 'done-before'
  | 'adopted'
  | 'unknown-outcome'
  | 'order-pending'
  | 'order-failed'
  | 'repeat-order'
  | 'pbx-not-ready'
  | 'check-failed'
  | 'step-failed';

/** Outcomes a retry sends again when a row ended `skipped` with them (run-session.ts). */
export const RETRY_SKIP_REASONS: ReadonlySet<RowReason> = new Set<RowReason>([
  'not-run',
  'dependency-not-created',
]);

/** One problem (or note) about one row, as data. `column` is the header as the user wrote it. */
export interface RowMessage {
  column?: string;
  level: MessageLevel;
  message: string;
  /** Vendor error code, when the message comes from an API. */
  code?: string;
  /** Why, as a code (plan and run outcomes); absent on validation messages. */
  reason?: RowReason;
}

/** The systems a target has; each plan call goes to one of them. */
export type SystemName = 'ycm' | 'pp' | 'myreports';

/** How many calls of one endpoint a dry run expects the run to make. */
export interface PlanCall {
  system: SystemName;
  /** For people: method, path and purpose (`YCM POST /cloud_pbx/instances (create PBX)`). */
  endpoint: string;
  count: number;
}

/**
 * `unknown`: sent, never answered (perhaps applied). `pending`: an order placed whose status the
 * Partner Portal had not made final yet; checked again by a later run, never placed again.
 */
export type RowStatus = 'valid' | 'invalid' | 'succeeded' | 'failed' | 'skipped' | 'unknown' | 'pending';

/** Every row status, in the order summaries list them. */
export const ROW_STATUSES: readonly RowStatus[] = [
  'valid',
  'invalid',
  'succeeded',
  'failed',
  'skipped',
  'unknown',
  'pending',
];

/** What the tool created or touched for one row (result reports). */
export interface RowResultIds {
  cloudPbxId?: string;
  sn?: string;
  url?: string;
  orderNo?: string;
  orderId?: string;
  /** The order's status in the Partner Portal (`succeed`, `pending`, `failed`…), seeds/003. */
  orderStatus?: string;
  transactionNo?: string;
  profileId?: string;
  requestIds?: string[];
}

/** One row of a report: where it came from, what happened, why. */
export interface ReportRow {
  sheet: string;
  /** 1-based row number in the source sheet (the header is row 1 in a plain sheet). */
  row: number;
  kind: SheetKind;
  status: RowStatus;
  messages: RowMessage[];
  ids?: RowResultIds;
  /** ISO-8601 start and end of the row's last step, when run. */
  startedAt?: string;
  finishedAt?: string;
}

export interface ReportSummary {
  file: string;
  mode: 'validate' | 'plan' | 'run';
  target?: string;
  total: number;
  byStatus: Partial<Record<RowStatus, number>>;
  errors: number;
  warnings: number;
  /** File-level problems (unknown columns, unreadable sheets...). */
  fileMessages: Array<RowMessage & { sheet?: string }>;
}

export interface Report {
  summary: ReportSummary;
  rows: ReportRow[];
}
