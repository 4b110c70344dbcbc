/**
 * `plan`: the online dry run (PRODUCT.md, Plan). Validates offline, resolves every name through
 * cached lookups, checks conflicts, firmware gates and the account's quotas, and lists the calls a
 * run would make with the time YCM's token bucket implies. Only GETs: it writes nothing.
 */
import type { OrderOptions } from './step-order.ts';
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
import {
  isStepDone,
  isStepInterrupted,
  journalRowKeys,
  journalStep,
  legacyRowKey,
  rowKey,
  type JournalState,
  type StepName,
} from '../run/journal.ts';
import { bucketSeconds, type BucketShape } from '../plan/estimate.ts';
import { unkeyedSecretPaths } from '../schema/catalogue.ts';
import type { RowRecord } from '../model.ts';
import { validateFile, type ValidateOptions, type ValidationResult } from '../validate/validate-file.ts';
import { scrubRowSecrets } from '../validate/validate-row.ts';
import { keyOf, Lookups } from './lookups.ts';
import { PHASE, type PlannedRow, type RowAction } from './planned.ts';
import { resolvePbx } from './resolve-pbx.ts';
import { resolveDid, resolveExpansion, resolveProfile, type WorkbookPbxs } from './resolve-others.ts';
import { checkExtensionLimit, checkQuotas } from './quotas.ts';

export interface PlanOptions {
  clients: Clients;
  /** Shown in reports and output: "sandbox (in-process)", a YCM host... */
  target?: string;
  signal?: AbortSignal;
  bucket?: BucketShape;
  validate?: Omit<ValidateOptions, 'keepRecords' | 'keepCells'>;
  /** A run's journal: rows it finished are reported as done and not planned again. */
  journal?: JournalState;
  /** Orders (step-order.ts); `allowRepeat` also lifts plan's refusal of an order for a PBX found. */
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
      phase: PHASE[record.kind],
      group: '',
      sheet: record.sheet,
      row: record.row,
      kind: record.kind,
      record,
      report,
    };
  });
  const workbook: WorkbookPbxs = {
    bySubDomain: new Map(),
    byName: new Map(),
    journalled: (options.journal?.steps.size ?? 0) > 0,
    ...(options.orders?.allowRepeat && { allowRepeatOrder: true }),
  };
  for (const row of rows) {
    if (row.kind !== 'pbx') continue;
    const sub = row.record.values['subDomain'];
    const name = row.record.values['name'];
    if (typeof sub === 'string' && !workbook.bySubDomain.has(keyOf(sub)))
      workbook.bySubDomain.set(keyOf(sub), row);
    if (typeof name === 'string' && !workbook.byName.has(keyOf(name))) workbook.byName.set(keyOf(name), row);
  }
  const warnings: string[] = [];
  const adoptions: { key: string; ids: RowResultIds }[] = [];
  for (const kind of ['pbx', 'did', 'expansion', 'myreports'] as const) {
    for (const row of rows) {
      if (row.kind !== kind || row.report.status !== 'valid') continue;
      const done = options.journal ? doneInJournal(options.journal, row) : undefined;
      if (done) {
        row.report.status = 'succeeded';
        row.report.ids = done;
        row.report.messages.push({
          level: 'info',
          message: 'Done in an earlier run (journal); not run again.',
          reason: 'done-before',
        });
        continue;
      }
      try {
        const action = await resolveRow(row, lookups, workbook);
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
          break;
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
      if (options.journal && adoptInterrupted(options.journal, row)) {
        adoptions.push({ key: row.key, ids: row.report.ids ?? {} });
      }
      row.group = groupOf(row);
      if (row.report.messages.some((m) => m.level === 'error')) {
        row.report.status = 'invalid';
        delete row.action;
      }
    }
  }
  // Before the account quotas: a row over its PBX's limit does not use quota.
  const journal = options.journal;
  checkExtensionLimit(rows, journal ? (row) => orderInterrupted(journal, row) : undefined);
  warnings.push(...(await checkQuotas(rows, lookups)));
  const calls = countCalls(rows);
  const creates = { pbx: 0, did: 0, expansion: 0, myreports: 0 };
  let orders = 0;
  for (const row of rows) {
    if (!row.action) continue;
    creates[row.kind]++;
    if (row.action.type !== 'expansion' || row.action.method !== 'order') continue;
    const placed = journal ? pendingOrder(journal, row) : undefined;
    if (placed) {
      // Placed by an earlier run, not final then: checked, never placed again, so not counted.
      row.report.messages.push({
        level: 'info',
        message: `Order ${placed} was placed by an earlier run and was pending: the run checks its status and does not order again.`,
        reason: 'order-pending',
      });
    } else orders++;
  }
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

/**
 * A PBX row found in YCM (planned as 'skipped: already exists') whose create the journal shows
 * begun without a clear end: the crashed run created it, so the row succeeded (found by the crash
 * suite, test/reliability: such rows used to end 'skipped' after a resume).
 */
function adoptInterrupted(state: JournalState, row: PlannedRow): boolean {
  if (row.kind !== 'pbx' || row.report.status !== 'skipped' || !row.report.ids?.cloudPbxId) return false;
  if (!isStepInterrupted(state, row.key, 'createPbx')) return false;
  row.report.status = 'succeeded';
  row.report.messages = row.report.messages.filter((m) => m.level !== 'info');
  row.report.messages.push({
    level: 'info',
    message: `Created by the interrupted run (its create had no recorded answer); adopted as PBX ${row.report.ids.cloudPbxId}.`,
    reason: 'adopted',
  });
  return true;
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

/** The order number of an expansion row whose order an earlier run placed and left pending. */
function pendingOrder(state: JournalState, row: PlannedRow): string | undefined {
  const rec = journalStep(state, row.key, 'order');
  return rec?.outcome === 'pending' ? rec.ids?.orderNo : undefined;
}

/** An expansion row whose order an earlier run began without a clear end (it may be placed). */
function orderInterrupted(state: JournalState, row: PlannedRow): boolean {
  if (row.action?.type !== 'expansion' || row.action.method !== 'order') return false;
  return isStepInterrupted(state, row.key, 'order');
}

function resolveRow(
  row: PlannedRow,
  lookups: Lookups,
  workbook: WorkbookPbxs,
): Promise<RowAction | undefined> {
  switch (row.kind) {
    case 'pbx':
      return resolvePbx(row, lookups);
    case 'did':
      return resolveDid(row, lookups, workbook);
    case 'expansion':
      return resolveExpansion(row, lookups, workbook);
    case 'myreports':
      return resolveProfile(row, lookups, workbook);
  }
}

/** The ids of a row whose every step the journal records as done. */
function doneInJournal(state: JournalState, row: PlannedRow): RowResultIds | undefined {
  const steps: StepName[] =
    row.kind === 'pbx'
      ? ['createPbx']
      : row.kind === 'did'
        ? ['bindDids']
        : row.kind === 'expansion'
          ? [row.record.values['method'] === 'resize' ? 'resize' : 'order']
          : row.record.values['enable'] === true
            ? ['createProfile', 'enableProfile']
            : ['createProfile'];
  let ids: RowResultIds = {};
  for (const step of steps) {
    if (!isStepDone(state, row.key, step)) return undefined;
    ids = { ...ids, ...journalStep(state, row.key, step)?.ids };
  }
  return ids;
}

/** Rows acting on the same PBX run one after another (DID bindings are read-modify-write). */
function groupOf(row: PlannedRow): string {
  const a = row.action;
  if (!a) return row.key;
  if (a.type === 'pbx') return `pbx:${keyOf(a.subDomain)}`;
  if (a.type === 'profile') return `profile:${a.instanceId}`;
  return 'existing' in a.target ? `existing:${a.target.existing.cloudPbxId}` : `new:${a.target.workbook}`;
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
  for (const row of rows) {
    const a = row.action;
    if (!a) continue;
    if (a.type === 'pbx') {
      add('ycm', 'YCM POST /cloud_pbx/instances (create PBX)');
    } else if (a.type === 'did') {
      if (a.mode !== 'replace' && a.mode !== 'remove-all')
        add('ycm', 'YCM GET /did_management/{id}/did (current bindings)');
      add('ycm', 'YCM PUT /cloud_pbx/instances/{id}/did (bind DIDs)');
    } else if (a.type === 'expansion' && a.method === 'resize') {
      add('ycm', 'YCM GET /cloud_pbx/instances/{id} (current capacity)');
      add('ycm', 'YCM PUT /cloud_pbx/instances/{id}/capacity (resize)');
    } else if (a.type === 'expansion') {
      // Before each order the portal is asked for recent orders of the PBX (step-order.ts).
      add('pp', 'PP GET /order/v1/page (recent orders, before each order)');
      add('pp', 'PP GET /order/v1/get/{id} (SN of each recent order, once a run)');
      add('pp', 'PP POST /order/v1/save (purchase_service order)');
    } else {
      add('myreports', 'MyReports GET /pbxs?instanceId= (existing profile)');
      add('myreports', 'MyReports POST /customers/{id}/pbxs (create profile)');
      if (a.enable) add('myreports', 'MyReports PATCH /customers/{id}/pbxs/{id} (enable collection)');
    }
  }
  // Rows of a PBX this workbook creates wait until it is Running (readiness.ts): at least one
  // status read per such PBX, more while it starts.
  const waited = new Set<string>();
  for (const { action: a } of rows) {
    const target = a?.type === 'profile' ? a.pbx : a && 'target' in a ? a.target : undefined;
    if (target && 'workbook' in target) waited.add(target.workbook);
  }
  if (waited.size > 0)
    add('ycm', 'YCM GET /cloud_pbx/instances/{id}/status (new PBX Running, at least)', waited.size);
  const pbxs = rows.filter((r) => r.action?.type === 'pbx').length;
  // The new PBXs' SNs: one listing after the run, 50 a page (FACTS 1.6), for all of them at once.
  if (pbxs > 0)
    add('ycm', 'YCM GET /v2/cloud_pbx/instances (SNs of the new PBXs, 50 a page)', Math.ceil(pbxs / 50) + 1);
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
