/**
 * `plan`: the online dry run (PRODUCT.md, Plan). Validates offline, resolves every name through
 * cached lookups, checks conflicts, firmware gates and the account's quotas, and lists the calls a
 * run would make with the time YCM's token bucket implies. Only GETs: it writes nothing.
 */
import type { OrderOptions } from '../kinds/expansion/order-step.ts';
import { createHash } from 'node:crypto';
import { DEFAULT_BUCKET, type Clients } from '../../api/index.ts';
import {
  AuthError,
  NetworkError,
  RateLimitError,
  ServerError,
  TargetConfigError,
  TimeoutError,
} from '../../api/errors.ts';
import type {
  PlanCall,
  Report,
  ReportRow,
  RowResultIds,
  RowStatus,
  SheetKind,
  SystemName,
} from '../../shared/types.ts';
import { SHEET_KINDS } from '../../shared/types.ts';
import {
  isStepDone,
  journalRowKeys,
  journalStep,
  legacyRowKey,
  rowKey,
  type JournalState,
} from '../run/journal.ts';
import { kindModule, kindModules } from '../kinds/registry.ts';
import { bucketSeconds, type BucketShape } from '../plan/estimate.ts';
import { unkeyedSecretPaths } from '../schema/catalogue.ts';
import type { RowRecord } from '../model.ts';
import { validateFile, type ValidateOptions, type ValidationResult } from '../validate/validate-file.ts';
import { scrubRowSecrets } from '../validate/validate-row.ts';
import { keyOf, Lookups } from './lookups.ts';
import type { PlannedRow } from './planned.ts';
import type { WorkbookPbxs } from './resolve-target.ts';
import { checkQuotas } from './quotas.ts';

export interface PlanOptions {
  clients: Clients;
  /** Shown in reports and output: "sandbox (in-process)", a YCM host... */
  target?: string;
  signal?: AbortSignal;
  bucket?: BucketShape;
  validate?: Omit<ValidateOptions, 'keepRecords' | 'keepCells'>;
  /** A run's journal: rows it finished are reported as done and not planned again. */
  journal?: JournalState;
  /** Orders (kinds/expansion/order-step.ts); `allowRepeat` also lifts plan's refusal of an order for a PBX found. */
  orders?: OrderOptions;
}

export interface PlanResult {
  report: Report;
  rows: PlannedRow[];
  calls: PlanCall[];
  estimateSeconds: number;
  warnings: string[];
  creates: Record<SheetKind, number>;
  orders: number;
  validation: ValidationResult;
  /**
   * PBX rows whose create an earlier run began but never recorded (it crashed in between) and that
   * YCM now holds under the row's subdomain and name: adopted; `run` journals them as such.
   */
  adoptions?: { key: string; ids: RowResultIds }[];
}

/** Plans a workbook against the given clients. Throws InputError for unusable input. */
export async function planWorkbook(input: { file: string }, options: PlanOptions): Promise<PlanResult> {
  const validation = await validateFile(input.file, {
    ...options.validate,
    keepRecords: true,
    keepCells: true,
  });
  const lookups = new Lookups(options.clients, options.signal);
  const keys = rowKeys(validation.records, options.journal);
  const rows = validation.records.map((record, i): PlannedRow => {
    const report = validation.report.rows[i] as ReportRow;
    return {
      key: keys[i] ?? '',
      phase: kindModule(record.kind).phase,
      group: '',
      sheet: record.sheet,
      row: record.row,
      kind: record.kind,
      record,
      report,
    };
  });
  const workbook = workbookPbxs(rows, options);
  const adoptions: { key: string; ids: RowResultIds }[] = [];
  // Kind by kind, in phase order: a DID row resolves against the PBX rows planned before it.
  for (const kind of kindModules()) {
    for (const row of rows) {
      if (row.kind !== kind.kind || row.report.status !== 'valid') continue;
      if (!(await planRow(row, rows, lookups, workbook, options))) break;
      if (options.journal && kind.adoptInterrupted?.(options.journal, row)) {
        adoptions.push({ key: row.key, ids: row.report.ids ?? {} });
      }
      row.group = groupOf(row);
      if (row.report.messages.some((m) => m.level === 'error')) {
        row.report.status = 'invalid';
        delete row.action;
      }
    }
  }
  for (const kind of kindModules()) kind.checkPlanned?.(rows, options.journal);
  const warnings = await checkQuotas(rows, lookups);
  const calls = countCalls(rows);
  const { creates, orders } = countCreates(rows, options.journal);
  scrubPlanSecrets(rows, validation);
  finishReport(validation.report, 'plan', options.target);
  return {
    report: validation.report,
    rows,
    calls,
    estimateSeconds: bucketSeconds(ycmCallCount(calls), options.bucket ?? DEFAULT_BUCKET),
    warnings,
    creates,
    orders,
    validation,
    ...(adoptions.length > 0 && { adoptions }),
  };
}

/** The PBX rows of this workbook by subdomain and by name, for the rows that name their PBX. */
function workbookPbxs(rows: readonly PlannedRow[], options: PlanOptions): WorkbookPbxs {
  const workbook: WorkbookPbxs = {
    bySubDomain: new Map(),
    byName: new Map(),
    journalled: (options.journal?.steps.size ?? 0) > 0,
    ...(options.orders?.allowRepeat && { allowRepeatOrder: true }),
  };
  for (const row of rows) {
    if (!kindModule(row.kind).createsPbx) continue;
    const sub = row.record.values['subDomain'];
    const name = row.record.values['name'];
    if (typeof sub === 'string' && !workbook.bySubDomain.has(keyOf(sub)))
      workbook.bySubDomain.set(keyOf(sub), row);
    if (typeof name === 'string' && !workbook.byName.has(keyOf(name))) workbook.byName.set(keyOf(name), row);
  }
  return workbook;
}

/**
 * Plans one valid row: done before (its journal), or resolved by its kind. False when the plan
 * was cancelled (every row not checked is then skipped); throws when the target fails.
 */
async function planRow(
  row: PlannedRow,
  rows: readonly PlannedRow[],
  lookups: Lookups,
  workbook: WorkbookPbxs,
  options: PlanOptions,
): Promise<boolean> {
  const done = options.journal ? doneInJournal(options.journal, row) : undefined;
  if (done) {
    row.report.status = 'succeeded';
    row.report.ids = done;
    row.report.messages.push({
      level: 'info',
      message: 'Done in an earlier run (journal); not run again.',
      reason: 'done-before',
    });
    return true;
  }
  try {
    const action = await kindModule(row.kind).resolve(row, lookups, workbook);
    if (action) row.action = action;
  } catch (error) {
    if (options.signal?.aborted) {
      // Cancelled while checking: the rows not checked are not run, and not the data's fault.
      for (const other of rows) {
        if (other.report.status !== 'valid' || other.action) continue;
        other.report.status = 'skipped';
        other.report.messages.push({
          level: 'info',
          message: 'Not checked: the run was cancelled.',
          reason: 'not-checked',
        });
      }
      return false;
    }
    // A target that refuses the credentials or cannot be reached is not one row's problem.
    if (isTargetFailure(error)) {
      throw new Error(`Planning stopped before anything was sent: ${error.message}`, { cause: error });
    }
    row.report.messages.push({
      level: 'error',
      message: `Could not check this row: ${error instanceof Error ? error.message : String(error)}`,
      reason: 'check-failed',
    });
  }
  return true;
}

/** Planned rows per kind, and the paid orders the run will place (not those already pending). */
function countCreates(
  rows: readonly PlannedRow[],
  journal: JournalState | undefined,
): { creates: Record<SheetKind, number>; orders: number } {
  const creates = Object.fromEntries(SHEET_KINDS.map((k) => [k, 0])) as Record<SheetKind, number>;
  let orders = 0;
  for (const row of rows) {
    if (!row.action) continue;
    creates[row.kind]++;
    const rules = kindModule(row.kind).orders;
    if (!rules?.places(row.action)) continue;
    const placed = journal ? rules.pending(journal, row) : undefined;
    if (placed) {
      // Placed by an earlier run, not final then: checked, never placed again, so not counted.
      row.report.messages.push({
        level: 'info',
        message: `Order ${placed} was placed by an earlier run and was pending: the run checks its status and does not order again.`,
        reason: 'order-pending',
      });
    } else orders++;
  }
  return { creates, orders };
}

function isTargetFailure(error: unknown): error is Error {
  return (
    error instanceof AuthError ||
    error instanceof NetworkError ||
    error instanceof TimeoutError ||
    error instanceof ServerError ||
    error instanceof RateLimitError ||
    error instanceof TargetConfigError
  );
}

/** The ids of a row whose every step the journal records as done. */
function doneInJournal(state: JournalState, row: PlannedRow): RowResultIds | undefined {
  let ids: RowResultIds = {};
  for (const step of kindModule(row.kind).journalSteps(row.record)) {
    if (!isStepDone(state, row.key, step)) return undefined;
    ids = { ...ids, ...journalStep(state, row.key, step)?.ids };
  }
  return ids;
}

/** Rows acting on the same PBX run one after another (DID bindings are read-modify-write). */
function groupOf(row: PlannedRow): string {
  return row.action ? kindModule(row.kind).group(row.action) : row.key;
}

/**
 * Each row's key in the journal: its sheet, a hash of its non-secret cells, and how many rows of
 * that sheet before it have the same cells (`PBX!3f2a…#0`). Not its row number: a row that moves
 * (a line inserted above it, the sheet sorted) is still the work that was done, so an order is
 * not placed twice; an edited row is new work; two identical rows are two orders.
 *
 * Journals written before keys were position-free hold `sheet!row!hash`: a row found there under
 * that key (and not under the new one) keeps it, so whatever an older run did or began is seen.
 */
export function rowKeys(
  records: ReadonlyArray<Pick<RowRecord, 'kind' | 'sheet' | 'row' | 'fields'>>,
  journal?: JournalState,
): string[] {
  const seen = new Map<string, number>();
  const written = journal ? journalRowKeys(journal) : undefined;
  return records.map((record) => {
    const hash = contentHash(record.kind, record.fields);
    const same = rowKey(record.sheet, hash, 0); // counts the rows with the same cells
    const occurrence = seen.get(same) ?? 0;
    seen.set(same, occurrence + 1);
    const key = rowKey(record.sheet, hash, occurrence);
    const legacy = legacyRowKey(record.sheet, record.row, hash);
    return written?.has(legacy) && !written.has(key) ? legacy : key;
  });
}

function contentHash(kind: SheetKind, fields: Readonly<Record<string, string>>): string {
  const secrets = unkeyedSecretPaths(kind);
  const content = Object.keys(fields)
    .filter((k) => !secrets.has(k))
    .sort()
    .map((k) => `${k}=${fields[k] ?? ''}`)
    .join('\u0001');
  return createHash('sha256').update(content).digest('hex').slice(0, 12);
}

/** The calls that go to YCM, whose token bucket sets the run's pace (by system, not label). */
export function ycmCallCount(calls: readonly PlanCall[]): number {
  return calls.filter((c) => c.system === 'ycm').reduce((n, c) => n + c.count, 0);
}

function countCalls(rows: readonly PlannedRow[]): PlanCall[] {
  const counts = new Map<string, PlanCall>();
  const add = (system: SystemName, endpoint: string, n = 1): void => {
    const call = counts.get(endpoint) ?? { system, endpoint, count: 0 };
    call.count += n;
    counts.set(endpoint, call);
  };
  for (const row of rows) if (row.action) kindModule(row.kind).countCalls(row.action, add);
  // Rows of a PBX this workbook creates wait until it is Running (readiness.ts): at least one
  // status read per such PBX, more while it starts.
  const waited = new Set<string>();
  for (const { kind, action } of rows) {
    const target = action ? kindModule(kind).waitsFor?.(action) : undefined;
    if (target && 'workbook' in target) waited.add(target.workbook);
  }
  if (waited.size > 0)
    add('ycm', 'YCM GET /cloud_pbx/instances/{id}/status (new PBX Running, at least)', waited.size);
  for (const kind of kindModules()) {
    const actions = rows.flatMap((r) => (r.kind === kind.kind && r.action ? [r.action] : []));
    kind.countAfter?.(actions, add);
  }
  return [...counts.values()];
}

/** Recounts a report's statuses, errors and warnings after plan or run changed its rows. */
/**
 * Plan's own messages quote cells too (a name that disagrees with its ID): a row's secret values
 * are masked in them as validate masks its own (a password in the Trunk column, say).
 */
function scrubPlanSecrets(rows: readonly PlannedRow[], validation: ValidationResult): void {
  const sheets = new Map(validation.sheets.map((s) => [s.name, s]));
  const cellsBySheet = new Map<string, Map<number, readonly string[]>>();
  for (const row of rows) {
    const sheet = sheets.get(row.sheet);
    if (row.report.messages.length === 0 || !sheet) continue;
    let cells = cellsBySheet.get(row.sheet);
    if (!cells) {
      cells = new Map((validation.cells.get(row.sheet) ?? []).map((r) => [r.row, r.cells]));
      cellsBySheet.set(row.sheet, cells);
    }
    scrubRowSecrets(
      { kind: sheet.kind, columns: sheet.columns, cells: cells.get(row.row) ?? [] },
      row.report.messages,
    );
  }
}

export function finishReport(report: Report, mode: 'plan' | 'run', target: string | undefined): void {
  const byStatus: Partial<Record<RowStatus, number>> = {};
  let errors = 0;
  let warnings = 0;
  for (const row of report.rows) {
    byStatus[row.status] = (byStatus[row.status] ?? 0) + 1;
    errors += row.messages.filter((m) => m.level === 'error').length;
    warnings += row.messages.filter((m) => m.level === 'warning').length;
  }
  Object.assign(report.summary, {
    mode,
    byStatus,
    errors,
    warnings,
    ...(target !== undefined && { target }),
  });
}
