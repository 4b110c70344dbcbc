/**
 * `pbx-bulk validate FILE [--sheet NAME] [--kind KIND] [--report OUT]`: offline validation.
 * Exit 0 all rows valid, 1 some invalid, 2 unusable input or usage (PRODUCT.md, Interfaces).
 */
import { parseWithOperand } from '../operand.ts';
import { extname, resolve } from 'node:path';
import { SHEET_KINDS, type SheetKind } from '../../shared/types.ts';
import { summarizeReport } from '../../core/report/summarize.ts';
import { writeReport } from '../../core/report/write-report.ts';
import { reportSourceOf } from '../../core/validate/report-source.ts';
import { validateFile, type ValidateOptions } from '../../core/validate/validate-file.ts';
import { stringFlag, type FlagSpec } from '../args.ts';
import { reportFailure } from '../fail.ts';
import { EXIT, type CliIo } from '../io.ts';

const USAGE = 'pbx-bulk validate FILE [--sheet NAME] [--kind KIND] [--report OUT]';
const FLAGS: Record<string, FlagSpec> = {
  sheet: { type: 'string', help: 'validate only this sheet of a workbook' },
  kind: { type: 'string', help: `sheet kind when it cannot be recognised: ${SHEET_KINDS.join(', ')}` },
  report: { type: 'string', help: 'write the report: .json, .csv or .xlsx (by extension)' },
  encoding: {
    type: 'string',
    help: 'CSV encoding (utf8, utf16le, utf16be, win1252, macroman); detected by default',
  },
  delimiter: { type: 'string', help: "CSV delimiter (',' ';' or 'tab'); detected by default" },
  'max-errors': { type: 'string', help: 'how many errors to list on stdout (default 10)' },
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
  const delimiter = stringFlag(args, 'delimiter');
  const options: ValidateOptions = {
    keepCells: report !== undefined && !report.toLowerCase().endsWith('.json'),
    ...(kind !== undefined && { kind: kind as SheetKind }),
    ...(stringFlag(args, 'sheet') !== undefined && { sheet: stringFlag(args, 'sheet') ?? '' }),
    ...(stringFlag(args, 'encoding') !== undefined && { encoding: stringFlag(args, 'encoding') ?? '' }),
    ...(delimiter !== undefined && { delimiter: delimiter === 'tab' ? '\t' : delimiter }),
  };
  try {
    const result = await validateFile(resolve(io.cwd, file), options);
    const maxErrors = Number(stringFlag(args, 'max-errors') ?? 10);
    io.stdout.write(
      `${summarizeReport(result.report, { maxErrors: Number.isFinite(maxErrors) ? maxErrors : 10 })}\n`,
    );
    if (report !== undefined) {
      const out = resolve(io.cwd, report);
      await writeReport(out, result.report, reportSourceOf(result));
      io.stdout.write(`Report written to ${out}\n`);
    }
    return (result.report.summary.byStatus.invalid ?? 0) > 0 ? EXIT.rowsFailed : EXIT.ok;
  } catch (error) {
    return reportFailure('validate', error, io);
  }
}
