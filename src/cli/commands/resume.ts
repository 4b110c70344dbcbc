/**
 * `pbx-bulk resume JOURNAL [--report OUT] [--yes]`: continues a run from its journal. The input
 * file, and the `--sheet`/`--kind`/`--encoding`/`--delimiter` it was read with, are the ones the
 * journal's latest run recorded; finished steps are skipped, interrupted ones are checked against
 * the target before anything is written again.
 */
import { parseWithOperand } from '../operand.ts';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { readJournal, type JournalValidateOptions } from '../../core/run/journal.ts';
import { savedMappingProblem, type SavedMapping } from '../../core/validate/saved-mapping.ts';
import { SHEET_KINDS, type SheetKind } from '../../shared/types.ts';
import { stringFlag, type FlagSpec } from '../args.ts';
import { EXIT, type CliIo } from '../io.ts';
import { defaultReportPath, runJob } from '../run-job.ts';
import { RUN_FLAGS, runFlags } from './run.ts';
import { checkReportPath, MAX_INPUT_FLAG, maxInputFlag } from './shared-flags.ts';

const USAGE = 'pbx-bulk resume JOURNAL [--report OUT] [--yes] [options]';
const FLAGS: Record<string, FlagSpec> = {
  ...RUN_FLAGS,
  ...MAX_INPUT_FLAG,
  'show-warnings': { type: 'boolean', help: "list the rows' warnings too, grouped by cause" },
};

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
  const started = state.lastRun ?? state.header;
  const file = started.file;
  const validate = recordedOptions(started.validate);
  if (validate === 'bad') {
    io.stderr.write(
      `pbx-bulk resume: ${journal}: the run options recorded in the journal are not readable; run the sheet again with its options and --journal ${journal}.\n`,
    );
    return EXIT.unusable;
  }
  if (!existsSync(file)) {
    io.stderr.write(
      `pbx-bulk resume: the journal's input file ${file} is gone; restore it or run the sheet again with --journal.\n`,
    );
    return EXIT.unusable;
  }
  const numbers = runFlags(args);
  const budget = maxInputFlag(args);
  const error = checkReportPath(stringFlag(args, 'report')) ?? numbers.error ?? budget.error;
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
      showWarnings: args.flags['show-warnings'] === true,
      ...(validate && {
        validate,
        note: `Journal: resuming with the run's ${describeOptions(validate)}, as it was started.`,
      }),
      // Not recorded in the journal: a budget raised for the run is given again to resume it.
      ...(budget.maxInputMb !== undefined && {
        validate: { ...validate, maxInputMb: budget.maxInputMb },
      }),
      ...numbers.values,
      ...(rate !== undefined && { rate }),
    },
    io,
  );
}

/** The recorded options, checked (the journal is a file anyone can edit); 'bad' if unusable. */
function recordedOptions(value: unknown): JournalValidateOptions | undefined | 'bad' {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null) return 'bad';
  const v = value as Record<string, unknown>;
  const out: JournalValidateOptions = {};
  for (const key of ['sheet', 'encoding', 'delimiter', 'secretsFrom'] as const) {
    const text = v[key];
    if (text === undefined) continue;
    if (typeof text !== 'string') return 'bad';
    out[key] = text;
  }
  if (v['kind'] !== undefined) {
    if (!SHEET_KINDS.includes(v['kind'] as SheetKind)) return 'bad';
    out.kind = v['kind'] as SheetKind;
  }
  if (v['headerRow'] !== undefined) {
    if (!Number.isInteger(v['headerRow']) || (v['headerRow'] as number) < 1) return 'bad';
    out.headerRow = v['headerRow'] as number;
  }
  const saved = v['savedMapping'] as { file?: unknown; sheets?: unknown } | undefined;
  if (saved !== undefined) {
    if (typeof saved?.file !== 'string' || savedMappingProblem(saved.sheets) !== undefined) return 'bad';
    out.savedMapping = { file: saved.file, sheets: saved.sheets as SavedMapping };
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function describeOptions(v: JournalValidateOptions): string {
  return [
    v.sheet !== undefined && `--sheet ${JSON.stringify(v.sheet)}`,
    v.kind !== undefined && `--kind ${v.kind}`,
    v.encoding !== undefined && `--encoding ${v.encoding}`,
    v.delimiter !== undefined && `--delimiter ${v.delimiter === '\t' ? 'tab' : JSON.stringify(v.delimiter)}`,
    v.headerRow !== undefined && `--header-row ${v.headerRow}`,
    v.secretsFrom !== undefined && `secrets from ${JSON.stringify(v.secretsFrom)}`,
    v.savedMapping !== undefined && `--map ${JSON.stringify(v.savedMapping.file)} (as it was then)`,
  ]
    .filter(Boolean)
    .join(' ');
}
