/**
 * What `run` and `resume` say while they work. On a terminal one line is rewritten in place; when
 * stderr is a file or a pipe (CI logs, `2> run.log`) a full line is written every PROGRESS_ROWS
 * rows or PROGRESS_MS, whichever comes first, and once at the end. Waits for a vendor's rate limit
 * are said as they start ("waiting 4 s for YCM's rate limit"), at most one line per WAIT_QUIET_MS.
 */
import type { ClientOptions, PacingOptions, PacingWait } from '../api/index.ts';
import type { RunProgress } from '../core/engine/index.ts';
import { formatDuration } from '../core/plan/estimate.ts';
import type { CliIo } from './io.ts';

/** Rows between two progress lines when stderr is not a terminal. */
export const PROGRESS_ROWS = 25;
/** Longest silence between two progress lines when stderr is not a terminal (also while waiting). */
export const PROGRESS_MS = 10_000;
/** Waits shorter than this are the bucket's ordinary spacing of calls, not worth a line. */
const WAIT_SAID_FROM_MS = 200;
/** After saying one wait, the next ones are quiet for this long. */
const WAIT_QUIET_MS = 10_000;

type System = 'ycm' | 'pp' | 'myreports';
const SYSTEM_NAMES: Record<System, string> = {
  ycm: "YCM's",
  pp: "the Partner Portal's",
  myreports: "MyReports'",
};

export interface ProgressOptions {
  now?: () => number;
  /** Starts the timer of PROGRESS_MS lines; tests pass their own. */
  every?: (fn: () => void, ms: number) => { stop(): void };
}

export interface ProgressReporter {
  onProgress(p: RunProgress): void;
  onWait(system: System, wait: PacingWait): void;
  /** Stops the timer; prints nothing more. */
  close(): void;
}

function progressText(p: RunProgress): string {
  const rate = p.ratePerMinute ? `, ${p.ratePerMinute.toFixed(1)} rows/min` : '';
  const eta = p.etaSeconds !== undefined && p.done < p.total ? `, ETA ${formatDuration(p.etaSeconds)}` : '';
  return `${p.done}/${p.total} rows: ${p.succeeded} succeeded, ${p.failed} failed${rate}${eta}`;
}

/** Seconds for a wait line: "0.4 s", "4 s", "2 min 30 s". */
function waitText(ms: number): string {
  if (ms < 10_000) return `${(Math.round(ms / 100) / 10).toString()} s`;
  return formatDuration(ms / 1000);
}

function defaultEvery(fn: () => void, ms: number): { stop(): void } {
  const timer = setInterval(fn, ms);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

export function progressReporter(io: CliIo, options: ProgressOptions = {}): ProgressReporter {
  const now = options.now ?? Date.now;
  let last: RunProgress | undefined;
  let printedDone = -1;
  let printedAt = 0;
  let waitSaidAt = -Infinity;
  let onTtyLine = false;
  let closed = false;
  const line = (text: string): void => {
    if (onTtyLine) io.stderr.write('\n');
    onTtyLine = false;
    io.stderr.write(`${text}\n`);
  };
  const printLine = (p: RunProgress): void => {
    printedDone = p.done;
    printedAt = now();
    line(`Progress: ${progressText(p)}`);
  };
  // Started with the first progress: `plan` uses the reporter for its waits only.
  let timer: { stop(): void } | undefined;
  return {
    onProgress(p) {
      if (closed || p.total === 0) return;
      last = p;
      timer ??= io.isTty
        ? undefined
        : (options.every ?? defaultEvery)(() => {
            if (last && !closed && now() - printedAt >= PROGRESS_MS) printLine(last);
          }, PROGRESS_MS);
      if (io.isTty) {
        io.stderr.write(`\r${progressText(p)}   `);
        onTtyLine = p.done !== p.total;
        if (p.done === p.total) io.stderr.write('\n');
        return;
      }
      const due =
        printedDone < 0 ||
        p.done === p.total ||
        p.done - printedDone >= PROGRESS_ROWS ||
        (p.done !== printedDone && now() - printedAt >= PROGRESS_MS);
      if (due && p.done !== printedDone) printLine(p);
    },
    onWait(system, wait) {
      if (closed || wait.waitMs < WAIT_SAID_FROM_MS || now() - waitSaidAt < WAIT_QUIET_MS) return;
      waitSaidAt = now();
      const why = wait.cause === 'rate-limited' ? ' (it refused a call: the limit was reached)' : '';
      line(`Waiting ${waitText(wait.waitMs)} for ${SYSTEM_NAMES[system]} rate limit${why}...`);
    },
    close() {
      closed = true;
      timer?.stop();
      if (onTtyLine) io.stderr.write('\n');
      onTtyLine = false;
    },
  };
}

/** `options` with every system's pacing reporting its waits to `reporter`. */
export function withWaits(options: ClientOptions, reporter: Pick<ProgressReporter, 'onWait'>): ClientOptions {
  const paced = (system: System, pacing: PacingOptions | undefined): PacingOptions => ({
    ...pacing,
    onWait: (wait) => reporter.onWait(system, wait),
  });
  return {
    ...options,
    ycm: paced('ycm', options.ycm),
    pp: paced('pp', options.pp),
    myreports: paced('myreports', options.myreports),
  };
}
