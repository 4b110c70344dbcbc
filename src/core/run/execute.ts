/**
 * The run's scheduler, independent of what a row does: phases in order (PBX creates before the
 * rows that depend on them), rows of one group one after another (two DID rows for the same PBX
 * must not race on its read-modify-write binding set), p-limit concurrency across groups,
 * pause/cancel through a RunController, a canary gate and stop thresholds.
 */
import pLimit from 'p-limit';
import type { RunSettings } from '../../shared/run-settings.ts';
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

/** The user's settings the scheduler follows (RunSettings, passed through unchanged). */
export type ScheduleSettings = Pick<
  RunSettings,
  'concurrency' | 'canary' | 'stopAfterConsecutiveFailures' | 'stopFailedPercent'
>;

export interface ExecuteOptions<R extends SchedulableRow> extends ScheduleSettings {
  rows: readonly R[];
  controller: RunController;
  runRow: (row: R) => Promise<RowOutcomeStatus>;
  /**
   * Asked once the first `canary` rows (phase, then the order of `rows`) have run, if any rows are
   * left; false stops the run. No other row starts before then.
   */
  onCanary?: () => Promise<boolean>;
}

export interface ExecuteResult {
  stopped?: StopReason;
  stopMessage?: string;
  finished: number;
}

const DEFAULT_CONCURRENCY = 4;
const MIN_ROWS_FOR_PERCENT = 10;

/** Runs every row under the options' rules; never throws for a row's failure, only returns. */
export async function executeRows<R extends SchedulableRow>(
  options: ExecuteOptions<R>,
): Promise<ExecuteResult> {
  const { controller } = options;
  const limit = pLimit(Math.max(1, options.concurrency ?? DEFAULT_CONCURRENCY));
  const stops = new Stops(controller);
  const tally = new Tally(options, stops);

  const runOne = async (row: R): Promise<void> => {
    await controller.gate();
    if (controller.isCancelled) return;
    let status: RowOutcomeStatus;
    try {
      status = await options.runRow(row);
    } catch (err) {
      if (err instanceof JournalWriteError) {
        stops.stop('journal', err.message);
        return;
      }
      throw err;
    }
    tally.record(status);
  };
  const run = (rows: readonly R[]): Promise<void> => runPhases(rows, limit, controller, runOne);

  // The canary rows run on their own and the question comes once they have all finished, so
  // exactly N rows ran (other concurrency slots used to go on starting rows until N had finished).
  // The canary rows of a group are a prefix of its list: sheet order within a group is kept.
  const ordered = phasesOf(options.rows).flatMap((phase) => options.rows.filter((r) => r.phase === phase));
  const canary =
    options.canary !== undefined && options.canary > 0 ? Math.min(options.canary, ordered.length) : 0;
  await run(ordered.slice(0, canary));
  const rest = ordered.slice(canary);
  if (canary > 0 && rest.length > 0 && !stops.stopped && !controller.isCancelled) {
    controller.pause();
    const goOn = await (options.onCanary?.() ?? false);
    controller.resume();
    if (!goOn)
      stops.stop(
        'canary',
        `Canary: the first ${canary} ${canary === 1 ? 'row' : 'rows'} ran; the run paused there.`,
      );
  }
  await run(rest);
  if (!stops.stopped && controller.isCancelled)
    stops.stop('cancelled', 'The run was cancelled; rows in flight finished and were recorded.');
  const { stopped, stopMessage } = stops;
  return { ...(stopped ? { stopped, stopMessage: stopMessage ?? '' } : {}), finished: tally.finished };
}

/** Why the run stopped, first reason only; stopping cancels the controller. */
class Stops {
  stopped: StopReason | undefined;
  stopMessage: string | undefined;

  constructor(private readonly controller: RunController) {}

  stop(reason: StopReason, message: string): void {
    if (this.stopped) return;
    this.stopped = reason;
    this.stopMessage = message;
    this.controller.cancel();
  }
}

/** Counts finished rows and stops the run when a stop threshold of the settings is crossed. */
class Tally {
  finished = 0;
  private failed = 0;
  private consecutive = 0;

  constructor(
    private readonly settings: ScheduleSettings,
    private readonly stops: Stops,
  ) {}

  record(status: RowOutcomeStatus): void {
    this.finished++;
    if (status === 'failed' || status === 'unknown') {
      this.failed++;
      this.consecutive++;
    } else if (status === 'succeeded') {
      this.consecutive = 0;
    }
    const { finished, failed, consecutive } = this;
    const maxRun = this.settings.stopAfterConsecutiveFailures;
    if (maxRun && consecutive >= maxRun) {
      this.stops.stop(
        'threshold',
        `Stopped after ${consecutive} failures in a row (--stop-after ${maxRun}).`,
      );
    }
    const pct = this.settings.stopFailedPercent;
    if (pct !== undefined && finished >= MIN_ROWS_FOR_PERCENT && (failed / finished) * 100 > pct) {
      this.stops.stop(
        'threshold',
        `Stopped: ${failed} of ${finished} rows failed, over the ${pct}% threshold.`,
      );
    }
  }
}

/** Runs `rows` phase by phase: each phase's groups under the concurrency limit, a group in order. */
async function runPhases<R extends SchedulableRow>(
  rows: readonly R[],
  limit: ReturnType<typeof pLimit>,
  controller: RunController,
  runOne: (row: R) => Promise<void>,
): Promise<void> {
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
}

/** The phases present in `rows`, lowest first. */
function phasesOf(rows: readonly SchedulableRow[]): number[] {
  return [...new Set(rows.map((r) => r.phase))].sort((a, b) => a - b);
}
