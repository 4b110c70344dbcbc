/**
 * What the Plan screen says about the rows, from the dry run's report, so it agrees with Review
 * (which shows the same report): the rows that will not be sent because of an error (found offline
 * or by the dry run), grouped by their first error; the rows skipped as already done or already in
 * YCM (not failures); and the plan's lines split into warnings and plain information (what the run
 * uses of the quotas is not a warning).
 */
import { QUOTA_USE_PREFIX } from '../core/engine/quotas.ts';
import { groupMessages } from '../core/report/message-groups.ts';
import type { PlanMessageGroup, PlanProblem, PlanView, SheetView } from '../shared/bridge.ts';
import type { Report } from '../shared/types.ts';
import type { EnginePlan } from './ports.ts';

/** At most this many causes are listed (each with all its rows); the count says the rest. */
const MAX_CAUSES = 50;

export interface PlanOutcome {
  blocked: number;
  skipped: number;
  problems: PlanProblem[];
}

export function planOutcome(report: Report): PlanOutcome {
  const causes = new Map<string, PlanProblem>();
  let blocked = 0;
  let skipped = 0;
  for (const r of report.rows) {
    if (r.status === 'skipped') skipped++;
    if (r.status !== 'invalid' && r.status !== 'failed') continue;
    blocked++;
    const first = r.messages.find((m) => m.level === 'error');
    const message = first ? (first.column ? `${first.column}: ${first.message}` : first.message) : r.status;
    const cause = causes.get(message) ?? { message, rows: [] };
    cause.rows.push({ sheet: r.sheet, row: r.row });
    causes.set(message, cause);
  }
  const problems = [...causes.values()].sort((a, b) => b.rows.length - a.rows.length).slice(0, MAX_CAUSES);
  return { blocked, skipped, problems };
}

/** The plan's lines: warnings, and information (the quota use). */
export function splitPlanLines(lines: readonly string[]): { warnings: string[]; notes: string[] } {
  return {
    warnings: lines.filter((l) => !l.startsWith(QUOTA_USE_PREFIX)),
    notes: lines.filter((l) => l.startsWith(QUOTA_USE_PREFIX)),
  };
}

/** Rows a message group names (its count says how many in all). */
const GROUP_ROWS = 20;

/** The rows' errors, then warnings, grouped by cause (message-groups.ts, as the CLI), most rows first. */
export function planGroups(report: Report): PlanMessageGroup[] {
  const levels = ['error', 'warning'] as const;
  return levels.flatMap((level) =>
    groupMessages(report.rows, level)
      .sort((a, b) => b.rows.length - a.rows.length)
      .slice(0, MAX_CAUSES)
      .map((g) => ({
        level,
        sheet: g.sheet,
        ...(g.column !== undefined && { column: g.column }),
        message: g.code ? `${g.message} (${g.code})` : g.message,
        count: g.rows.length,
        rows: g.rows.slice(0, GROUP_ROWS),
      })),
  );
}

/** What the Plan screen gets from a dry run (its rows' preview is paged apart: getPlanRows). */
export function planView(
  p: EnginePlan,
  report: Report,
  ctx: { file: string; earlier: string | undefined; sheets: SheetView[] },
): PlanView {
  const { warnings, notes } = splitPlanLines(p.warnings);
  return {
    file: ctx.file,
    calls: p.calls,
    estimateSeconds: p.estimateSeconds,
    documented: p.documented,
    warnings: ctx.earlier ? [ctx.earlier, ...warnings] : warnings,
    notes,
    creates: p.creates,
    orders: p.orders,
    ...planOutcome(report),
    groups: planGroups(report),
    sheets: ctx.sheets,
    summary: report.summary,
  };
}
