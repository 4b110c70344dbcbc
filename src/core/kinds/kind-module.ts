/**
 * What one sheet kind is, whole, for every stage that handles its rows: the typed contract of
 * src/core/kinds/<kind>/index.ts. Read, map, validate, templates, plan, run and report look a kind
 * up in the registry (registry.ts) and call these; none of them names a kind.
 */
import type { RowResultIds, SheetKind, SystemName } from '../../shared/types.ts';
import type { Lookups } from '../engine/lookups.ts';
import type { PbxTarget, PlannedRow } from '../engine/planned.ts';
import type { WorkbookPbxs } from '../engine/resolve-target.ts';
import type { StepContext } from '../engine/step-context.ts';
import type { RowRecord } from '../model.ts';
import type { JournalState } from '../run/journal.ts';
import type { JsonSchema } from '../schema/build-schema.ts';
import type { KindCatalogue, OneOfGroup } from '../schema/field.ts';
import type { CrossRowChecks } from '../validate/cross-row.ts';

/** The call a planned row will make, resolved by the dry run; `type` tells the kinds' apart. */
export interface KindAction {
  type: string;
}

/** Rows of a template or of the sample workbook: field path → cell text. */
export interface TemplateRows {
  example: readonly Readonly<Record<string, string>>[];
  sample: readonly Readonly<Record<string, string>>[];
}

/** Counts `count` (default 1) calls of one endpoint for the plan's call list and time estimate. */
export type AddCall = (system: SystemName, endpoint: string, count?: number) => void;

/** What a planned row takes of the account's quotas (subscription, FACTS 1.8.Y). */
export interface QuotaNeed {
  extensions: number;
  calls: number;
  recording: number;
  /** A new PBX's extensions, checked against the subscription's minimum per PBX. */
  newPbxExtensions?: number;
}

/** Paid orders a kind places (never twice): counted apart, and looked for in the journal. */
export interface OrderRules<A> {
  /** Whether this action places an order. */
  places(action: A): boolean;
  /** The order number an earlier run placed for the row and left pending, if any. */
  pending(state: JournalState, row: PlannedRow): string | undefined;
}

export interface KindModule<K extends SheetKind = SheetKind, A extends KindAction = KindAction> {
  readonly kind: K;

  // Read and map
  /** Other names a sheet (or CSV file) of this kind may have besides SHEET_NAMES[kind]. */
  readonly sheetAliases: readonly string[];
  /** The kind's columns: templates, header mapping, schema, reports are made from it. */
  readonly catalogue: KindCatalogue;
  /** The blank template's example rows (refused for their example marker) and the sample's. */
  readonly templateRows: TemplateRows;

  // Validate
  /** Adds the conditional rules (if/then) of this kind to its generated JSON schema. */
  schemaRules?(root: JsonSchema): void;
  /** Whether a required "one of" group does not apply to this row. */
  skipsGroup?(record: RowRecord, group: OneOfGroup): boolean;
  /** The rules a schema cannot say; they push messages onto the record. */
  rowRules(record: RowRecord): void;
  /** The checks across rows (cross-row.ts): the values they read, and how a row joins them. */
  readonly cross: {
    /** Field paths whose change can change a cross-row message (the UI's inline edits). */
    readonly fields: readonly string[];
    /** Adds the row to the checks; true when it may get messages when they finish. */
    add(checks: CrossRowChecks, record: RowRecord): boolean;
  };

  // Plan
  /** Its rows create PBXs that other rows may name (`pbx.subDomain`, `pbx.name`). */
  readonly createsPbx?: boolean;
  /** Lower phases run first (PBXs before the rows that act on them). */
  readonly phase: number;
  /** The dry run: names to ids against the target, conflicts, firmware; the action or why not. */
  resolve(row: PlannedRow, lookups: Lookups, workbook: WorkbookPbxs): Promise<A | undefined>;
  /** Rows of one group run one after another (rows acting on one PBX). */
  group(action: A): string;
  /** The workbook's PBX the row waits for to be Running, if any (readiness.ts). */
  waitsFor?(action: A): PbxTarget | undefined;
  /** The calls a run makes for one planned row. */
  countCalls(action: A, add: AddCall): void;
  /** Calls made once for all the kind's planned rows, after they ran (a listing, say). */
  countAfter?(actions: readonly A[], add: AddCall): void;
  /** What the row takes of the account's quotas; absent when the kind uses none. */
  quotaNeed?(action: A): QuotaNeed;
  /** A check over every planned row, once all are resolved (before the quotas). */
  checkPlanned?(rows: readonly PlannedRow[], journal: JournalState | undefined): void;
  orders?: OrderRules<A>;

  // Run
  /** The journal's step names for the row, in order: all recorded done means the row is done. */
  journalSteps(record: RowRecord): readonly string[];
  /** A row the plan found already done whose step an interrupted run began: adopted (true). */
  adoptInterrupted?(state: JournalState, row: PlannedRow): boolean;
  /** Runs the row's steps (each journalled, never twice); the ids for the report. */
  run(row: PlannedRow, action: A, ctx: StepContext): Promise<RowResultIds>;
}
