/**
 * The grid's view of a sheet: which data rows it lists, in which order (RowQuery: status filter,
 * a search, a column filter, a sort). Worked out here, on the engine side, because a sheet may
 * have 100k rows and the renderer holds only what is on screen. The list is kept until the sheet's
 * cells or results change (workbook-state.ts drops `view` with the error index).
 */
import type { RowQuery } from '../shared/grid-types.ts';
import type { ReportRow } from '../shared/types.ts';
import { secretColumns, shownCells, type SheetState } from './workbook-state.ts';

const hasLevel = (r: ReportRow | undefined, level: 'error' | 'warning'): boolean =>
  r !== undefined &&
  ((level === 'error' && (r.status === 'invalid' || r.status === 'failed')) ||
    r.messages.some((m) => m.level === level));

/** 0 for rows with an error, 1 with a warning only, 2 for the rest: "status" sorts by it. */
function statusRank(r: ReportRow | undefined): number {
  return hasLevel(r, 'error') ? 0 : hasLevel(r, 'warning') ? 1 : 2;
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/** True when the query lists every row in sheet order (no list needs making). */
export function isPlainQuery(q: RowQuery): boolean {
  return (q.filter ?? 'all') === 'all' && !q.sort && !q.search && !q.columnFilter?.text;
}

/** The data-row indexes the query lists, in its order; undefined for every row in sheet order. */
export function viewIndexes(sheet: SheetState, q: RowQuery): number[] | undefined {
  if (isPlainQuery(q)) return undefined;
  const key = JSON.stringify([q.filter ?? 'all', q.sort ?? null, q.search ?? '', q.columnFilter ?? null]);
  if (sheet.view?.key === key) return sheet.view.indexes;
  const secret = secretColumns(sheet);
  const search = q.search?.trim().toLowerCase() ?? '';
  const colFilter = q.columnFilter?.text.trim() ? q.columnFilter : undefined;
  const colText = colFilter?.text.trim().toLowerCase() ?? '';
  const indexes: number[] = [];
  sheet.rows.forEach((src, i) => {
    const r = sheet.results.get(src.row);
    if (q.filter === 'errors' && !hasLevel(r, 'error')) return;
    if (q.filter === 'warnings' && !hasLevel(r, 'warning')) return;
    if (search || colFilter) {
      const shown = shownCells(sheet, src, secret);
      if (colFilter && !(secret[colFilter.col] ? '' : shown(colFilter.col)).toLowerCase().includes(colText))
        return;
      if (search && !sheet.headers.some((_, c) => !secret[c] && shown(c).toLowerCase().includes(search)))
        return;
    }
    indexes.push(i);
  });
  const sort = q.sort;
  if (sort) {
    const dir = sort.desc ? -1 : 1;
    if (sort.col < 0) {
      const rank = (i: number): number => statusRank(sheet.results.get(sheet.rows[i]?.row ?? -1));
      indexes.sort((a, b) => dir * (rank(a) - rank(b)) || a - b);
    } else {
      // A secret column sorts filled before empty, never by what it holds.
      const text = (i: number): string => {
        const cell = sheet.rows[i]?.cells[sort.col] ?? '';
        return secret[sort.col] ? (cell === '' ? '' : '1') : cell;
      };
      const keys = new Map(indexes.map((i) => [i, text(i)]));
      indexes.sort((a, b) => {
        const x = keys.get(a) ?? '';
        const y = keys.get(b) ?? '';
        // Empty cells last whichever the direction: what is filled is what the user looks for.
        if (x === '' || y === '') return x === y ? a - b : x === '' ? 1 : -1;
        return dir * collator.compare(x, y) || a - b;
      });
    }
  }
  sheet.view = { key, indexes };
  return indexes;
}
