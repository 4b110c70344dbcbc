/**
 * `pbx-bulk validate FILE [--sheet NAME] [--kind KIND] [--report OUT]`: offline validation.
 * Exit 0 all rows valid, 1 some invalid, 2 unusable input or usage (PRODUCT.md, Interfaces).
 */
import { parseWithOperand } from '../operand.ts';
import { extname, resolve } from 'node:path';
import { SHEET_KINDS, type SheetKind } from '../../shared/types.ts';
import { summarizeReport } from '../../core/report/summarize.ts';
import { writeReport } from '../../core/report/write-report.ts';
import { reportSourceOf } from '../../core/report/report-source.ts';
import { validateFile, type ValidateOptions } from '../../core/validate/validate-file.ts';
import { stringFlag, type FlagSpec } from '../args.ts';
import { reportFailure } from '../fail.ts';
import { MAX_INPUT_FLAG, maxInputFlag, READING_FLAGS, readingFlags } from './shared-flags.ts';
import { outputProblem } from '../output-path.ts';
import { terminalSafe } from '../../core/util/cell-safety.ts';
import { writtenLines } from '../written.ts';
import { EXIT, type CliIo } from '../io.ts';

const USAGE =
  'pbx-bulk validate FILE [--sheet NAME] [--kind KIND] [--report OUT] [--header-row N] [--map FILE] [options]';
const FLAGS: Record<string, FlagSpec> = {
  sheet: { type: 'string', help: 'validate only this sheet of a workbook' },
  kind: {
    type: 'string',
    help: `the kind of a sheet whose name does not say it: ${SHEET_KINDS.join(', ')}`,
  },
  report: { type: 'string', help: 'write the report: .json, .csv or .xlsx (by extension)' },
  encoding: {
    type: 'string',
    help: 'CSV encoding (utf8, utf16le, utf16be, win1252, macroman); detected by default',
  },
  delimiter: { type: 'string', help: "CSV delimiter (',' ';' or 'tab'); detected by default" },
  'max-errors': { type: 'string', help: 'how many causes of errors to list on stdout (default 10)' },
  ...READING_FLAGS,
  ...MAX_INPUT_FLAG,
};
const REPORT_EXTENSIONS = new Set(['.json', '.csv', '.xlsx']);

export async function run(argv: string[], io: CliIo): Promise<number> {
  const args = parseWithOperand('validate', argv, FLAGS, USAGE, 'FILE', io);
  if (typeof args === 'number') return args;
  const file = args.positional[0] ?? '';
  const kind = stringFlag(args, 'kind');
  if (kind !== undefined && !SHEET_KINDS.includes(kind as SheetKind)) {
    io.stderr.write(`pbx-bulk validate: --kind must be one of ${SHEET_KINDS.join(', ')}\n`);
    return EXIT.unusable;
  }
  const report = stringFlag(args, 'report');
  if (report !== undefined && !REPORT_EXTENSIONS.has(extname(report).toLowerCase())) {
    io.stderr.write(`pbx-bulk validate: --report must end in .json, .csv or .xlsx\n`);
    return EXIT.unusable;
  }
  const maxErrorsText = stringFlag(args, 'max-errors');
  const maxErrors = maxErrorsText === undefined ? 10 : Number(maxErrorsText);
  if (!Number.isInteger(maxErrors) || maxErrors < 0) {
    io.stderr.write(`pbx-bulk validate: --max-errors must be a whole number (0 or more)\n`);
    return EXIT.unusable;
  }
  const { maxInputMb, error: maxInputError } = maxInputFlag(args);
  if (maxInputError !== undefined) {
    io.stderr.write(`pbx-bulk validate: ${maxInputError}\n`);
    return EXIT.unusable;
  }
  const reading = readingFlags(args, io.cwd);
  if (reading.error !== undefined) {
    io.stderr.write(`${terminalSafe(`pbx-bulk validate: ${reading.error}`)}\n`);
    return EXIT.unusable;
  }
  const delimiter = stringFlag(args, 'delimiter');
  const options: ValidateOptions = {
    keepCells: report !== undefined && !report.toLowerCase().endsWith('.json'),
    ...(kind !== undefined && { kind: kind as SheetKind }),
    ...(stringFlag(args, 'sheet') !== undefined && { sheet: stringFlag(args, 'sheet') ?? '' }),
    ...(stringFlag(args, 'encoding') !== undefined && { encoding: stringFlag(args, 'encoding') ?? '' }),
    ...(delimiter !== undefined && { delimiter: delimiter === 'tab' ? '\t' : delimiter }),
    ...(maxInputMb !== undefined && { maxInputMb }),
    ...reading.options,
  };
  const input = resolve(io.cwd, file);
  const out = report === undefined ? undefined : resolve(io.cwd, report);
  const outProblem = out === undefined ? undefined : await outputProblem('the report', out, input);
  if (outProblem) {
    io.stderr.write(`${terminalSafe(`pbx-bulk validate: ${outProblem}`)}\n`);
    return EXIT.unusable;
  }
  try {
    const result = await validateFile(input, options);
    io.stdout.write(
      `${summarizeReport(result.report, { maxErrors, showWarnings: args.flags['show-warnings'] === true })}\n`,
    );
    if (out !== undefined) {
      const files = await writeReport(out, result.report, reportSourceOf(result), input);
      io.stdout.write(writtenLines(files));
    }
    return (result.report.summary.byStatus.invalid ?? 0) > 0 ? EXIT.rowsFailed : EXIT.ok;
  } catch (error) {
    return reportFailure('validate', error, io);
  }
}
