/**
 * `pbx-bulk retry REPORT [--from ORIGINAL] [--journal FILE] [--yes] [options]`: runs a result
 * report again (its failed rows, fixed in place if need be), without typing its masked secrets
 * again: each masked cell is filled from the original file, same sheet, column and row. The
 * original is `--from`, or the file the run's journal names (`<input>.journal.jsonl` next to a
 * default `<input>.result.xlsx`). The same journal is used, so what was done is not done again.
 */
import { existsSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { readJournal } from '../../core/run/journal.ts';
import { sameFile } from '../../core/util/same-file.ts';
import { terminalSafe } from '../../core/util/cell-safety.ts';
import { stringFlag, type FlagSpec } from '../args.ts';
import { EXIT, type CliIo } from '../io.ts';
import { parseWithOperand } from '../operand.ts';
import { runJob } from '../run-job.ts';
import { RUN_FLAGS, runFlags } from './run.ts';
import { checkReportPath, MAX_INPUT_FLAG, maxInputFlag } from './shared-flags.ts';

const USAGE = 'pbx-bulk retry REPORT [--from ORIGINAL] [--journal FILE] [--report OUT] [--yes] [options]';
const FLAGS: Record<string, FlagSpec> = {
  from: {
    type: 'string',
    help: "the file the run read, whose secrets fill the report's masked cells (default: the one the journal names)",
  },
  journal: {
    type: 'string',
    help: "the run's journal (default: <input>.journal.jsonl next to <input>.result.xlsx); what it records as done is skipped",
  },
  ...RUN_FLAGS,
  ...MAX_INPUT_FLAG,
  'show-warnings': { type: 'boolean', help: "list the rows' warnings too, grouped by cause" },
};

/**
 * `x.result.xlsx` → `x` (the run's default report name), also for the per-sheet CSVs of a
 * workbook's report (`x.result.PBX.csv`); else the name without its extension.
 */
function inputBase(report: string): string {
  const ext = extname(report);
  return report.slice(0, report.length - ext.length).replace(/\.result(?:\.[^.\\/]+)?$/i, '');
}

function fail(io: CliIo, problem: string): number {
  io.stderr.write(`${terminalSafe(`pbx-bulk retry: ${problem}`)}\n`);
  return EXIT.unusable;
}

export async function run(argv: string[], io: CliIo): Promise<number> {
  const args = parseWithOperand('retry', argv, FLAGS, USAGE, 'FILE', io);
  if (typeof args === 'number') return args;
  const report = resolve(io.cwd, args.positional[0] ?? '');
  if (!['.xlsx', '.csv'].includes(extname(report).toLowerCase()))
    return fail(io, `${report}: give the .xlsx or .csv result report (a .json report cannot be run).`);
  if (!existsSync(report)) return fail(io, `${report}: the file does not exist.`);
  const given = stringFlag(args, 'journal');
  const journal = resolve(io.cwd, given ?? `${inputBase(report)}.journal.jsonl`);
  const state = existsSync(journal) ? readJournal(journal) : undefined;
  const started = state?.lastRun ?? state?.header;
  const fromFlag = stringFlag(args, 'from');
  if (!started && fromFlag === undefined) {
    return fail(
      io,
      `no run journal at ${journal} to say which file the run read: pass --journal FILE, or --from ORIGINAL to take the secrets from.`,
    );
  }
  const original = fromFlag !== undefined ? resolve(io.cwd, fromFlag) : (started?.file ?? '');
  if (!existsSync(original))
    return fail(io, `the original file ${original} is gone: restore it, or pass --from with a copy of it.`);
  if (await sameFile(original, report))
    return fail(io, `${report} is the original file itself; retry takes a result report.`);
  const numbers = runFlags(args);
  const budget = maxInputFlag(args);
  const error = checkReportPath(stringFlag(args, 'report')) ?? numbers.error ?? budget.error;
  if (error) return fail(io, error);
  // The run's own reading options: which sheet and kind, and the saved mapping of the headers.
  const recorded = started?.validate;
  const rate = stringFlag(args, 'rate');
  const out =
    stringFlag(args, 'report') ??
    join(dirname(report), `${basename(inputBase(report))}.retry${extname(report)}`);
  return runJob(
    {
      command: 'retry',
      file: report,
      journal,
      report: out,
      yes: args.flags['yes'] === true,
      showWarnings: args.flags['show-warnings'] === true,
      validate: {
        secretsFrom: original,
        ...(recorded?.sheet !== undefined && { sheet: recorded.sheet }),
        ...(recorded?.kind !== undefined && { kind: recorded.kind }),
        ...(recorded?.savedMapping !== undefined && { savedMapping: recorded.savedMapping }),
        // The original is read as the run read it; the report has its headers on row 1.
        secretsFromRead: {
          ...(recorded?.headerRow !== undefined && { headerRow: recorded.headerRow }),
          ...(recorded?.encoding !== undefined && { encoding: recorded.encoding }),
          ...(recorded?.delimiter !== undefined && { delimiter: recorded.delimiter }),
        },
        ...(budget.maxInputMb !== undefined && { maxInputMb: budget.maxInputMb }),
      },
      note: `Retrying ${report}: masked secrets are taken from ${original}, row by row; rows the journal records as done are skipped.`,
      ...numbers.values,
      ...(rate !== undefined && { rate }),
    },
    io,
  );
}
