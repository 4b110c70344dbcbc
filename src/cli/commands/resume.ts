/**
 * `pbx-bulk resume JOURNAL [--report OUT] [--yes]`: continues a run from its journal. The input
 * file is the one the journal names; finished steps are skipped, interrupted ones are checked
 * against the target before anything is written again.
 */
import { parseWithOperand } from '../operand.ts';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { readJournal } from '../../core/run/journal.ts';
import { stringFlag, type FlagSpec } from '../args.ts';
import { EXIT, type CliIo } from '../io.ts';
import { defaultReportPath, runJob } from '../run-job.ts';
import { RUN_FLAGS, runNumbers } from './run.ts';
import { checkReportPath } from './shared-flags.ts';

const USAGE = 'pbx-bulk resume JOURNAL [--report OUT] [--yes] [options]';
const FLAGS: Record<string, FlagSpec> = { ...RUN_FLAGS };

export async function run(argv: string[], io: CliIo): Promise<number> {
  const args = parseWithOperand('resume', argv, FLAGS, USAGE, 'JOURNAL', io);
  if (typeof args === 'number') return args;
  const journal = resolve(io.cwd, args.positional[0] ?? '');
  const state = existsSync(journal) ? readJournal(journal) : undefined;
  if (!state?.header) {
    io.stderr.write(
      `pbx-bulk resume: ${journal}: not a run journal (missing, empty or unreadable first line).\n`,
    );
    return EXIT.unusable;
  }
  const file = state.header.file;
  if (!existsSync(file)) {
    io.stderr.write(
      `pbx-bulk resume: the journal's input file ${file} is gone; restore it or run the sheet again with --journal.\n`,
    );
    return EXIT.unusable;
  }
  const numbers = runNumbers(args);
  const error = checkReportPath(stringFlag(args, 'report')) ?? numbers.error;
  if (error) {
    io.stderr.write(`pbx-bulk resume: ${error}\n`);
    return EXIT.unusable;
  }
  if (state.skippedLines > 0)
    io.stderr.write(`Journal: ${state.skippedLines} torn line(s) ignored (an interrupted write).\n`);
  const rate = stringFlag(args, 'rate');
  return runJob(
    {
      command: 'resume',
      file,
      journal,
      report: stringFlag(args, 'report') ?? defaultReportPath(file),
      yes: args.flags['yes'] === true,
      ...numbers.values,
      ...(rate !== undefined && { rate }),
    },
    io,
  );
}
