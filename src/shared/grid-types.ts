/**
 * Bridge types of the Map and Review screens: what the Map screen shows about a sheet's columns
 * (samples, near-name suggestions, required fields still unmapped) and the grid's edits, views and
 * history. Types only, compiled for the browser too (no node:*, no electron).
 */
import type { MessageLevel, RowStatus, SheetKind } from './types.ts';

/** One field a column may map to, as the template names it. */
export interface FieldInfo {
  path: string;
  label: string;
  required: boolean;
  /** The values the field accepts, when it has a fixed list (a dropdown in the grid). */
  options?: string[];
  help: string;
}

export type Confidence = 'high' | 'medium' | 'low';

/** A field suggested for a column the matcher did not recognise, and how sure the suggestion is. */
export interface ColumnSuggestion {
  field: string;
  label: string;
  /** 0 to 1. */
  score: number;
  confidence: Confidence;
}

export interface MapColumn {
  index: number;
  /** Up to three distinct non-empty values from the first rows (secret columns masked). */
  samples: string[];
  suggestion?: ColumnSuggestion;
}

export interface MapDetails {
  sheet: string;
  headerRow: number;
  fields: FieldInfo[];
  columns: MapColumn[];
  /** Required fields (and required "give one of" groups) that no column fills yet. */
  missing: Array<{ label: string; paths: string[] }>;
}

/** Which rows the grid lists: every row, rows with an error, or rows with a warning. */
export type RowFilter = 'all' | 'errors' | 'warnings';

/** How the grid orders and narrows the rows; the engine side does it (a sheet may have 100k rows). */
export interface RowQuery {
  filter?: RowFilter | undefined;
  /** col -1 sorts by status (rows with errors first, then warnings). */
  sort?: { col: number; desc: boolean } | undefined;
  /** Rows with a cell containing this text (case-insensitive; secret cells are not searched). */
  search?: string | undefined;
  /** Rows whose cell in `col` contains `text` (case-insensitive). */
  columnFilter?: { col: number; text: string } | undefined;
}

export interface CellEdit {
  /** The row's index in the sheet's data rows (GridRow.index). */
  index: number;
  col: number;
  text: string;
}

/** What undo and redo would do, for the buttons' labels; absent when there is nothing to do. */
export interface HistoryState {
  undo?: string;
  redo?: string;
}

export interface EditResult {
  sheet: string;
  /** Cells changed by the call. */
  changed: number;
  counts: SheetCounts;
  history: HistoryState;
}

export interface ColumnView {
  index: number;
  header: string;
  /** Field path the column maps to, or null when ignored/unknown. */
  field: string | null;
  /**
   * A secret column (a secret field of the catalogue, or a header naming a password, secret, key or
   * token; not "Passwordless login"): its cells reach the renderer masked, never in clear.
   */
  secret: boolean;
  /** The template's label of the mapped field ("PBX name" for `name`). */
  label?: string;
  /** The mapped field's fixed values, when it has a list: the grid edits them with a dropdown. */
  options?: string[];
}

export interface SheetCounts {
  rows: number;
  valid: number;
  invalid: number;
  warnings: number;
  /** Rows whose status came from a run. */
  succeeded: number;
  failed: number;
  /** Per column (by index): cells with an error, cells with a warning. */
  byColumn?: Array<{ errors: number; warnings: number }>;
}

export interface SheetView {
  name: string;
  kind: SheetKind;
  headerRow: number;
  columns: ColumnView[];
  counts: SheetCounts;
}

/** A message pinned to a cell (col = column index) or to the whole row (col = null). */
export interface CellMessage {
  col: number | null;
  level: MessageLevel;
  message: string;
}

/** One grid row: the cells as the user sees them, its status and every message about it. */
export interface GridRow {
  /** 0-based position in the sheet's data rows (what getRows/updateCell address). */
  index: number;
  /** 1-based row number in the source sheet. */
  row: number;
  cells: string[];
  status: RowStatus;
  messages: CellMessage[];
}

export interface RowsResult {
  sheet: string;
  /** Number of rows matching the filter. */
  total: number;
  start: number;
  rows: GridRow[];
}

export interface UpdateResult {
  row: GridRow;
  counts: SheetCounts;
}
