/**
 * Types shared by the engine, the CLI, the Electron main process and the renderer.
 * No Node built-ins and no electron here: this file is compiled for the browser too.
 */

/** The four kinds of sheet a workbook may hold (PRODUCT.md, Load). */
export type SheetKind = 'pbx' | 'did' | 'expansion' | 'myreports';

export const SHEET_KINDS: readonly SheetKind[] = ['pbx', 'did', 'expansion', 'myreports'];

/** The sheet names a workbook uses for each kind (case-insensitive match on read). */
export const SHEET_NAMES: Readonly<Record<SheetKind, string>> = {
  pbx: 'PBX',
  did: 'DID Bindings',
  expansion: 'Expansions',
  myreports: 'MyReports',
};

export type MessageLevel = 'error' | 'warning' | 'info';

/** One problem (or note) about one row, as data. `column` is the header as the user wrote it. */
export interface RowMessage {
  column?: string;
  level: MessageLevel;
  message: string;
  /** Vendor error code, when the message comes from an API. */
  code?: string;
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
