/**
 * The account's remaining extensions, concurrent calls and recording minutes must cover the whole
 * sheet (PRODUCT.md, Plan; subscription fields FACTS 1.8.Y). What a row takes is its kind's
 * `quotaNeed`; rows past the point where a quota runs out become invalid, in sheet order, so the
 * user sees exactly which ones do not fit. (A PBX's own 500 extensions: kinds/expansion.)
 */
import { kindModule } from '../kinds/registry.ts';
import type { QuotaNeed } from '../kinds/kind-module.ts';
import { columnName } from '../validate/messages.ts';
import type { Lookups } from './lookups.ts';
import { errorOn, type PlannedRow } from './planned.ts';

type Need = Omit<QuotaNeed, 'newPbxExtensions'>;
const NEEDS: readonly (keyof Need)[] = ['extensions', 'calls', 'recording'];

/** What a planned row takes of the quotas; undefined for a kind that takes none. */
function needOf(row: PlannedRow): QuotaNeed | undefined {
  const quotaNeed = kindModule(row.kind).quotaNeed;
  return row.action && quotaNeed ? quotaNeed(row.action) : undefined;
}

/** How the line saying what a plan uses of the quotas starts: information, not a warning. */
export const QUOTA_USE_PREFIX = 'Quota use: ';

/** Marks rows that exceed a quota; returns plan-level lines about quota use. */
export async function checkQuotas(rows: PlannedRow[], lookups: Lookups): Promise<string[]> {
  if (!rows.some((r) => needOf(r) !== undefined)) return [];
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
  // FACTS 1.8.Y lists minimumExtPerPbx and no rule for it. Assumption: YCM refuses, or bills up
  // to, a smaller PBX; a warning (not an error) until that is known.
  const minimum = typeof info.minimumExtPerPbx === 'number' ? info.minimumExtPerPbx : 0;
  const used: Need = { extensions: 0, calls: 0, recording: 0 };
  for (const row of rows) {
    if (!row.action) continue;
    const need = needOf(row) ?? { extensions: 0, calls: 0, recording: 0 };
    const over = NEEDS.filter((k) => used[k] + need[k] > remaining[k]);
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
    for (const k of NEEDS) used[k] += need[k];
    // Only on a row that will run (one over quota is invalid already).
    const asked = need.newPbxExtensions;
    if (typeof asked === 'number' && asked < minimum) {
      row.report.messages.push({
        column: columnName(row.kind, 'extensionCapacity', row.record.headers),
        level: 'warning',
        message: `This account's subscription sets a minimum of ${minimum} extensions per PBX (minimumExtPerPbx); ${asked} may be refused, or billed as ${minimum}.`,
      });
    }
  }
  const fmt = (k: keyof Need): string =>
    `${k} ${used[k]} of ${Number.isFinite(remaining[k]) ? remaining[k] : 'unlimited'} left`;
  return [`${QUOTA_USE_PREFIX}${fmt('extensions')}, ${fmt('calls')}, ${fmt('recording')}.`];
}
