/**
 * Plan and run for a UI session: one run at a time, in the background, with pause/resume/cancel
 * through the engine's RunController, progress and row events for the renderer, a journal file
 * per run and a short list of recent runs kept in the session's directory.
 */
import { checkLiveRetry } from './live-retry.ts';
import { randomUUID } from 'node:crypto';
import { copyPrivate } from './private-files.ts';
import { RunController } from '../core/run/controller.ts';
import type {
  BridgeCallMap,
  BridgeEvent,
  BridgeEventMap,
  PlanPreviewRow,
  RecentRun,
  RunOptionsInput,
  RunState,
} from '../shared/bridge.ts';
import { RETRY_SKIP_REASONS, type Report } from '../shared/types.ts';
import type { RunProgress, RunWait, SessionPorts } from './ports.ts';
import { RunHistory, type RunFiles } from './run-history.ts';
import { rowNames, rowView } from './result-rows.ts';
import { RunTracker, waitMessage } from './run-tracker.ts';
import { SessionError } from './session-error.ts';
import type { TargetConfig } from './targets.ts';
import { planView } from './plan-view.ts';
import { applyReport, sheetView, updateResult, type WorkbookState } from './workbook-state.ts';

export interface RunSessionDeps {
  ports: SessionPorts;
  workDir: string;
  emit: <E extends BridgeEvent>(event: E, payload: BridgeEventMap[E]) => void;
  workbook: () => WorkbookState;
  engineFile: () => Promise<string>;
  translate: (report: Report) => Report;
  target: (id?: string) => TargetConfig;
}

type Result<K extends keyof BridgeCallMap> = Promise<BridgeCallMap[K]['result']>;

/** Progress events at most this often (the last one always goes out). */
const PROGRESS_EVERY_MS = 100;

/**
 * Rows a retry would send again: failed, sent with no known outcome, left unrun by a stop, or
 * skipped because the PBX they depend on was not created (the reasons in RETRY_SKIP_REASONS).
 */
export function countRetryable(report: Report): number {
  return report.rows.filter(
    (r) =>
      r.status === 'failed' ||
      r.status === 'unknown' ||
      r.status === 'pending' ||
      (r.status === 'skipped' &&
        r.messages.some((m) => m.reason !== undefined && RETRY_SKIP_REASONS.has(m.reason))),
  ).length;
}

export class RunSession {
  private controller: RunController | undefined;
  private runId: string | null = null;
  private state: RunState = 'idle';
  /** A start between its check and 'running' (it awaits files meanwhile): a second start is refused. */
  private starting = false;
  /** The target the last dry run was made against, for the sheet as it is now (undefined: none). */
  private plannedFor: TargetConfig | undefined;
  /** The billed orders that dry run counts (a live run needs them typed to confirm). */
  private plannedOrders = 0;
  private preview: PlanPreviewRow[] = [];
  private stopped: string | undefined;
  private retryable: number | undefined;
  private canaryAnswer: ((proceed: boolean) => void) | undefined;
  private emitState: () => void = () => undefined;
  /** The last run started or reopened: what a retry re-runs with the same journal. */
  private last: { files: RunFiles; recent: RecentRun } | undefined;
  readonly history: RunHistory;
  /** What a page attaching to the run shows (getRunView). */
  readonly tracker = new RunTracker();
  /** Resolves when the current run has finished (tests and shutdown await it). */
  done: Promise<void> = Promise.resolve();

  constructor(private readonly deps: RunSessionDeps) {
    this.history = new RunHistory(deps.workDir);
  }

  private engine(): NonNullable<SessionPorts['engine']> {
    const e = this.deps.ports.engine;
    if (!e) throw new SessionError('Plan and run are not available in this build yet.');
    return e;
  }

  assertIdle(): void {
    if (this.starting || ['running', 'paused', 'canary', 'cancelling'].includes(this.state)) {
      throw new SessionError(
        'A run is in progress: watch or cancel it on the Run screen, or wait for it to finish.',
      );
    }
  }

  /** The sheet changed: a run needs a new dry run first. */
  invalidatePlan(): void {
    this.plannedFor = undefined;
  }

  reset(): void {
    this.assertIdle();
    this.plannedFor = undefined;
    this.preview = [];
    this.state = 'idle';
    this.runId = null;
    this.stopped = undefined;
    this.retryable = undefined;
    this.last = undefined;
  }

  async plan(): Result<'plan'> {
    this.assertIdle();
    const target = this.deps.target();
    this.plannedFor = undefined;
    const file = await this.deps.engineFile();
    const p = await this.engine().plan(file, target, new AbortController().signal);
    this.plannedFor = target;
    this.plannedOrders = p.orders;
    const report = this.deps.translate(p.report);
    applyReport(this.deps.workbook(), report);
    const earlier = await this.earlierRun(this.deps.workbook().displayName, target.label);
    this.preview = p.preview;
    const sheets = [...this.deps.workbook().sheets.values()].map(sheetView);
    return planView(p, report, { file: this.deps.workbook().displayName, earlier, sheets });
  }

  /** A page of the last dry run's preview (none before a dry run). */
  planRows(args: { start: number; count: number }): Result<'getPlanRows'> {
    const rows = this.preview.slice(args.start, args.start + args.count);
    return Promise.resolve({ total: this.preview.length, start: args.start, rows });
  }

  /**
   * A new run starts a new journal, so rows an earlier run of the same file did would run again
   * (orders billed again): said before the user confirms, with the way to go on from that run.
   */
  private async earlierRun(file: string, target: string): Promise<string | undefined> {
    const past = (await this.history.list()).find(
      (r) => r.file === file && r.target === target && (r.summary?.byStatus.succeeded ?? 0) > 0,
    );
    if (!past) return undefined;
    const done = past.summary?.byStatus.succeeded ?? 0;
    return `${file} already ran against ${target} (run of ${past.startedAt.slice(0, 16).replace('T', ' ')}, ${done} row(s) succeeded). A new run does not know what that run did: its rows would run again, and its orders would be placed and billed again. To go on from it instead, open it from Recent runs and retry it.`;
  }

  status(): BridgeCallMap['getRunStatus']['result'] {
    return {
      runId: this.runId,
      state: this.state,
      ...(this.stopped ? { stopped: this.stopped } : {}),
      ...(this.retryable !== undefined ? { retryable: this.retryable } : {}),
    };
  }

  async start(args: RunOptionsInput): Result<'startRun'> {
    this.assertIdle();
    // Set before the first await: a double-click's second start must not pass the check above too.
    this.starting = true;
    try {
      return await this.begin(args);
    } finally {
      this.starting = false;
    }
  }

  private async begin(args: RunOptionsInput): Result<'startRun'> {
    const engine = this.engine();
    const workbook = this.deps.workbook();
    const file = await this.deps.engineFile();
    const target = this.deps.target();
    let files: RunFiles;
    let recent: RecentRun;
    if (args.retry) {
      // Same journal: rows it records as done are reported as done and never sent again.
      if (!this.last) throw new SessionError('There is no run to retry: start a run first.');
      if (this.last.recent.target && this.last.recent.target !== target.label) {
        throw new SessionError(
          `This run went to ${this.last.recent.target}; make that the active target in Connect to retry it.`,
        );
      }
      files = this.last.files;
      await checkLiveRetry(target, workbook, file, files.file);
      await copyPrivate(file, files.file);
      const { finishedAt: _f, summary: _s, ...rest } = this.last.recent;
      recent = { ...rest, retries: (rest.retries ?? 0) + 1 };
    } else {
      // What the user confirmed is the dry run's counts for this target and this sheet.
      if (this.plannedFor !== target) {
        throw new SessionError(
          `Make the dry run (Plan) against ${target.label} first: each run needs its own, of the sheet as it is now (an edit, a mapping change or another target since the last one needs a new one).`,
        );
      }
      if (!target.sandbox && this.plannedOrders > 0 && args.confirmOrders !== this.plannedOrders) {
        throw new SessionError(
          `This run places ${this.plannedOrders} billed order(s) on ${target.label}: type ${this.plannedOrders} to confirm them.`,
        );
      }
      // One dry run, one run: running the sheet again needs a dry run again, which then says it ran.
      this.plannedFor = undefined;
      const id = `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomUUID().slice(0, 8)}`;
      files = await this.history.begin(id, file, workbook.displayName);
      recent = {
        runId: id,
        file: workbook.displayName,
        target: target.label,
        startedAt: new Date().toISOString(),
      };
    }
    const runId = files.runId;
    const controller = new RunController();
    this.controller = controller;
    this.runId = runId;
    this.state = 'running';
    this.stopped = undefined;
    this.retryable = undefined;
    this.last = { files, recent };
    // Listed in Recent runs from its start: a page reloaded meanwhile finds it there too.
    await this.history.remember(recent).catch(() => undefined);
    const attempt = this.tracker.begin({ file: recent.file, target: target.label, options: args });
    const names = rowNames(workbook);
    let last = 0;
    // Undefined until the engine's first progress: it checks the sheet against the target first.
    let lastProgress: RunProgress | undefined;
    let waitTimer: ReturnType<typeof setTimeout> | undefined;
    const emitProgress = (force: boolean): void => {
      const now = Date.now();
      if (!force && now - last < PROGRESS_EVERY_MS) return;
      last = now;
      const event = this.tracker.event(runId, lastProgress, this.state, now);
      this.tracker.progressed(event);
      this.deps.emit('progress', event);
    };
    this.emitState = () => emitProgress(true);
    const onWait = (w: RunWait): void => {
      const shown = { system: w.system, reason: w.cause, ms: w.waitMs };
      if (this.tracker.noteWait(shown) && this.tracker.waitLogDue()) this.log('warning', waitMessage(w));
      const until = this.tracker.waiting()?.untilMs;
      if (until === undefined) return;
      emitProgress(true);
      // Said again when the wait is over, even if no row finishes meanwhile.
      clearTimeout(waitTimer);
      waitTimer = setTimeout(() => emitProgress(true), until - Date.now() + 20);
      waitTimer.unref?.();
    };
    // A fresh view at once: the page must not show the last run's numbers while this one prepares.
    emitProgress(true);
    this.log(
      'info',
      `Run ${runId} ${args.retry ? 'retried (failed rows only)' : 'started'} against ${target.label}.`,
    );
    const { retry: _retry, confirmOrders: _confirm, ...settings } = args;
    this.done = engine
      .run(file, target, settings, {
        journalFile: files.journal,
        controller,
        onCanary: () => this.waitForCanary(settings.canary ?? 0),
        onWait,
        onProgress: (p) => {
          const first = lastProgress === undefined;
          lastProgress = p;
          emitProgress(first || p.done === p.total);
        },
        onRow: (raw) => {
          const [r] = this.deps.translate({ summary: workbook.report.summary, rows: [raw] }).rows;
          if (!r) return;
          updateResult(workbook, r);
          const event = { ...rowView(r, names), runId, attempt, messages: r.messages };
          this.tracker.row(event);
          this.deps.emit('rowStatus', event);
        },
      })
      .then(
        async (result) => {
          const report = this.deps.translate(result.report);
          applyReport(workbook, report);
          if (result.stopped) this.stopped = result.stopped;
          recent.summary = report.summary;
          this.retryable = countRetryable(report);
          // The engine's own rows (numbered as in the file kept with the run) for a later reopen.
          await this.history.saveReport(runId, result.report).catch(() => undefined);
          this.log(
            result.stopped ? 'warning' : 'info',
            `Run ${runId} ${result.stopped ? `stopped: ${result.stopped}` : 'finished'}.`,
          );
        },
        (err: unknown) => {
          this.stopped = err instanceof Error ? err.message : String(err);
          this.log('error', `Run ${runId} failed: ${this.stopped}`);
        },
      )
      .finally(async () => {
        this.state = 'finished';
        this.controller = undefined;
        this.canaryAnswer = undefined;
        clearTimeout(waitTimer);
        recent.finishedAt = new Date().toISOString();
        emitProgress(true);
        await this.history.remember(recent).catch(() => undefined);
      });
    return this.status();
  }

  /** The canary gate: the run waits here until answerCanary (or cancel) answers. */
  private waitForCanary(n: number): Promise<boolean> {
    return new Promise<boolean>((resolve) => {
      this.canaryAnswer = resolve;
      this.state = 'canary';
      this.log('warning', `Canary: the first ${n} row(s) ran. Check them, then continue or stop.`);
      this.emitState();
    });
  }

  /** Continues after the canary rows, or stops the run there (rows not run stay retryable). */
  answerCanary(proceed: boolean): BridgeCallMap['answerCanary']['result'] {
    const answer = this.canaryAnswer;
    if (answer && this.state === 'canary') {
      this.canaryAnswer = undefined;
      this.state = proceed ? 'running' : 'cancelling';
      this.log(
        'info',
        proceed ? 'Canary accepted: the run goes on.' : 'Canary declined: the run stops here.',
      );
      answer(proceed);
      this.emitState();
    }
    return this.status();
  }

  /** Makes a reopened past run the current one, so "Retry failed rows" uses its journal. */
  reopen(files: RunFiles, recent: RecentRun, report: Report): void {
    this.assertIdle();
    // Another sheet is open now: a dry run of the one before says nothing about it.
    this.plannedFor = undefined;
    this.last = { files, recent };
    this.runId = files.runId;
    this.state = 'finished';
    this.stopped = undefined;
    this.retryable = countRetryable(report);
  }

  /** Cancels a run in progress (if any) and waits for it to finish journalling. */
  async cancelAndWait(): Promise<void> {
    this.cancel();
    await this.done;
  }

  pause(): BridgeCallMap['pauseRun']['result'] {
    if (this.controller && this.state === 'running') {
      this.controller.pause();
      this.state = 'paused';
      this.log('info', 'Run paused: rows in flight finish, no new row starts.');
    }
    return this.status();
  }

  resume(): BridgeCallMap['resumeRun']['result'] {
    if (this.controller && this.state === 'paused') {
      this.controller.resume();
      this.state = 'running';
      this.log('info', 'Run resumed.');
    }
    return this.status();
  }

  cancel(): BridgeCallMap['cancelRun']['result'] {
    if (this.state === 'canary') return this.answerCanary(false);
    if (this.controller && (this.state === 'running' || this.state === 'paused')) {
      this.controller.cancel();
      this.state = 'cancelling';
      this.log('warning', 'Cancelling: rows in flight finish and are journalled.');
    }
    return this.status();
  }

  private log(level: 'info' | 'warning' | 'error', message: string): void {
    const event = { time: new Date().toISOString(), level, message };
    this.tracker.logged(event);
    this.deps.emit('log', event);
  }

  /** The current or last run as kept here: what a reloaded page shows at once. */
  view(): BridgeCallMap['getRunView']['result'] {
    return this.tracker.view(this.status());
  }

  async listRecent(): Result<'listRecentRuns'> {
    return this.history.list();
  }
}
