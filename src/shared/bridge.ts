/**
 * The one contract between the renderer and the engine side. Two transports implement it:
 * Electron IPC (the preload exposes these verbs on `window.pbxBulk` via contextBridge) and
 * browser mode (`pbx-bulk ui`: POST /api/<call> with a JSON body, events as server-sent events).
 * Every call takes one plain, structured-clone-safe argument object and resolves to one result.
 * Types and constants only: this file is compiled for the browser too (no node:*, no electron).
 */
import type {
  MessageLevel,
  PlanCall,
  Report,
  ReportSummary,
  RowMessage,
  SheetKind,
  SystemName,
} from './types.ts';
import type { RateWaitView, ResultFilter, ResultRowsResult, RunRowView, RunView } from './run-view.ts';
import type { RunSettings } from './run-settings.ts';
import type { PlanMessageGroup, PlanPreviewPage } from './plan-preview.ts';
import type { ReconcileResult } from './reconcile.ts';

import type {
  CellEdit,
  EditResult,
  GridRow,
  HistoryState,
  MapDetails,
  RowQuery,
  RowsResult,
  SheetView,
  UpdateResult,
} from './grid-types.ts';

export type { SystemName } from './types.ts';
export type * from './grid-types.ts';
export type * from './run-view.ts';
export type { RunSettings } from './run-settings.ts';
export type * from './plan-preview.ts';

/** A target is where plan and run go: the local sandbox or a live profile from the environment. */
export interface TargetInfo {
  id: string;
  label: string;
  sandbox: boolean;
  /** Base URLs per system, or null when that system is not configured for this target. */
  systems: Record<SystemName, string | null>;
  /**
   * The account plan and run act as, for the LIVE banner: each system's host and client or account
   * ID (never a secret). Empty for the sandbox.
   */
  account: string;
}

export interface TargetsResult {
  targets: TargetInfo[];
  active: string;
  /**
   * Where live credentials entered in Connect are kept: the OS keychain (Electron safeStorage) or
   * only in memory for this session (browser mode). Secrets are never sent back, only "saved".
   */
  credentialStore: 'keychain' | 'session';
}

/**
 * Live credentials as entered in Connect, named like the environment variables resolveTargets
 * reads (YCM_BASE_URL, YCM_CLIENT_ID, YCM_CLIENT_SECRET, PP_*, MYREPORTS_*). Sent once, never returned.
 */
export type CredentialsInput = Partial<Record<CredentialName, string>>;
export const CREDENTIAL_NAMES = [
  'YCM_BASE_URL',
  'YCM_CLIENT_ID',
  'YCM_CLIENT_SECRET',
  'PP_BASE_URL',
  'PP_CLIENT_ID',
  'PP_CLIENT_SECRET',
  'MYREPORTS_BASE_URL',
  'MYREPORTS_TOKEN',
  'MYREPORTS_ACCOUNT_ID',
] as const;
export type CredentialName = (typeof CREDENTIAL_NAMES)[number];
/** Each credential as the Connect form labels it: what a message about it names. */
export const CREDENTIAL_LABELS: Readonly<Record<CredentialName, string>> = {
  YCM_BASE_URL: 'YCM Base URL',
  YCM_CLIENT_ID: 'YCM Client ID',
  YCM_CLIENT_SECRET: 'YCM Client secret',
  PP_BASE_URL: 'Partner Portal Base URL',
  PP_CLIENT_ID: 'Partner Portal Client ID',
  PP_CLIENT_SECRET: 'Partner Portal Client secret',
  MYREPORTS_BASE_URL: 'MyReports Base URL',
  MYREPORTS_TOKEN: 'MyReports API token',
  MYREPORTS_ACCOUNT_ID: 'MyReports Account ID',
};
/** The names whose values are secrets (masked as "saved ••••" once entered). */
export const SECRET_CREDENTIALS: readonly CredentialName[] = [
  'YCM_CLIENT_SECRET',
  'PP_CLIENT_SECRET',
  'MYREPORTS_TOKEN',
];

export interface SaveCredentialsResult {
  targets: TargetsResult;
  /** Where they were kept; 'session' when the OS offers no secure storage (with `note`). */
  stored: 'keychain' | 'session';
  note?: string;
}

export interface ConnectionCheck {
  target: string;
  ok: boolean;
  systems: Array<{ system: SystemName; ok: boolean; message: string }>;
}

/** A file the engine side holds for the renderer; the renderer never sees a path. */
export interface FileRef {
  id: string;
  name: string;
}

export interface OpenResult {
  file: string;
  sheets: SheetView[];
  /** The first rows of the first sheet, so the preview shows at once. */
  firstRows: GridRow[];
  fileMessages: ReportSummary['fileMessages'];
}

export interface PlanView {
  file: string;
  calls: PlanCall[];
  estimateSeconds: number;
  warnings: string[];
  creates: Record<SheetKind, number>;
  orders: number;
  /**
   * Rows that will not be sent because of an error, found offline or by the dry run (unresolved
   * names, quota...): the rows Review shows as invalid after the dry run.
   */
  blocked: number;
  /** The blocked rows by their first error, most rows first. */
  problems: PlanProblem[];
  /** Rows skipped as done by an earlier run or already in YCM: not sent, and not failures. */
  skipped: number;
  /** Information, not warnings: what the run uses of the account's quotas. */
  notes: string[];
  /** The rows' errors and warnings grouped by cause, with counts, most rows first. */
  groups: PlanMessageGroup[];
  /** The same calls at YCM's documented example limit (FACTS 1.4), whatever the target. */
  documented: { requestsPerSecond: number; seconds: number };
  /** The sheets with their counts as the dry run left them (Review shows these). */
  sheets: SheetView[];
  summary: ReportSummary;
}

export interface PlanProblem {
  message: string;
  rows: Array<{ sheet: string; row: number }>;
}

/** 'canary': the first N rows ran and the run waits for the user's continue or stop. */
export type RunState = 'idle' | 'running' | 'paused' | 'canary' | 'cancelling' | 'finished';

export interface RunStatus {
  runId: string | null;
  state: RunState;
  stopped?: string;
  /** Rows that failed or have an unknown outcome in the last run: what "Retry failed rows" re-runs. */
  retryable?: number;
}

/**
 * startRun's argument: the run's settings as the user set them on the Plan/Run screens (passed to
 * the engine unchanged), and whether this is a retry of the last run.
 */
export interface RunOptionsInput extends RunSettings {
  /** Re-run the last run with its journal: done rows are skipped, failed/unknown rows run again. */
  retry?: boolean;
  /**
   * On a live target, the number of billed orders the user typed to confirm them: a run whose dry
   * run counts orders is refused unless this is that count (sandbox runs and retries need none).
   */
  confirmOrders?: number;
}

export interface OpenRunResult {
  run: RecentRun;
  workbook: OpenResult;
  report: Report;
}

export interface ProgressEvent {
  runId: string;
  done: number;
  total: number;
  succeeded: number;
  failed: number;
  /** Rows per second over the run so far. */
  rate: number;
  etaSeconds?: number;
  state: RunState;
  /** Which start of a run in this session (a retry keeps its runId, not its attempt). */
  attempt: number;
  /** Milliseconds since this attempt started. */
  elapsedMs: number;
  /** Before the first row: the run checks the sheet against the target first (total not known yet). */
  preparing?: boolean;
  /** Set while requests wait for the rate limit. */
  waiting?: RateWaitView;
}

export interface RowStatusEvent extends RunRowView {
  runId: string;
  attempt: number;
  messages: RowMessage[];
}

export interface LogEvent {
  time: string;
  level: MessageLevel;
  message: string;
}

export type ExportFormat = 'xlsx' | 'csv' | 'json';

export interface ExportResult {
  id: string;
  name: string;
  size: number;
}

export interface RecentRun {
  runId: string;
  file: string;
  target: string;
  startedAt: string;
  finishedAt?: string;
  summary?: ReportSummary;
  /** Runs started with retry on this run's journal. */
  retries?: number;
}

/** A call's argument and result types. Carried by the type only: the runtime value is empty. */
interface CallSignature<A, R> {
  args: A;
  result: R;
}
function call<A, R>(): CallSignature<A, R> {
  return {} as CallSignature<A, R>;
}

/**
 * Every call: its argument object and what it resolves to. The one list of calls: BridgeCallMap,
 * BridgeCall and BRIDGE_CALLS all come from it, and the app's handler map (src/app/bridge-calls.ts)
 * is checked against it by the compiler.
 */
const CALL_SIGNATURES = {
  getTargets: call<Record<string, never>, TargetsResult>(),
  testConnection: call<{ target: string }, ConnectionCheck>(),
  /** Tests credentials as entered, before saving them (one cheap authenticated read per system). */
  testCredentials: call<{ credentials: CredentialsInput }, ConnectionCheck>(),
  /** Saves live credentials (Electron: safeStorage; browser mode: memory) and makes them active. */
  saveCredentials: call<{ credentials: CredentialsInput }, SaveCredentialsResult>(),
  selectTarget: call<{ target: string }, TargetsResult>(),
  /** Electron: main shows the open dialog. Browser mode resolves null (use uploadFile). */
  pickFile: call<Record<string, never>, FileRef | null>(),
  uploadFile: call<{ name: string; data: Uint8Array }, FileRef>(),
  /** `headerRows`: sheet name → the row that holds its headers, where the user says so. */
  openSheet: call<{ file: FileRef; headerRows?: Record<string, number> }, OpenResult>(),
  getRows: call<{ sheet: string; start: number; count: number } & RowQuery, RowsResult>(),
  updateCell: call<{ sheet: string; index: number; col: number; text: string }, UpdateResult>(),
  /** Several cells at once (a paste from Excel), one step of undo. */
  editCells: call<{ sheet: string; edits: CellEdit[]; label?: string }, EditResult>(),
  /** Copies the first listed row's cell in `col` to the other rows (fill down, secrets too). */
  fillDown: call<{ sheet: string; col: number; indexes: number[] }, EditResult>(),
  /** Every cell of a fixed-value column that differs from a value only in case or spacing. */
  fixColumn: call<{ sheet: string; col: number }, EditResult>(),
  replaceAll: call<
    { sheet: string; find: string; replace: string; col?: number; matchCase?: boolean },
    EditResult
  >(),
  undoEdit: call<Record<string, never>, EditResult>(),
  redoEdit: call<Record<string, never>, EditResult>(),
  getHistory: call<Record<string, never>, HistoryState>(),
  /** The user's sheet with the edits written in (their columns and formatting kept), to download. */
  exportCorrected: call<Record<string, never>, ExportResult>(),
  setMapping: call<{ sheet: string; mapping: Record<string, string | null> }, OpenResult>(),
  /** Samples, near-name suggestions and required fields still unmapped, for the Map screen. */
  mapDetails: call<{ sheet: string }, MapDetails>(),
  /** Reads the file again with the headers on `row` of this sheet (rows above it skipped). */
  setHeaderRow: call<{ sheet: string; row: number }, OpenResult>(),
  /** Field paths a column of this sheet may map to. */
  listFields: call<{ sheet: string }, string[]>(),
  validate: call<Record<string, never>, OpenResult>(),
  plan: call<Record<string, never>, PlanView>(),
  /** A page of the last dry run's per-row preview (what each row will send). */
  getPlanRows: call<{ start: number; count: number }, PlanPreviewPage>(),
  startRun: call<RunOptionsInput, RunStatus>(),
  /** The answer to a canary pause: go on with the rest, or stop here. */
  answerCanary: call<{ proceed: boolean }, RunStatus>(),
  pauseRun: call<Record<string, never>, RunStatus>(),
  resumeRun: call<Record<string, never>, RunStatus>(),
  cancelRun: call<Record<string, never>, RunStatus>(),
  getRunStatus: call<Record<string, never>, RunStatus>(),
  getReport: call<Record<string, never>, Report | null>(),
  /** `sheet`: the sheet a CSV holds (a CSV holds one; required for a workbook of several). */
  exportReport: call<{ format: ExportFormat; sheet?: string }, ExportResult>(),
  /** Electron: main asks where to save and copies. Browser mode: the transport downloads it. */
  saveExport: call<{ id: string }, { saved: boolean }>(),
  listRecentRuns: call<Record<string, never>, RecentRun[]>(),
  /** Reopens a past run: its workbook as run, its report, and retry on its journal. */
  openRun: call<{ runId: string }, OpenRunResult>(),
  /** The current or last run as the engine side keeps it: a reloaded page attaches to it. */
  getRunView: call<Record<string, never>, RunView>(),
  /** The open workbook as openSheet returned it (null when none): a reloaded page gets it back. */
  getWorkbook: call<Record<string, never>, OpenResult | null>(),
  /** A page of the results grid: every row of the report, by status. */
  getResultRows: call<{ status: ResultFilter; start: number; count: number }, ResultRowsResult>(),
  /** Writes the active target's Cloud PBXs and DID bindings as a workbook (issue 18); then saveExport. */
  exportAccount: call<Record<string, never>, ExportResult>(),
  /** Compares the open workbook (as edited) with the active target's account (issue 18). */
  reconcile: call<Record<string, never>, ReconcileResult>(),
};

export type BridgeCallMap = typeof CALL_SIGNATURES;

export type BridgeCall = keyof BridgeCallMap;

export interface BridgeEventMap {
  progress: ProgressEvent;
  rowStatus: RowStatusEvent;
  log: LogEvent;
}

export type BridgeEvent = keyof BridgeEventMap;

/** The verbs as the renderer calls them. */
export type BridgeCalls = {
  [K in BridgeCall]: (args: BridgeCallMap[K]['args']) => Promise<BridgeCallMap[K]['result']>;
};

/** The whole bridge: calls plus event subscription (returns an unsubscribe function). */
export interface Bridge extends BridgeCalls {
  on<E extends BridgeEvent>(event: E, listener: (payload: BridgeEventMap[E]) => void): () => void;
}

/** Every call name, for transports that register handlers in a loop (in CALL_SIGNATURES order). */
export const BRIDGE_CALLS = Object.freeze(Object.keys(CALL_SIGNATURES) as BridgeCall[]);

export const BRIDGE_EVENTS: readonly BridgeEvent[] = ['progress', 'rowStatus', 'log'];

/** IPC channel of a call (Electron) and its HTTP path (browser mode). */
export function callChannel(call: BridgeCall): string {
  return `pbx:call:${call}`;
}
export function eventChannel(event: BridgeEvent): string {
  return `pbx:event:${event}`;
}
export const HTTP_API_PREFIX = '/api/';
export const HTTP_EVENTS_PATH = '/api/events';

/** How a failed call reaches the renderer: a message a user can act on, never a stack or secret. */
export interface BridgeErrorBody {
  /** `field`: the input the error is about (a credential's name), so the screen can show it there. */
  error: { name: string; message: string; field?: string };
}
