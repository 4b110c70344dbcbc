/**
 * No PBX may end up with more than 500 extensions (seeds/003): the expansion rows are added up per
 * PBX, in plan order, once every row is planned. Rows past the limit become invalid, in sheet
 * order, so the user sees exactly which ones do not fit.
 */
import type { PbxTarget, PlannedRow } from '../../engine/planned.ts';
import { errorOn } from '../../engine/planned.ts';
import { targetGroup } from '../../engine/resolve-target.ts';
import { columnName } from '../../validate/messages.ts';

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
    const key = targetGroup(a.target);
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
