/**
 * `run`: plan, confirm, then execute the rows that are valid, in phases (PBXs first), with the
 * clients' pacing, a crash-safe journal and stop thresholds (PRODUCT.md, Run). Every row ends in
 * the report as succeeded, failed, skipped or unknown, with its ids, requestIds, times and errors.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { ApiError } from '../../api/index.ts';
import type { RunSettings } from '../../shared/run-settings.ts';
import type { Report, ReportRow, RowReason } from '../../shared/types.ts';
import { RunController } from '../run/controller.ts';
import { executeRows, type RowOutcomeStatus } from '../run/execute.ts';
import {
  checkJournalTarget,
  Journal,
  JournalWriteError,
  readJournal,
  type JournalHeader,
  type JournalValidateOptions,
} from '../run/journal.ts';
import { lockAccount, lockJournal, type JournalLock } from '../run/lock.ts';
import { Lookups } from './lookups.ts';
import { finishReport, planWorkbook, type PlanOptions, type PlanResult } from './plan.ts';
import type { PlannedRow } from './planned.ts';
import { PbxNotReadyError, type ReadinessOptions } from './readiness.ts';
import { DependencySkipError, UnknownOutcomeError, type StepContext } from './step-context.ts';
import {
  OrderAnsweredError,
  OrderFailedError,
  PendingOrderError,
  RepeatOrderError,
} from '../kinds/expansion/order-step.ts';
import { fillPbxDetails } from '../kinds/pbx/step.ts';
import { kindModule } from '../kinds/registry.ts';

export interface RunProgress {
  done: number;
  total: number;
  succeeded: number;
  failed: number;
  ratePerMinute?: number;
  etaSeconds?: number;
}

/**
 * A run: the dry run's options, the user's settings (RunSettings, as the CLI or the app's bridge
 * gave them, passed on to the scheduler as they are) and what the caller wires in.
 */
export interface RunOptions extends PlanOptions, RunSettings {
  journalFile: string;
  controller?: RunController;
  /** Asked once the `canary` rows ran; false stops the run there. */
  onCanary?: () => Promise<boolean>;
  /** Waiting for a PBX created by this run to be Running before its rows (readiness.ts). */
  readiness?: Partial<ReadinessOptions>;
  /** Asked once with the plan before any write; false ends the run with nothing written. */
  confirm?: (plan: PlanResult) => Promise<boolean>;
  onPlan?: (plan: PlanResult) => void;
  onProgress?: (p: RunProgress) => void;
  onRow?: (row: ReportRow) => void;
  /**
   * The tool's home (beside the sandbox state): one run at a time per target account on this
   * machine takes a lock there (lock.ts lockAccount). Without it only the journal is locked.
   */
  accountLockDir?: string;
  /** The accounts to lock (api accountKeys); default: the target's label. */
  accountKeys?: readonly string[];
}

export interface RunResult {
  report: Report;
  plan: PlanResult;
  stopped?: string;
  stopMessage?: string;
  declined?: boolean;
}

/**
 * Plans and runs a workbook, holding the journal's lock (and the account's) throughout. Throws
 * InputError for unusable input, JournalLockedError when another run holds the journal,
 * AccountLockedError when another run works against the same account, JournalTargetError when the journal
 * belongs to another target, and JournalWriteError when it cannot be opened.
 */
export async function runWorkbook(input: { file: string }, options: RunOptions): Promise<RunResult> {
  const lock = lockJournal(options.journalFile);
  try {
    const dir = options.accountLockDir;
    const keys = options.accountKeys ?? [options.target ?? ''];
    const accounts: JournalLock[] = [];
    try {
      if (dir !== undefined) for (const key of [...keys].sort()) accounts.push(lockAccount(dir, key));
      return await runLocked(input, options);
    } finally {
      for (const account of accounts) account.release();
    }
  } finally {
    lock.release();
  }
}

/** The validate options that decide which rows a run reads, as the journal records them. */
function recordedValidate(options: RunOptions): JournalValidateOptions | undefined {
  const v = options.validate;
  const picked: JournalValidateOptions = {
    ...(v?.sheet !== undefined && { sheet: v.sheet }),
    ...(v?.kind !== undefined && { kind: v.kind }),
    ...(v?.encoding !== undefined && { encoding: v.encoding }),
    ...(v?.delimiter !== undefined && { delimiter: v.delimiter }),
    ...(v?.headerRow !== undefined && { headerRow: v.headerRow }),
    ...(v?.savedMapping !== undefined && { savedMapping: v.savedMapping }),
    ...(v?.secretsFrom !== undefined && { secretsFrom: v.secretsFrom }),
    ...(v?.secretsFromRead !== undefined && { secretsFromRead: v.secretsFromRead }),
  };
  return Object.keys(picked).length > 0 ? picked : undefined;
}

async function runLocked(input: { file: string }, options: RunOptions): Promise<RunResult> {
  const controller = options.controller ?? new RunController(options.signal);
  // The user's --allow-repeat-order reaches the dry run's and the orders' own options.
  const orders = { ...options.orders, ...(options.allowRepeatOrder && { allowRepeat: true }) };
  const { plan, fileHash } = await planRun(input, { ...options, orders, signal: controller.signal });
  // Cancelled while planning: no plan shown, no question asked, nothing written.
  if (controller.isCancelled) return stoppedWhilePlanning(plan, options.target);
  options.onPlan?.(plan);
  const runnable = plan.rows.filter((r) => r.action);
  if (options.confirm && runnable.length > 0 && !(await options.confirm(plan))) {
    return { report: plan.report, plan, declined: true };
  }
  const journal = openJournal(input, options, fileHash, plan);
  const ctx: StepContext = {
    clients: options.clients,
    journal,
    // No cancel signal: a row already started finishes its step.
    lookups: new Lookups(options.clients),
    created: new Map(),
    ready: new Map(),
    signal: controller.signal,
    orders,
    rowKeys: new Set(plan.rows.map((r) => r.key)),
    ...(options.readiness && { readiness: options.readiness }),
  };
  const progress = new Progress(runnable.length, options.onProgress);
  try {
    const result = await executeRows({
      ...options,
      rows: runnable,
      controller,
      runRow: async (row) => {
        const status = await runRow(row, ctx);
        options.onRow?.(row.report);
        progress.count(status);
        return status;
      },
    });
    await fillPbxDetails(plan.rows, ctx).catch(() => undefined); // cosmetic: SNs for the report
    for (const row of runnable) {
      if (row.report.status !== 'valid') continue;
      row.report.status = 'skipped';
      row.report.messages.push({
        level: 'info',
        message: `Not run: ${result.stopMessage ?? 'the run stopped first'}`,
        reason: 'not-run',
      });
    }
    finishReport(plan.report, 'run', options.target);
    return {
      report: plan.report,
      plan,
      ...(result.stopped && { stopped: result.stopped, stopMessage: result.stopMessage ?? '' }),
    };
  } finally {
    journal.close();
  }
}

/** Reads the journal (refusing another target's), makes the dry run and hashes the input. */
async function planRun(
  input: { file: string },
  options: RunOptions,
): Promise<{ plan: PlanResult; fileHash: string }> {
  const state = readJournal(options.journalFile);
  checkJournalTarget(options.journalFile, state, options.target ?? '');
  const plan = await planWorkbook(input, { ...options, journal: state });
  const fileHash = await hashFile(input.file);
  const last = state.lastRun;
  if (last && last.fileHash !== fileHash && state.steps.size > 0) {
    // Not refused (a sheet is fixed and run again with its journal), but said before the run.
    plan.warnings.unshift(
      `The journal ${basename(options.journalFile)} was last used with ${basename(last.file)} as it was at ${last.startedAt.slice(0, 16).replace('T', ' ')}; this sheet differs. A row the same in every cell as a row done then counts as done and is not run again (an order is not placed again); a row changed in any cell runs as new.`,
    );
  }
  return { plan, fileHash };
}

/** Opens the journal for writing and records this start, and the PBXs the dry run adopted. */
function openJournal(
  input: { file: string },
  options: RunOptions,
  fileHash: string,
  plan: PlanResult,
): Journal {
  const journal = Journal.open(options.journalFile);
  // Every start is recorded with its options: `resume` continues the latest run as it was started.
  const validate = recordedValidate(options);
  const header: JournalHeader = {
    t: 'run',
    v: 1,
    file: input.file,
    fileHash,
    target: options.target ?? '',
    startedAt: new Date().toISOString(),
    ...(validate && { validate }),
  };
  journal.append(header);
  for (const { key, ids } of plan.adoptions ?? []) {
    journal.end(key, 'createPbx', 'adopted', { ids, message: 'found after an interrupted create; adopted' });
  }
  return journal;
}

/** The run's progress: rows done, succeeded and failed, the rate and the time left. */
class Progress {
  private readonly started = Date.now();
  private done = 0;
  private succeeded = 0;
  private failed = 0;

  constructor(
    private readonly total: number,
    private readonly onProgress: ((p: RunProgress) => void) | undefined,
  ) {
    this.report();
  }

  count(status: RowOutcomeStatus): void {
    this.done++;
    if (status === 'succeeded') this.succeeded++;
    if (status === 'failed' || status === 'unknown') this.failed++;
    this.report();
  }

  private report(): void {
    const minutes = (Date.now() - this.started) / 60000;
    const rate = minutes > 0 ? this.done / minutes : undefined;
    const left = this.total - this.done;
    this.onProgress?.({
      done: this.done,
      total: this.total,
      succeeded: this.succeeded,
      failed: this.failed,
      ...(rate && { ratePerMinute: rate, etaSeconds: (left / rate) * 60 }),
    });
  }
}

/** The result of a run cancelled before its plan was made: its rows are not run. */
function stoppedWhilePlanning(plan: PlanResult, target: string | undefined): RunResult {
  const stopMessage = 'The run was stopped while planning; nothing was written.';
  for (const row of plan.rows) {
    if (!row.action) continue;
    delete row.action;
    row.report.status = 'skipped';
    row.report.messages.push({ level: 'info', message: `Not run: ${stopMessage}`, reason: 'not-run' });
  }
  finishReport(plan.report, 'run', target);
  return { report: plan.report, plan, stopped: 'cancelled', stopMessage };
}

async function runRow(row: PlannedRow, ctx: StepContext): Promise<RowOutcomeStatus> {
  const a = row.action;
  if (!a) return 'skipped';
  row.report.startedAt = new Date().toISOString();
  try {
    const ids = await kindModule(row.kind).run(row, a, ctx);
    row.report.ids = { ...row.report.ids, ...ids };
    row.report.status = 'succeeded';
  } catch (error) {
    if (error instanceof JournalWriteError) {
      // The step may have happened without its record: the row's outcome is not known.
      row.report.status = 'unknown';
      row.report.messages.push({ level: 'error', message: error.message, reason: 'unknown-outcome' });
      throw error;
    }
    const message = error instanceof Error ? error.message : String(error);
    row.report.status =
      error instanceof DependencySkipError
        ? 'skipped'
        : error instanceof UnknownOutcomeError
          ? 'unknown'
          : error instanceof PendingOrderError
            ? 'pending'
            : 'failed';
    // An order the portal answered keeps its number and status in the report, however it ended.
    if (error instanceof OrderAnsweredError) row.report.ids = { ...row.report.ids, ...error.ids };
    row.report.messages.push({
      level: row.report.status === 'skipped' ? 'warning' : 'error',
      message,
      ...(error instanceof ApiError && error.code !== undefined && { code: String(error.code) }),
      reason: reasonOf(error),
    });
    if (error instanceof ApiError && error.requestId)
      row.report.ids = {
        ...row.report.ids,
        requestIds: [...(row.report.ids?.requestIds ?? []), error.requestId],
      };
  } finally {
    row.report.finishedAt = new Date().toISOString();
  }
  return row.report.status as RowOutcomeStatus;
}

/** Why a step threw, from the error's class (never its message). */
export function reasonOf(error: unknown): RowReason {
  if (
    error instanceof DependencySkipError ||
    error instanceof UnknownOutcomeError ||
    error instanceof PendingOrderError ||
    error instanceof OrderFailedError ||
    error instanceof RepeatOrderError ||
    error instanceof PbxNotReadyError
  )
    return error.reason;
  return 'step-failed';
}

/** SHA-256 of the input, for the journal header. */
export function hashFile(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(file)
      .on('data', (chunk) => hash.update(chunk))
      .on('end', () => resolve(hash.digest('hex')))
      .on('error', reject);
  });
}
