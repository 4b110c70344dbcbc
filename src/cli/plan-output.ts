/** How plan and run show the call plan, the confirmation question and live progress. */
import type { PlanResult } from '../core/engine/index.ts';
import { formatDuration } from '../core/plan/estimate.ts';
import type { CliIo } from './io.ts';

/** The ordered call plan with counts and the time the rate limit implies. */
export function describePlan(plan: PlanResult, target: string): string {
  const lines = [`Target: ${target}`, 'Call plan (in order):'];
  for (const call of plan.calls) lines.push(`  ${String(call.count).padStart(6)}  ${call.endpoint}`);
  if (plan.calls.length === 0) lines.push('  (nothing to do)');
  lines.push(
    `Lookups are cached and paged at 50; the rate limit alone needs at least ${formatDuration(plan.estimateSeconds)}.`,
  );
  for (const warning of plan.warnings) lines.push(warning);
  return `${lines.join('\n')}\n`;
}

/** "Create 3 PBXs, ..., place 1 order (billed)" for the confirmation. */
export function describeWrites(plan: PlanResult): string {
  const c = plan.creates;
  const parts = [
    `create ${c.pbx} PBX(s)`,
    `update DID bindings on ${c.did} row(s)`,
    `${c.expansion - plan.orders} resize(s)`,
    `place ${plan.orders} Partner Portal order(s)${plan.orders ? ' (billed)' : ''}`,
    `create ${c.myreports} MyReports profile(s)`,
  ];
  return parts.join(', ');
}

/** Asks before real writes; `--yes` skips it; without a terminal, refuses. */
export async function confirmWrites(
  plan: PlanResult,
  target: string,
  io: CliIo,
  yes: boolean,
): Promise<boolean> {
  const question = `About to ${describeWrites(plan)} on ${target}.`;
  io.stderr.write(`${question}\n`);
  if (yes) return true;
  if (!io.ask) {
    io.stderr.write('Not confirmed: no terminal to ask. Add --yes to run without asking.\n');
    return false;
  }
  const answer = await io.ask('Go ahead? [y/N] ');
  return /^y(es)?$/i.test(answer.trim());
}
