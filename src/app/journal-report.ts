/**
 * A past run's row outcomes read from its journal alone (the app stopped before the run wrote its
 * report): each row's key (plan.ts rowKeys: sheet and its non-secret cells) is looked up in
 * the journal's steps. A step begun with no outcome is 'unknown' (PRODUCT.md, Run: check before
 * any retry; the engine's retry does that check and adopts what was created).
 */
import { rowKeys } from '../core/engine/index.ts';
import type { RowRecord } from '../core/model.ts';
import { isStepInterrupted, journalSteps, readJournal, type StepRecord } from '../core/run/journal.ts';
import type { Report, ReportRow, RowStatus } from '../shared/types.ts';

/** A row's steps as the journal records them; `open`: begun without a clear end (isStepInterrupted). */
type RowStep = StepRecord & { open: boolean };

function outcome(steps: RowStep[]): RowStatus | undefined {
  if (steps.length === 0) return undefined;
  if (steps.some((s) => s.outcome === 'failed')) return 'failed';
  if (steps.some((s) => s.open)) return 'unknown';
  if (steps.some((s) => s.outcome === 'pending')) return 'pending';
  return 'succeeded';
}

/** The validation report with each journalled row's outcome. */
export function journalReport(journalFile: string, records: RowRecord[], validation: Report): Report {
  const journal = readJournal(journalFile);
  const byKey = new Map<string, RowStep[]>();
  for (const { key, step, record } of journalSteps(journal)) {
    const open = isStepInterrupted(journal, key, step);
    byKey.set(key, [...(byKey.get(key) ?? []), { ...record, open }]);
  }
  const statusOf = new Map<string, { status: RowStatus; steps: RowStep[] }>();
  const keys = rowKeys(records, journal);
  for (const [i, r] of records.entries()) {
    const steps = byKey.get(keys[i] ?? '') ?? [];
    const status = outcome(steps);
    if (status) statusOf.set(`${r.sheet}!${r.row}`, { status, steps });
  }
  const byStatus: Partial<Record<RowStatus, number>> = {};
  const rows = validation.rows.map((row): ReportRow => {
    const found = statusOf.get(`${row.sheet}!${row.row}`);
    const status = found?.status ?? row.status;
    byStatus[status] = (byStatus[status] ?? 0) + 1;
    if (!found) return row;
    const ids = Object.assign({}, ...found.steps.map((s) => s.ids ?? {})) as ReportRow['ids'];
    const messages = found.steps.flatMap((s) =>
      s.message
        ? [{ level: status === 'succeeded' ? ('info' as const) : ('error' as const), message: s.message }]
        : [],
    );
    return { ...row, status, messages, ...(ids && Object.keys(ids).length ? { ids } : {}) };
  });
  return { summary: { ...validation.summary, mode: 'run', byStatus }, rows };
}
