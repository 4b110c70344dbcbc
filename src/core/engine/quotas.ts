/**
 * The account's remaining extensions, concurrent calls and recording minutes must cover the whole
 * sheet (PRODUCT.md, Plan; subscription fields FACTS 1.8.Y), and no PBX may end up with more than
 * 500 extensions (seeds/003). Rows past the point where a quota or a PBX's limit runs out become
 * invalid, in sheet order, so the user sees exactly which ones do not fit.
 */
import { columnName } from '../validate/messages.ts';
import type { Lookups } from './lookups.ts';
import { errorOn, type PbxTarget, type PlannedRow } from './planned.ts';

/** A Cloud PBX holds at most this many extensions (seeds/003). */
export const MAX_EXTENSIONS_PER_PBX = 500;

interface Capacity {
  label: string;
  /** The PBX's extensions before this workbook's expansion rows. */
  base: number;
  /** After the expansion rows planned so far. */
  total: number;
  /** The rows that changed `total`. */
  by: PlannedRow[];
}

/**
 * Adds up the expansion rows per PBX, in plan order (the order a run applies them: rows for one
 * PBX run one after another), from the PBX's current extensions (an existing PBX) or those its
 * workbook row creates it with. An order adds, a resize sets the total. A row that would take its
 * PBX past 500 becomes invalid before anything is ordered, and is not counted, so the rows after it
 * are checked against what the run will really leave. `interrupted` rows (an earlier run began
 * their order with no clear end) are neither checked nor counted: the PBX's current extensions may
 * already include them, and the run looks for that order before placing another.
 */
export function checkExtensionLimit(
  rows: readonly PlannedRow[],
  interrupted: (row: PlannedRow) => boolean = () => false,
): void {
  const workbookPbxs = new Map<string, PlannedRow>();
  for (const row of rows) if (row.action?.type === 'pbx') workbookPbxs.set(row.key, row);
  const pbxs = new Map<string, Capacity | undefined>();
  for (const row of rows) {
    const a = row.action;
    if (a?.type !== 'expansion') continue;
    const key =
      'existing' in a.target ? `existing:${a.target.existing.cloudPbxId}` : `new:${a.target.workbook}`;
    if (!pbxs.has(key)) pbxs.set(key, capacityOf(a.target, workbookPbxs));
    const pbx = pbxs.get(key);
    const set = a.method === 'resize' ? a.resize?.extensionCapacity : undefined;
    if (set !== undefined) {
      // Whatever the PBX had, a resize leaves it at its new total.
      const label = 'existing' in a.target ? a.target.existing.name : a.target.label;
      const next: Capacity = pbx ?? { label, base: set, total: set, by: [] };
      next.total = set;
      next.by.push(row);
      pbxs.set(key, next);
      continue;
    }
    const add = a.method === 'order' ? a.addExtensions : undefined;
    if (!pbx || add === undefined || interrupted(row)) continue;
    const total = pbx.total + add;
    if (total <= MAX_EXTENSIONS_PER_PBX) {
      pbx.total = total;
      pbx.by.push(row);
      continue;
    }
    const room = MAX_EXTENSIONS_PER_PBX - pbx.total;
    const fix = room > 0 ? `Add at most ${room} here` : 'It has no room left: remove this row';
    const now =
      pbx.by.length === 0
        ? `${pbx.base} extensions`
        : `${pbx.base} extensions, ${pbx.total} after ${placesOf(pbx.by)}`;
    const message = `The PBX '${pbx.label}' has ${now}; adding ${add} makes ${total}, past the limit of ${MAX_EXTENSIONS_PER_PBX}. ${fix}${pbx.by.length ? ', or lower the earlier rows' : ''}.`;
    errorOn(row.report, columnName('expansion', 'addExtensions', row.record.headers), message);
    row.report.status = 'invalid';
    delete row.action;
  }
}

/** What the PBX has before the expansion rows; undefined when that is not known. */
function capacityOf(target: PbxTarget, workbookPbxs: ReadonlyMap<string, PlannedRow>): Capacity | undefined {
  if ('existing' in target) {
    const ext = target.existing.extensionCapacity;
    return typeof ext === 'number'
      ? { label: target.existing.name, base: ext, total: ext, by: [] }
      : undefined;
  }
  const a = workbookPbxs.get(target.workbook)?.action;
  const ext = a?.type === 'pbx' ? a.body['extensionCapacity'] : undefined;
  return typeof ext === 'number' ? { label: target.label, base: ext, total: ext, by: [] } : undefined;
}

/** "sheet 'Expansions' rows 2, 3", "sheet 'Expansions' row 2 and sheet 'More' row 4". */
function placesOf(rows: readonly PlannedRow[]): string {
  const bySheet = new Map<string, number[]>();
  for (const r of rows) {
    const nums = bySheet.get(r.sheet) ?? [];
    nums.push(r.row);
    bySheet.set(r.sheet, nums);
  }
  const shown = [...bySheet].map(([sheet, nums]) => {
    const list =
      nums.length > 5 ? `${nums.slice(0, 5).join(', ')} and ${nums.length - 5} more` : nums.join(', ');
    return `sheet '${sheet}' ${nums.length === 1 ? 'row' : 'rows'} ${list}`;
  });
  return shown.join(' and ');
}

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

/** How the line saying what a plan uses of the quotas starts: information, not a warning. */
export const QUOTA_USE_PREFIX = 'Quota use: ';

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
  // FACTS 1.8.Y lists minimumExtPerPbx and no rule for it. Assumption: YCM refuses, or bills up
  // to, a smaller PBX; a warning (not an error) until that is known.
  const minimum = typeof info.minimumExtPerPbx === 'number' ? info.minimumExtPerPbx : 0;
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
    // Only on a row that will run (one over quota is invalid already).
    const asked = row.action.type === 'pbx' ? row.action.body['extensionCapacity'] : undefined;
    if (typeof asked === 'number' && asked < minimum) {
      row.report.messages.push({
        column: columnName('pbx', 'extensionCapacity', row.record.headers),
        level: 'warning',
        message: `This account's subscription sets a minimum of ${minimum} extensions per PBX (minimumExtPerPbx); ${asked} may be refused, or billed as ${minimum}.`,
      });
    }
  }
  const fmt = (k: keyof Need): string =>
    `${k} ${used[k]} of ${Number.isFinite(remaining[k]) ? remaining[k] : 'unlimited'} left`;
  return [`${QUOTA_USE_PREFIX}${fmt('extensions')}, ${fmt('calls')}, ${fmt('recording')}.`];
}
