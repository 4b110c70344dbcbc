/* eslint-disable max-lines-per-function -- issue 19: split by h-csv/h-guard */
/**
 * The run's scheduler, independent of what a row does: phases in order (PBX creates before the
 * rows that depend on them), rows of one group one after another (two DID rows for the same PBX
 * must not race on its read-modify-write binding set), p-limit concurrency across groups,
 * pause/cancel through a RunController, a canary gate and stop thresholds.
 */
import pLimit from 'p-limit';
import type { RunController } from './controller.ts';
import { JournalWriteError } from './journal.ts';

/** `pending`: an order placed whose status is not final yet (neither a success nor a failure). */
export type RowOutcomeStatus = 'succeeded' | 'failed' | 'skipped' | 'unknown' | 'pending';

export interface SchedulableRow {
  key: string;
  /** Lower phases finish before higher ones start. */
  phase: number;
  /** Rows sharing a group run sequentially, in sheet order. */
  group: string;
}

export type StopReason = 'cancelled' | 'threshold' | 'canary' | 'journal';

export interface ExecuteOptions<R extends SchedulableRow> {
  rows: readonly R[];
  concurrency: number;
  controller: RunController;
  runRow: (row: R) => Promise<RowOutcomeStatus>;
  /**
   * Run exactly the first this many rows (phase, then the order of `rows`), then, if any rows are
   * left, ask `onCanary` whether to go on (false stops the run). No other row starts before then.
   */
  canary?: number;
  onCanary?: () => Promise<boolean>;
  /** Stop after this many failures in a row. */
  stopAfterConsecutiveFailures?: number;
  /** Stop when more than this percentage of finished rows failed (checked after 10 rows). */
  stopFailedPercent?: number;
}

export interface ExecuteResult {
  stopped?: StopReason;
  stopMessage?: string;
  finished: number;
}

const MIN_ROWS_FOR_PERCENT = 10;

/** Runs every row under the options' rules; never throws for a row's failure, only returns. */
export async function executeRows<R extends SchedulableRow>(
  options: ExecuteOptions<R>,
): Promise<ExecuteResult> {
  const { controller } = options;
  const limit = pLimit(Math.max(1, options.concurrency));
  let finished = 0;
  let failed = 0;
  let consecutive = 0;
  let stopped: StopReason | undefined;
  let stopMessage: string | undefined;

  const stop = (reason: StopReason, message: string): void => {
    if (stopped) return;
    stopped = reason;
    stopMessage = message;
    controller.cancel();
  };

  const record = (status: RowOutcomeStatus): void => {
    finished++;
    if (status === 'failed' || status === 'unknown') {
      failed++;
      consecutive++;
    } else if (status === 'succeeded') {
      consecutive = 0;
    }
    const maxRun = options.stopAfterConsecutiveFailures;
    if (maxRun && consecutive >= maxRun) {
      stop('threshold', `Stopped after ${consecutive} failures in a row (--stop-after ${maxRun}).`);
    }
    const pct = options.stopFailedPercent;
    if (pct !== undefined && finished >= MIN_ROWS_FOR_PERCENT && (failed / finished) * 100 > pct) {
      stop('threshold', `Stopped: ${failed} of ${finished} rows failed, over the ${pct}% threshold.`);
    }
  };

  const runOne = async (row: R): Promise<void> => {
    await controller.gate();
    if (controller.isCancelled) return;
    let status: RowOutcomeStatus;
    try {
      status = await options.runRow(row);
    } catch (err) {
      if (err instanceof JournalWriteError) {
        stop('journal', err.message);
        return;
      }
      throw err;
    }
    record(status);
  };

  /** Runs `rows` phase by phase: each phase's groups under the concurrency limit. */
  const runPhases = async (rows: readonly R[]): Promise<void> => {
    for (const phase of phasesOf(rows)) {
      if (controller.isCancelled) break;
      const groups = new Map<string, R[]>();
      for (const row of rows) {
        if (row.phase !== phase) continue;
        const list = groups.get(row.group) ?? [];
        list.push(row);
        groups.set(row.group, list);
      }
      await Promise.all(
        [...groups.values()].map((list) =>
          limit(async () => {
            for (const row of list) {
              if (controller.isCancelled) return;
              await runOne(row);
            }
          }),
        ),
      );
    }
  };

  // The canary rows run on their own and the question comes once they have all finished, so
  // exactly N rows ran (other concurrency slots used to go on starting rows until N had finished).
  // The canary rows of a group are a prefix of its list: sheet order within a group is kept.
  const ordered = phasesOf(options.rows).flatMap((phase) => options.rows.filter((r) => r.phase === phase));
  const canary =
    options.canary !== undefined && options.canary > 0 ? Math.min(options.canary, ordered.length) : 0;
  await runPhases(ordered.slice(0, canary));
  const rest = ordered.slice(canary);
  if (canary > 0 && rest.length > 0 && !stopped && !controller.isCancelled) {
    controller.pause();
    const goOn = await (options.onCanary?.() ?? false);
    controller.resume();
    if (!goOn)
      stop(
        'canary',
        `Canary: the first ${canary} ${canary === 1 ? 'row' : 'rows'} ran; the run paused there.`,
      );
  }
  await runPhases(rest);
  if (!stopped && controller.isCancelled) {
    stopped = 'cancelled';
    stopMessage = 'The run was cancelled; rows in flight finished and were recorded.';
  }
  return { ...(stopped ? { stopped, stopMessage: stopMessage ?? '' } : {}), finished };
}

/** The phases present in `rows`, lowest first. */
function phasesOf(rows: readonly SchedulableRow[]): number[] {
  return [...new Set(rows.map((r) => r.phase))].sort((a, b) => a - b);
}
