/**
 * Plan and run for a UI session: one run at a time, in the background, with pause/resume/cancel
 * through the engine's RunController, progress and row events for the renderer, a journal file
 * per run and a short list of recent runs kept in the session's directory.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { RunController } from '../core/run/controller.ts';
import type { BridgeCallMap, BridgeEvent, BridgeEventMap, RecentRun, RunState } from '../shared/bridge.ts';
import type { Report } from '../shared/types.ts';
import type { SessionPorts } from './ports.ts';
import { SessionError } from './session-error.ts';
import type { TargetConfig } from './targets.ts';
import { applyReport, updateResult, type WorkbookState } from './workbook-state.ts';

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
const RECENT_MAX = 20;

export class RunSession {
  private controller: RunController | undefined;
  private runId: string | null = null;
  private state: RunState = 'idle';
  private stopped: string | undefined;
  /** Resolves when the current run has finished (tests and shutdown await it). */
  done: Promise<void> = Promise.resolve();

  constructor(private readonly deps: RunSessionDeps) {}

  private engine(): NonNullable<SessionPorts['engine']> {
    const e = this.deps.ports.engine;
    if (!e) throw new SessionError('Plan and run are not available in this build yet.');
    return e;
  }

  assertIdle(): void {
    if (this.state === 'running' || this.state === 'paused' || this.state === 'cancelling') {
      throw new SessionError('A run is in progress: wait for it to finish or cancel it first.');
    }
  }

  reset(): void {
    this.assertIdle();
    this.state = 'idle';
    this.runId = null;
    this.stopped = undefined;
  }

  async plan(): Result<'plan'> {
    this.assertIdle();
    const file = await this.deps.engineFile();
    const p = await this.engine().plan(file, this.deps.target(), new AbortController().signal);
    const report = this.deps.translate(p.report);
    applyReport(this.deps.workbook(), report);
    const blocked = report.rows.filter((r) => r.status === 'invalid' || r.status === 'failed').length;
    return {
      file: this.deps.workbook().displayName,
      calls: p.calls,
      estimateSeconds: p.estimateSeconds,
      warnings: p.warnings,
      creates: p.creates,
      orders: p.orders,
      blocked,
      summary: report.summary,
    };
  }

  status(): BridgeCallMap['getRunStatus']['result'] {
    return { runId: this.runId, state: this.state, ...(this.stopped ? { stopped: this.stopped } : {}) };
  }

  async start(args: { concurrency?: number }): Result<'startRun'> {
    this.assertIdle();
    const engine = this.engine();
    const workbook = this.deps.workbook();
    const file = await this.deps.engineFile();
    const target = this.deps.target();
    const runId = `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomUUID().slice(0, 8)}`;
    const runsDir = join(this.deps.workDir, 'runs');
    await mkdir(runsDir, { recursive: true });
    const controller = new RunController();
    this.controller = controller;
    this.runId = runId;
    this.state = 'running';
    this.stopped = undefined;
    const started = Date.now();
    const recent: RecentRun = {
      runId,
      file: workbook.displayName,
      target: target.label,
      startedAt: new Date(started).toISOString(),
    };
    let last = 0;
    const emitProgress = (
      p: { done: number; total: number; succeeded: number; failed: number; etaSeconds?: number },
      force: boolean,
    ): void => {
      const now = Date.now();
      if (!force && now - last < PROGRESS_EVERY_MS) return;
      last = now;
      const seconds = Math.max(0.001, (now - started) / 1000);
      this.deps.emit('progress', {
        runId,
        done: p.done,
        total: p.total,
        succeeded: p.succeeded,
        failed: p.failed,
        rate: p.done / seconds,
        ...(p.etaSeconds !== undefined ? { etaSeconds: p.etaSeconds } : {}),
        state: this.state,
      });
    };
    let lastProgress = { done: 0, total: 0, succeeded: 0, failed: 0 };
    this.log('info', `Run ${runId} started against ${target.label}.`);
    this.done = engine
      .run(file, target, {
        journalFile: join(runsDir, `${runId}.jsonl`),
        controller,
        ...(args.concurrency !== undefined ? { concurrency: args.concurrency } : {}),
        onProgress: (p) => {
          lastProgress = p;
          emitProgress(p, p.done === p.total);
        },
        onRow: (raw) => {
          const [r] = this.deps.translate({ summary: workbook.report.summary, rows: [raw] }).rows;
          if (!r) return;
          updateResult(workbook, r);
          this.deps.emit('rowStatus', {
            runId,
            sheet: r.sheet,
            row: r.row,
            status: r.status,
            messages: r.messages,
          });
        },
      })
      .then(
        (result) => {
          const report = this.deps.translate(result.report);
          applyReport(workbook, report);
          if (result.stopped) this.stopped = result.stopped;
          recent.summary = report.summary;
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
        recent.finishedAt = new Date().toISOString();
        emitProgress(lastProgress, true);
        await this.remember(recent).catch(() => undefined);
      });
    return this.status();
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
    if (this.controller && (this.state === 'running' || this.state === 'paused')) {
      this.controller.cancel();
      this.state = 'cancelling';
      this.log('warning', 'Cancelling: rows in flight finish and are journalled.');
    }
    return this.status();
  }

  private log(level: 'info' | 'warning' | 'error', message: string): void {
    this.deps.emit('log', { time: new Date().toISOString(), level, message });
  }

  private get recentFile(): string {
    return join(this.deps.workDir, 'recent-runs.json');
  }

  async listRecent(): Result<'listRecentRuns'> {
    try {
      return JSON.parse(await readFile(this.recentFile, 'utf8')) as RecentRun[];
    } catch {
      return [];
    }
  }

  private async remember(run: RecentRun): Promise<void> {
    const list = [run, ...(await this.listRecent()).filter((r) => r.runId !== run.runId)].slice(
      0,
      RECENT_MAX,
    );
    await writeFile(this.recentFile, JSON.stringify(list, null, 2));
  }
}
