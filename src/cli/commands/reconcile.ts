/**
 * `pbx-bulk reconcile FILE [--report OUT]` (issue 18): each row of a workbook (a filled-in
 * template, an export, a result report) against the live account: missing, matches, drifted
 * (field by field, DIDs, customers), plus the account's PBXs no row names. Only reads.
 * Exit 0 = everything matches, 1 = anything differs, 2 = the file cannot be used.
 */
import { resolve } from 'node:path';
import { reconcileFile } from '../../core/reconcile/reconcile.ts';
import { hasDifferences, type ReconcileResult } from '../../core/reconcile/types.ts';
import { writeReconcileReport } from '../../core/reconcile/write-reconcile.ts';
import { reportSourceOf } from '../../core/report/report-source.ts';
import { terminalSafe } from '../../core/util/cell-safety.ts';
import { stringFlag, type FlagSpec } from '../args.ts';
import { connect } from '../connect.ts';
import { reportFailure } from '../fail.ts';
import { EXIT, type CliIo } from '../io.ts';
import { parseWithOperand } from '../operand.ts';
import { outputProblem } from '../output-path.ts';
import { writtenLines } from '../written.ts';
import { progressWriter } from './progress.ts';
import { checkReportPath, validateFlags, VALIDATE_FLAGS } from './shared-flags.ts';

const USAGE = 'pbx-bulk reconcile FILE [--report OUT] [--sheet NAME] [--kind KIND]';
const FLAGS: Record<string, FlagSpec> = {
  report: { type: 'string', help: 'write the reconcile report: .json, .csv or .xlsx' },
  ...VALIDATE_FLAGS,
};
/** Rows printed before "... and N more" (the report has them all). */
const SHOWN = 50;

export async function run(argv: string[], io: CliIo): Promise<number> {
  const args = parseWithOperand('reconcile', argv, FLAGS, USAGE, 'FILE', io);
  if (typeof args === 'number') return args;
  const report = stringFlag(args, 'report');
  const validate = validateFlags(args, io.cwd);
  const bad = checkReportPath(report) ?? validate.error;
  if (bad) {
    io.stderr.write(`pbx-bulk reconcile: ${bad}\n`);
    return EXIT.unusable;
  }
  const file = resolve(io.cwd, args.positional[0] ?? '');
  const out = report === undefined ? undefined : resolve(io.cwd, report);
  const outProblem = out === undefined ? undefined : await outputProblem('the report', out, file);
  if (outProblem) {
    io.stderr.write(`${terminalSafe(`pbx-bulk reconcile: ${outProblem}`)}\n`);
    return EXIT.unusable;
  }
  let connection;
  try {
    connection = await connect(io);
    const ycm = connection.clients.ycm;
    if (!ycm)
      throw new Error(
        'reconcile reads YCM: set YCM_CLIENT_ID and YCM_CLIENT_SECRET (or none, for the sandbox).',
      );
    const progress = progressWriter(io, 'Reading the account');
    const { result, validation } = await reconcileFile(file, ycm, {
      target: connection.label,
      validate: validate.options,
      onProgress: progress.update,
    });
    progress.done();
    io.stdout.write(describe(result, connection.label, ycm.stats.attempts));
    if (out !== undefined)
      io.stdout.write(writtenLines(await writeReconcileReport(out, result, reportSourceOf(validation))));
    return hasDifferences(result) ? EXIT.rowsFailed : EXIT.ok;
  } catch (error) {
    return reportFailure('reconcile', error, io);
  } finally {
    await connection?.close();
  }
}

/** What the terminal shows: each row that differs, the extra PBXs, then the counts. */
export function describe(result: ReconcileResult, target: string, calls: number): string {
  const lines = [`Target: ${target} (${calls} API calls)`];
  const differing = result.rows.filter((r) => r.outcome === 'drifted' || r.outcome === 'missing');
  for (const r of differing.slice(0, SHOWN)) {
    const what = [r.note, ...r.differences.map((d) => d.message)].filter(Boolean).join('; ');
    lines.push(`Sheet "${r.sheet}" row ${r.row}: ${r.outcome}: ${what}`);
  }
  if (differing.length > SHOWN) lines.push(`... and ${differing.length - SHOWN} more (see the report)`);
  for (const p of result.extra.slice(0, SHOWN))
    lines.push(`Extra on the account (no row names it): Cloud PBX ${p.cloudPbxId} '${p.name}' ${p.url}`);
  if (result.extra.length > SHOWN) lines.push(`... and ${result.extra.length - SHOWN} more extra PBXs`);
  const counts = Object.entries(result.summary.byOutcome).map(([k, n]) => `${n} ${k}`);
  lines.push(
    `${result.summary.total} rows: ${counts.join(', ') || 'none'}; ${result.summary.extra} extra PBX${result.summary.extra === 1 ? '' : 's'} on the account`,
  );
  lines.push(hasDifferences(result) ? 'The account differs from the sheet.' : 'Everything matches.');
  return `${lines.map(terminalSafe).join('\n')}\n`;
}
