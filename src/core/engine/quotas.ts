/**
 * The account's remaining extensions, concurrent calls and recording minutes must cover the whole
 * sheet (PRODUCT.md, Plan; subscription fields FACTS 1.8.Y). Rows past the point where a quota
 * runs out become invalid, in sheet order, so the user sees exactly which ones do not fit.
 */
import type { Lookups } from './lookups.ts';
import { errorOn, type PlannedRow } from './planned.ts';

interface Need {
  extensions: number;
  calls: number;
  recording: number;
}

function needOf(row: PlannedRow): Need {
  const a = row.action;
  if (a?.type === 'pbx') {
    const n = (k: string): number => (typeof a.body[k] === 'number' ? (a.body[k] as number) : 0);
    return {
      extensions: n('extensionCapacity'),
      calls: n('concurrentCallCapacity'),
      recording: n('recordingCapacity'),
    };
  }
  if (a?.type === 'expansion' && a.method === 'order') {
    return { extensions: a.addExtensions ?? 0, calls: 0, recording: a.addRecordingMinutes ?? 0 };
  }
  return { extensions: 0, calls: 0, recording: 0 };
}

/** Marks rows that exceed a quota; returns plan-level lines about quota use. */
export async function checkQuotas(rows: PlannedRow[], lookups: Lookups): Promise<string[]> {
  if (!rows.some((r) => r.action?.type === 'pbx' || r.action?.type === 'expansion')) return [];
  let info;
  try {
    info = await lookups.subscription();
  } catch {
    return ['The subscription could not be read; quotas were not checked.'];
  }
  const left = (total: unknown, used: unknown): number =>
    typeof total === 'number' ? total - (typeof used === 'number' ? used : 0) : Number.POSITIVE_INFINITY;
  const remaining: Need = {
    extensions: left(info.totalExtensions, info.usedExtensions),
    calls: left(info.totalConcurrentCalls, info.usedConcurrentCalls),
    recording: left(info.totalRecordings, info.usedRecordings),
  };
  const used: Need = { extensions: 0, calls: 0, recording: 0 };
  for (const row of rows) {
    if (!row.action) continue;
    const need = needOf(row);
    const over = (Object.keys(need) as (keyof Need)[]).filter((k) => used[k] + need[k] > remaining[k]);
    if (over.length) {
      errorOn(
        row.report,
        undefined,
        `Not enough quota left for ${over.join(', ')} (remaining: ${over.map((k) => `${k} ${remaining[k] - used[k]}`).join(', ')}).`,
      );
      row.report.status = 'invalid';
      delete row.action;
      continue;
    }
    for (const k of Object.keys(need) as (keyof Need)[]) used[k] += need[k];
  }
  const fmt = (k: keyof Need): string =>
    `${k} ${used[k]} of ${Number.isFinite(remaining[k]) ? remaining[k] : 'unlimited'} left`;
  return [`Quota use: ${fmt('extensions')}, ${fmt('calls')}, ${fmt('recording')}.`];
}
