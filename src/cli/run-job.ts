/**
 * The run shared by `run` and `resume`: connect, plan, confirm, execute with progress, write the
 * journal and the result report, map the outcome to an exit code. Ctrl-C finishes the steps in
 * flight, writes the journal and the report, and exits 3 (PRODUCT.md, Run).
 */
import { existsSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { runWorkbook, type RunResult } from '../core/engine/index.ts';
import { terminalSafe } from '../core/util/cell-safety.ts';
import { summarizeReport } from '../core/report/summarize.ts';
import { writeReport } from '../core/report/write-report.ts';
import { RunController } from '../core/run/controller.ts';
import { JournalTargetError } from '../core/run/journal.ts';
import { reportSourceOf } from '../core/report/report-source.ts';
import type { ValidateOptions } from '../core/validate/validate-file.ts';
import type { RunSettings } from '../shared/run-settings.ts';
import { connect, parseRate, toolHome } from './connect.ts';
import { reportFailure } from './fail.ts';
import { outputProblem } from './output-path.ts';
import { sameFile } from '../core/util/same-file.ts';
import { writtenLines } from './written.ts';
import { EXIT, type CliIo } from './io.ts';
import { confirmWrites, describePlan } from './plan-output.ts';
import { progressReporter, withWaits } from './progress.ts';

export interface RunJob {
  command: 'run' | 'resume' | 'retry';
  file: string;
  journal: string;
  report: string;
  yes: boolean;
  /** The run's settings from its flags (--concurrency, --canary, --stop-after...), as they are. */
  settings: RunSettings;
  rate?: string;
  /** `--order-list-lag SECONDS` (kinds/expansion/order-step.ts listLagMs). */
  orderListLag?: number;
  /** Seconds to wait for a PBX created by the run to be Running before its rows (default 600). */
  readyTimeout?: number;
  validate?: Omit<ValidateOptions, 'keepRecords' | 'keepCells'>;
  /** `--show-warnings`: the summary lists the rows' warnings too. */
  showWarnings?: boolean;
  /** Printed (stderr) once the journal is taken and the plan made, before the plan itself. */
  note?: string;
}

/** `<input>.result.xlsx` (or .csv for a CSV input) next to the input. */
export function defaultReportPath(file: string): string {
  const ext = extname(file).toLowerCase() === '.xlsx' ? '.xlsx' : '.csv';
  return `${file.slice(0, file.length - extname(file).length)}.result${ext}`;
}

export function defaultJournalPath(file: string): string {
  return `${file.slice(0, file.length - extname(file).length)}.journal.jsonl`;
}

export async function runJob(job: RunJob, io: CliIo): Promise<number> {
  const bucket = job.rate !== undefined ? parseRate(job.rate) : undefined;
  if (job.rate !== undefined && !bucket) {
    io.stderr.write(
      `pbx-bulk ${job.command}: --rate must be BURST/RATE/SECONDS with RATE <= BURST, e.g. 600/300/180\n`,
    );
    return EXIT.unusable;
  }
  const file = resolve(io.cwd, job.file);
  const out = resolve(io.cwd, job.report);
  const journal = resolve(io.cwd, job.journal);
  const outProblem =
    (await outputProblem('the report', out, file)) ??
    (await outputProblem('the journal', journal, file)) ??
    ((await sameFile(out, journal))
      ? `the report ${out} is the run's journal; give the report another name.`
      : undefined);
  if (outProblem) {
    io.stderr.write(`${terminalSafe(`pbx-bulk ${job.command}: ${outProblem}`)}\n`);
    return EXIT.unusable;
  }
  const controller = new RunController();
  const onSignal = (): void => {
    io.stderr.write(
      '\nStopping: finishing the steps in flight, then writing the journal and the report...\n',
    );
    controller.cancel();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const progress = progressReporter(io);
  let connection;
  try {
    connection = await connect(
      io,
      withWaits(
        bucket
          ? { ycm: { bucket, ...(job.settings.concurrency && { concurrency: job.settings.concurrency }) } }
          : {},
        progress,
      ),
    );
    const target = connection.label;
    const result: RunResult = await runWorkbook(
      { file },
      {
        ...job.settings,
        clients: connection.clients,
        target,
        journalFile: resolve(io.cwd, job.journal),
        accountLockDir: toolHome(io),
        accountKeys: connection.accountKeys,
        ...(job.orderListLag !== undefined && { orders: { listLagMs: job.orderListLag * 1000 } }),
        controller,
        ...(bucket && { bucket }),
        ...(job.validate && { validate: job.validate }),
        onCanary: async () =>
          Boolean(
            io.ask &&
            /^y/i.test(
              await io.ask(
                `The first ${job.settings.canary === 1 ? 'row' : `${job.settings.canary} rows`} ran. Continue? [y/N] `,
              ),
            ),
          ),
        ...(job.readyTimeout !== undefined && { readiness: { timeoutMs: job.readyTimeout * 1000 } }),
        onPlan: (plan) => {
          if (job.note) io.stderr.write(`${job.note}\n`);
          io.stdout.write(describePlan(plan, target));
        },
        confirm: (plan) => confirmWrites(plan, target, io, job.yes),
        onProgress: (p) => progress.onProgress(p),
      },
    );
    progress.close();
    let written: string[] = [];
    try {
      written = await writeReport(out, result.report, reportSourceOf(result.plan.validation), file);
    } catch (error) {
      // A full disk stops the journal and the report alike; the journal still says what was done.
      const reason = error instanceof Error ? error.message : String(error);
      io.stderr.write(
        `${terminalSafe(reason.startsWith('Cannot write') ? reason : `Cannot write the report ${out}: ${reason}`)}\nThe journal holds every step that was done; resume it with a --report path that can be written.\n`,
      );
    }
    io.stdout.write(`${summarizeReport(result.report, { showWarnings: job.showWarnings === true })}\n`);
    io.stdout.write(`Journal: ${resolve(io.cwd, job.journal)}\n${writtenLines(written)}`);
    if (result.declined) {
      io.stdout.write('Nothing was written to the target.\n');
      return EXIT.unusable;
    }
    if (result.stopped) {
      // Stopped before the journal was opened (while planning): there is nothing to resume.
      const next = existsSync(journal) ? `resume ${job.journal}` : `${job.command} ${job.file}`;
      io.stderr.write(`${result.stopMessage ?? 'The run stopped.'}\nContinue with: pbx-bulk ${next}\n`);
      return EXIT.stopped;
    }
    // The report the user asked for is missing: not a success, whatever the rows did.
    if (written.length === 0) return EXIT.unusable;
    const s = result.report.summary.byStatus;
    return (s.failed ?? 0) + (s.unknown ?? 0) + (s.pending ?? 0) + (s.invalid ?? 0) > 0
      ? EXIT.rowsFailed
      : EXIT.ok;
  } catch (error) {
    if (error instanceof JournalTargetError) {
      io.stderr.write(`${terminalSafe(`pbx-bulk ${job.command}: ${targetMismatch(job, error)}`)}\n`);
      return EXIT.unusable;
    }
    return reportFailure(job.command, error, io);
  } finally {
    progress.close();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await connection?.close();
  }
}

/** The refusal of a journal from another target, with what to do for this command. */
function targetMismatch(job: RunJob, error: JournalTargetError): string {
  const was = error.journalTarget || 'an unnamed target';
  const now = error.target || '(unnamed)';
  const head = `the journal ${error.journal} was written against ${was}, but the current target is ${now}; nothing was run.`;
  return job.command !== 'resume'
    ? `${head} To run ${job.file} against ${now}, pass another --journal FILE or move ${error.journal} away.`
    : `${head} Resume it against ${was}, where it was started, or run the sheet against ${now} with another --journal FILE.`;
}
