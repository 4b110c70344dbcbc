/**
 * `pbx-bulk run FILE [--report OUT] [--journal FILE] [--yes] [--concurrency N]
 * [--rate BURST/RATE/SECONDS] [--stop-after N] [--stop-failed-percent P] [--canary N]`.
 */
import { parseWithOperand } from '../operand.ts';
import { stringFlag, type FlagSpec, type ParsedArgs } from '../args.ts';
import { EXIT, type CliIo } from '../io.ts';
import { defaultJournalPath, defaultReportPath, runJob, type RunJob } from '../run-job.ts';
import type { RunSettings } from '../../shared/run-settings.ts';
import { checkReportPath, validateFlags, VALIDATE_FLAGS } from './shared-flags.ts';

const USAGE = 'pbx-bulk run FILE [--report OUT] [--journal FILE] [--yes] [options]';
export const RUN_FLAGS: Record<string, FlagSpec> = {
  report: { type: 'string', help: 'result report .xlsx/.csv/.json (default: FILE.result.xlsx or .csv)' },
  yes: { type: 'boolean', help: 'do not ask for confirmation before writing' },
  concurrency: { type: 'string', help: 'PBXs worked on at once (default 4)' },
  rate: {
    type: 'string',
    help: "YCM token bucket BURST/RATE/SECONDS (default 500/250/180, under YCM's example)",
  },
  'stop-after': { type: 'string', help: 'stop after N failures in a row' },
  'stop-failed-percent': { type: 'string', help: 'stop when more than P % of rows failed (after 10 rows)' },
  canary: { type: 'string', help: 'run the first N rows, then ask before going on' },
  'allow-repeat-order': {
    type: 'boolean',
    help: 'order even when the Partner Portal has a recent order for the PBX that the journal does not record',
  },
  'order-list-lag': {
    type: 'string',
    help: "seconds the Partner Portal's order list may take to show a new order (default 900); an unclear order is not re-sent before",
  },
  'ready-timeout': {
    type: 'string',
    help: 'seconds to wait for a new PBX to be Running before its DID, expansion and profile rows (default 600)',
  },
};
const FLAGS: Record<string, FlagSpec> = {
  journal: {
    type: 'string',
    help: 'journal file (default: FILE.journal.jsonl); the same journal skips what is done',
  },
  ...RUN_FLAGS,
  ...VALIDATE_FLAGS,
};

/** The run flags that are the run's settings (RunSettings), passed to the engine as they are. */
const SETTING_FLAGS = {
  concurrency: 'concurrency',
  'stop-after': 'stopAfterConsecutiveFailures',
  'stop-failed-percent': 'stopFailedPercent',
  canary: 'canary',
} as const;
/** The CLI's own timing flags, in seconds. */
const SECOND_FLAGS = { 'ready-timeout': 'readyTimeout', 'order-list-lag': 'orderListLag' } as const;

/** Reads the run flags (the settings and the timings); returns an error text for a bad number. */
export function runFlags(args: ParsedArgs): {
  values: Pick<RunJob, 'settings' | 'readyTimeout' | 'orderListLag'>;
  error?: string;
} {
  const settings: RunSettings = { allowRepeatOrder: args.flags['allow-repeat-order'] === true };
  const values: Pick<RunJob, 'settings' | 'readyTimeout' | 'orderListLag'> = { settings };
  for (const [flag, key] of [...Object.entries(SETTING_FLAGS), ...Object.entries(SECOND_FLAGS)]) {
    const text = stringFlag(args, flag);
    if (text === undefined) continue;
    const n = Number(text);
    if (!Number.isFinite(n) || n < 0 || (key !== 'stopFailedPercent' && !Number.isInteger(n)))
      return { values, error: `--${flag} must be a whole number` };
    if (key === 'readyTimeout' || key === 'orderListLag') values[key] = n;
    else settings[key] = n;
  }
  return { values };
}

export async function run(argv: string[], io: CliIo): Promise<number> {
  const args = parseWithOperand('run', argv, FLAGS, USAGE, 'FILE', io);
  if (typeof args === 'number') return args;
  const file = args.positional[0] ?? '';
  const numbers = runFlags(args);
  const validate = validateFlags(args, io.cwd);
  const error = checkReportPath(stringFlag(args, 'report')) ?? numbers.error ?? validate.error;
  if (error) {
    io.stderr.write(`pbx-bulk run: ${error}\n`);
    return EXIT.unusable;
  }
  const rate = stringFlag(args, 'rate');
  return runJob(
    {
      command: 'run',
      file,
      journal: stringFlag(args, 'journal') ?? defaultJournalPath(file),
      report: stringFlag(args, 'report') ?? defaultReportPath(file),
      yes: args.flags['yes'] === true,
      showWarnings: args.flags['show-warnings'] === true,
      validate: validate.options,
      ...numbers.values,
      ...(rate !== undefined && { rate }),
    },
    io,
  );
}
