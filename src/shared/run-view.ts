/**
 * What the Run and Results screens show, as the engine side keeps it: the run's live view (so a
 * reloaded page or a new window attaches to a run in progress and shows it whole) and the rows of
 * the results grid. Types only: compiled for the browser too (no node:*, no electron).
 */
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
