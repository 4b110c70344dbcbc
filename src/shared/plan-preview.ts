/**
 * What the Plan screen shows besides the counts (issue 17, Plan): each row's preview, read from
 * the request the dry run planned for it, and the rows' messages grouped by cause.
 */
import type { RowStatus, SheetKind } from './types.ts';

/**
 * One row of the Plan screen's preview: what the run will send for it, read from the row's planned
 * request (no call of its own). Empty fields do not apply to the row's kind.
 */
export interface PlanPreviewRow {
  sheet: string;
  row: number;
  kind: SheetKind;
  status: RowStatus;
  /** "Create PBX", "Order", "Bind DIDs (add)"... or why nothing is sent. */
  does: string;
  /** The PBX URL to be created, or the PBX the row acts on. */
  pbx?: string;
  region?: string;
  domain?: string;
  firmware?: string;
  trunkId?: string;
  didIds?: string;
  /** Order quantities (extensions, recording minutes); the price is the Partner Portal's. */
  order?: string;
  /** Every error of the row (offline and online), not only the first. */
  problems: string[];
}

export interface PlanPreviewPage {
  total: number;
  start: number;
  rows: PlanPreviewRow[];
}

/** One cause of messages: the same text on the same sheet and column, and how many rows have it. */
export interface PlanMessageGroup {
  level: 'error' | 'warning';
  sheet: string;
  column?: string;
  message: string;
  count: number;
  /** The first rows with it (the count says how many in all). */
  rows: number[];
}
