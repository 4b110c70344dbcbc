/**
 * The grid's multi-cell actions: paste a block copied from Excel (tab-separated), fill down the
 * selected range from its first cell, and copy the selection as a block. Each edit is one step
 * of the engine's history, so one undo takes it back.
 */
import type { EditResult, GridRow, SheetCounts, SheetView } from '../../../src/shared/bridge.ts';
import type { Attempt } from '../app.tsx';
import { bridge } from '../transport.ts';
import { formatBlock, parseBlock } from './clipboard.ts';
import type { RowCache } from './row-cache.ts';

interface Options {
  sheet: SheetView;
  attempt: Attempt;
  cache: RowCache;
  sel: { pos: number; col: number };
  range: { from: number; to: number } | null;
  /** Column indexes in display order: a pasted block spreads right in this order. */
  order: readonly number[];
  loadPage: (page: number) => Promise<void>;
  pageSize: number;
  total: number;
  onEdited: (counts: SheetCounts, result?: EditResult) => void;
}

export interface GridActions {
  paste: (text: string) => Promise<void>;
  fillDown: () => Promise<void>;
  copy: () => Promise<void>;
}

export function useGridActions(o: Options): GridActions {
  /** The rows at list positions from..to, fetching pages not loaded (a paste may reach below the screen). */
  const rowsAt = async (from: number, to: number): Promise<GridRow[]> => {
    for (let p = Math.floor(from / o.pageSize); p <= Math.floor(to / o.pageSize); p++) {
      if (!o.cache.hasPage(p)) await o.loadPage(p);
    }
    const rows: GridRow[] = [];
    for (let pos = from; pos <= to; pos++) {
      const r = o.cache.get(pos);
      if (r) rows.push(r);
    }
    return rows;
  };

  const send = async (work: () => Promise<EditResult>): Promise<void> => {
    const r = await o.attempt(work, 'review');
    if (r) o.onEdited(r.counts, r);
  };

  const paste = async (text: string): Promise<void> => {
    const block = parseBlock(text);
    if (block.length === 0) return;
    const single = block.length === 1 && block[0]?.length === 1;
    // One value over a selected range fills the range, as in Excel.
    const from = o.range?.from ?? o.sel.pos;
    const to = single && o.range ? o.range.to : Math.min(o.total - 1, from + block.length - 1);
    const rows = await rowsAt(from, to);
    const at = o.order.indexOf(o.sel.col);
    const edits = rows.flatMap((row, i) =>
      (single ? (block[0] ?? []) : (block[i] ?? [])).flatMap((text, j) => {
        const col = o.order[at + j];
        return col === undefined ? [] : [{ index: row.index, col, text }];
      }),
    );
    if (edits.length === 0) return;
    await send(() =>
      bridge.editCells({ sheet: o.sheet.name, edits, label: `paste of ${edits.length} cells` }),
    );
  };

  const fillDown = async (): Promise<void> => {
    if (!o.range || o.range.from === o.range.to) {
      await o.attempt(
        () =>
          Promise.reject(
            new Error('Select the cells to fill first: Shift+Arrow down from the cell to copy.'),
          ),
        'review',
      );
      return;
    }
    const rows = await rowsAt(o.range.from, o.range.to);
    await send(() =>
      bridge.fillDown({ sheet: o.sheet.name, col: o.sel.col, indexes: rows.map((r) => r.index) }),
    );
  };

  const copy = async (): Promise<void> => {
    const from = o.range?.from ?? o.sel.pos;
    const to = o.range?.to ?? o.sel.pos;
    const rows = await rowsAt(from, to);
    // A secret column's cells are masked here: what is copied is what is shown.
    const text = formatBlock(rows.map((r) => [r.cells[o.sel.col] ?? '']));
    await o.attempt(() => navigator.clipboard.writeText(text), 'review');
  };

  return { paste, fillDown, copy };
}
