/**
 * What the Run and Results screens show, as the engine side keeps it: the run's live view (so a
 * reloaded page or a new window attaches to a run in progress and shows it whole) and the rows of
 * the results grid. Types only: compiled for the browser too (no node:*, no electron).
 */
import type { LogEvent, ProgressEvent, RowStatusEvent, RunOptionsInput, RunStatus } from './bridge.ts';
import type { RowResultIds, RowStatus, SheetKind, SystemName } from './types.ts';

/** Requests held back for the rate limit right now (by our own pacing, or because the vendor said so). */
export interface RateWaitView {
  system: SystemName;
  /** 'bucket': we keep under the documented limit; 'rate-limited': the vendor refused and we wait. */
  reason: 'bucket' | 'rate-limited';
  /** When the longest wait ends, in ms since the epoch. */
  untilMs: number;
}

/** One point of the run's chart: rows over time, and whether requests were waiting then. */
export interface RunSample {
  /** Milliseconds since this attempt started. */
  t: number;
  done: number;
  succeeded: number;
  failed: number;
  waiting: boolean;
}

/** One row as the run screen lists it: by customer (PBX name), with what it created. */
export interface RunRowView {
  sheet: string;
  row: number;
  kind: SheetKind;
  /** The PBX the row creates or acts on: its name, else its subdomain (empty when the row has neither). */
  name: string;
  status: RowStatus;
  /** The first error or warning, in plain words. */
  problem?: string;
  /** The vendor's own words for it (with the call and requestId), when they differ from `problem`. */
  detail?: string;
  /** The vendor's error code for it, when the vendor gave one. */
  code?: string;
  ids?: RowResultIds;
}

export type ResultFilter = 'all' | RowStatus;

/** A page of the results grid. */
export interface ResultRowsResult {
  /** Rows matching the filter. */
  total: number;
  start: number;
  rows: RunRowView[];
  /** Rows per status in the whole report (for the filter's counts and the summary chart). */
  byStatus: Partial<Record<RowStatus, number>>;
}

/** The run as the engine side keeps it: what a page (re)attaching to it shows at once. */
export interface RunView {
  status: RunStatus;
  /** Starts in this session so far (0: none); events of another attempt are not this view's. */
  attempt: number;
  file?: string;
  target?: string;
  startedAt?: string;
  /** The options this attempt was started with. */
  options?: RunOptionsInput;
  progress: ProgressEvent | null;
  samples: RunSample[];
  /** The latest row outcomes, newest first. */
  rows: RowStatusEvent[];
  /** The latest log lines, newest first. */
  log: LogEvent[];
}
