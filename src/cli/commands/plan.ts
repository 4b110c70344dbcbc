/**
 * `pbx-bulk plan FILE [--report OUT]`: the online dry run. Resolves names, checks conflicts,
 * firmware and quotas against the target, prints the call plan; writes nothing to any target.
 */
import { parseWithOperand } from '../operand.ts';
import { resolve } from 'node:path';
import { planWorkbook } from '../../core/engine/index.ts';
import { summarizeReport } from '../../core/report/summarize.ts';
import { writeReport } from '../../core/report/write-report.ts';
import { reportSourceOf } from '../../core/report/report-source.ts';
import { stringFlag, type FlagSpec } from '../args.ts';
import { connect } from '../connect.ts';
import { reportFailure } from '../fail.ts';
import { outputProblem } from '../output-path.ts';
import { terminalSafe } from '../../core/util/cell-safety.ts';
import { writtenLines } from '../written.ts';
import { EXIT, type CliIo } from '../io.ts';
import { describePlan } from '../plan-output.ts';
import { progressReporter, withWaits } from '../progress.ts';
import { checkReportPath, validateFlags, VALIDATE_FLAGS } from './shared-flags.ts';

const USAGE = 'pbx-bulk plan FILE [--report OUT] [--sheet NAME] [--kind KIND] [--map FILE] [--show-warnings]';
const FLAGS: Record<string, FlagSpec> = {
  report: { type: 'string', help: 'write the plan report: .json, .csv or .xlsx' },
  ...VALIDATE_FLAGS,
};

export async function run(argv: string[], io: CliIo): Promise<number> {
  const args = parseWithOperand('plan', argv, FLAGS, USAGE, 'FILE', io);
  if (typeof args === 'number') return args;
  const report = stringFlag(args, 'report');
  const validate = validateFlags(args, io.cwd);
  const bad = checkReportPath(report) ?? validate.error;
  if (bad) {
    io.stderr.write(`pbx-bulk plan: ${bad}\n`);
    return EXIT.unusable;
  }
  const file = resolve(io.cwd, args.positional[0] ?? '');
  const out = report === undefined ? undefined : resolve(io.cwd, report);
  const outProblem = out === undefined ? undefined : await outputProblem('the report', out, file);
  if (outProblem) {
    io.stderr.write(`${terminalSafe(`pbx-bulk plan: ${outProblem}`)}\n`);
    return EXIT.unusable;
  }
  let connection;
  try {
    const progress = progressReporter(io);
    connection = await connect(io, withWaits({}, progress));
    const plan = await planWorkbook(
      { file },
      { clients: connection.clients, target: connection.label, validate: validate.options },
    );
    io.stdout.write(describePlan(plan, connection.label));
    io.stdout.write(
      `${summarizeReport(plan.report, { showWarnings: args.flags['show-warnings'] === true })}\n`,
    );
    if (out !== undefined) {
      const files = await writeReport(out, plan.report, reportSourceOf(plan.validation), file);
      io.stdout.write(writtenLines(files));
    }
    return (plan.report.summary.byStatus.invalid ?? 0) > 0 ? EXIT.rowsFailed : EXIT.ok;
  } catch (error) {
    return reportFailure('plan', error, io);
  } finally {
    await connection?.close();
  }
}
