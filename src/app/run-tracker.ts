/**
 * The run's live view, kept on the engine side for as long as the session lives: progress, the
 * chart's samples, rate-limit waits, the latest rows and log lines. A page that reloads (or a
 * second window) asks for it with getRunView and then follows the events, so nothing is lost with
 * the page. Each start is an attempt: a retry keeps its runId but starts a fresh view.
 */
import type { RunProgress, RunWait } from './ports.ts';
import type {
  LogEvent,
  ProgressEvent,
  RateWaitView,
  RowStatusEvent,
  RunOptionsInput,
  RunSample,
  RunState,
  RunStatus,
  RunView,
} from '../shared/bridge.ts';

const KEEP_ROWS = 300;
const KEEP_LOG = 200;
/** Samples kept for the chart; past this every other one is dropped (the chart stays the same shape). */
const KEEP_SAMPLES = 1200;
/** Waits shorter than this are ordinary pacing, not "waiting for the rate limit". */
export const VISIBLE_WAIT_MS = 250;

export interface AttemptInfo {
  file: string;
  target: string;
  options: RunOptionsInput;
}

const SYSTEM_LABEL = { ycm: 'YCM', pp: 'Partner Portal', myreports: 'MyReports' } as const;

/** The log line of a wait that starts. */
export function waitMessage(w: RunWait): string {
  const seconds = Math.max(1, Math.round(w.waitMs / 1000));
  return w.cause === 'rate-limited'
    ? `Waiting about ${seconds} s for the ${SYSTEM_LABEL[w.system]} rate limit: it answered that the limit was reached (nothing was applied; the requests are sent again).`
    : `Waiting about ${seconds} s for the ${SYSTEM_LABEL[w.system]} rate limit: pacing keeps the run under the documented limit.`;
}

export class RunTracker {
  attempt = 0;
  private startedMs = 0;
  private info: (AttemptInfo & { startedAt: string }) | undefined;
  private progress: ProgressEvent | null = null;
  private samples: RunSample[] = [];
  private rows: RowStatusEvent[] = [];
  private readonly log: LogEvent[] = [];
  private wait: RateWaitView | undefined;
  private waitLoggedMs = 0;

  /** A new attempt: a fresh view (the log goes on). Returns its number. */
  begin(info: AttemptInfo): number {
    this.attempt++;
    this.startedMs = Date.now();
    this.info = { ...info, startedAt: new Date(this.startedMs).toISOString() };
    this.progress = null;
    this.samples = [];
    this.rows = [];
    this.wait = undefined;
    this.waitLoggedMs = 0;
    return this.attempt;
  }

  elapsedMs(now = Date.now()): number {
    return now - this.startedMs;
  }

  /**
   * Notes a wait of `ms` from now. True when it starts a visible wait (none was going on), so the
   * caller tells the page at once rather than at the next row.
   */
  noteWait(w: Omit<RateWaitView, 'untilMs'> & { ms: number }, now = Date.now()): boolean {
    if (w.ms < VISIBLE_WAIT_MS) return false;
    const untilMs = now + w.ms;
    const was = this.waiting(now);
    if (!was || untilMs > was.untilMs) this.wait = { system: w.system, reason: w.reason, untilMs };
    return !was;
  }

  /** True at most every 10 s: a wait is said in the log, not each of a burst of them. */
  waitLogDue(now = Date.now()): boolean {
    if (now - this.waitLoggedMs < 10_000) return false;
    this.waitLoggedMs = now;
    return true;
  }

  /** The wait going on now, if any. */
  waiting(now = Date.now()): RateWaitView | undefined {
    if (this.wait && this.wait.untilMs <= now) this.wait = undefined;
    return this.wait;
  }

  /** The progress event for `p` (undefined: the run still checks the sheet before its first row). */
  event(runId: string, p: RunProgress | undefined, state: RunState, now = Date.now()): ProgressEvent {
    const elapsedMs = this.elapsedMs(now);
    const waiting = this.waiting(now);
    return {
      runId,
      done: p?.done ?? 0,
      total: p?.total ?? 0,
      succeeded: p?.succeeded ?? 0,
      failed: p?.failed ?? 0,
      rate: (p?.done ?? 0) / Math.max(0.001, elapsedMs / 1000),
      ...(p?.etaSeconds !== undefined ? { etaSeconds: p.etaSeconds } : {}),
      state,
      attempt: this.attempt,
      elapsedMs,
      // A run that ended before its first row (the check failed) is not "preparing" any more.
      ...(p || state === 'finished' ? {} : { preparing: true }),
      ...(waiting && state !== 'finished' ? { waiting } : {}),
    };
  }

  /** Records a progress event as the page gets it (and a sample of the chart). */
  progressed(p: ProgressEvent): void {
    this.progress = p;
    if (p.preparing) return;
    const sample = {
      t: p.elapsedMs,
      done: p.done,
      succeeded: p.succeeded,
      failed: p.failed,
      waiting: p.waiting !== undefined,
    };
    const last = this.samples.at(-1);
    if (last && last.t === sample.t) this.samples[this.samples.length - 1] = sample;
    else this.samples.push(sample);
    if (this.samples.length > KEEP_SAMPLES) {
      // Thin the older half; the newest stays dense. The first and last points always stay.
      this.samples = this.samples.filter((_, i, all) => i % 2 === 0 || i >= all.length / 2);
    }
  }

  row(r: RowStatusEvent): void {
    this.rows.unshift(r);
    if (this.rows.length > KEEP_ROWS) this.rows.length = KEEP_ROWS;
  }

  logged(l: LogEvent): void {
    this.log.unshift(l);
    if (this.log.length > KEEP_LOG) this.log.length = KEEP_LOG;
  }

  view(status: RunStatus): RunView {
    const info = this.info;
    return {
      status,
      attempt: this.attempt,
      ...(info
        ? { file: info.file, target: info.target, startedAt: info.startedAt, options: info.options }
        : {}),
      progress: this.progress,
      samples: [...this.samples],
      rows: [...this.rows],
      log: [...this.log],
    };
  }
}
