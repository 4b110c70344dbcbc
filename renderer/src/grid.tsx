/**
 * The review grid: virtualized rows (only what is on screen is in the DOM, so a 100k-row sheet
 * scrolls smoothly), pages fetched on demand through getRows, invalid cells marked with their
 * message, keyboard navigation and inline edit that re-validates the row through updateCell.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { GridRow, RowFilter, SheetCounts, SheetView } from '../../src/shared/bridge.ts';
import type { Attempt } from './app.tsx';
import { GridRowView, type CellEditor } from './grid-row.tsx';
import { RowCache } from './row-cache.ts';
import { bridge } from './transport.ts';

const PAGE = 200;
/** 25 pages of 200 rows stay loaded (the screen needs one or two; the rest is for scrolling back). */
const CACHED_PAGES = 25;
const ROW_HEIGHT = 30;
const COL_WIDTH = 170;
const LEAD_WIDTH = 150;

export interface Selection {
  pos: number;
  col: number;
}

interface Props {
  sheet: SheetView;
  filter: RowFilter;
  attempt: Attempt;
  onCounts: (c: SheetCounts) => void;
  onSelect: (row: GridRow | undefined, col: number, pos: number) => void;
  /** Bumped by the parent to re-fetch (after a re-validation elsewhere). */
  reloadKey: number;
  /** Set by the side panel to jump to a cell. */
  jump?: Selection | undefined;
}

/** The engine says which columns are secret (their cells arrive masked); edits start blank there. */
export function isSecretColumn(sheet: SheetView, col: number): boolean {
  return sheet.columns[col]?.secret === true;
}

export function Grid({
  sheet,
  filter,
  attempt,
  onCounts,
  onSelect,
  reloadKey,
  jump,
}: Props): React.JSX.Element {
  const scroller = useRef<HTMLDivElement>(null);
  const cache = useRef(new RowCache(PAGE, CACHED_PAGES));
  const loading = useRef(new Set<number>());
  const [total, setTotal] = useState(0);
  const [, setVersion] = useState(0);
  // Bumped whenever the cache is dropped: answers to older requests are ignored, and the pages on
  // screen (not only the first) are fetched again.
  const [generation, setGeneration] = useState(0);
  const generationRef = useRef(0);
  const [sel, setSel] = useState<Selection>({ pos: 0, col: 0 });
  // Read by loadPage (a stable callback) so the selected row's page is never evicted.
  const selPos = useRef(0);
  selPos.current = sel.pos;
  const [editing, setEditing] = useState<string | null>(null);

  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 4,
    // Render after the scroll event instead of inside it: the scroll handler stays short and
    // React's work runs as a task of its own (flushSync made one long task of both).
    useFlushSync: false,
  });

  const loadPage = useCallback(
    async (page: number): Promise<void> => {
      if (loading.current.has(page)) return;
      loading.current.add(page);
      const gen = generationRef.current;
      const r = await attempt(() =>
        bridge.getRows({ sheet: sheet.name, start: page * PAGE, count: PAGE, filter }),
      );
      if (gen !== generationRef.current) return;
      loading.current.delete(page);
      if (!r) return;
      cache.current.putPage(r.start, r.rows, selPos.current);
      setTotal(r.total);
      setVersion((v) => v + 1);
    },
    [sheet.name, filter, attempt],
  );

  /** Drops every fetched row; the effect below fetches the pages on screen again. */
  const dropCache = useCallback((): void => {
    cache.current.clear();
    loading.current.clear();
    generationRef.current++;
    setGeneration(generationRef.current);
  }, []);

  // A new sheet, filter or re-validation: drop the cache; the first page also tells the new total.
  useEffect(() => {
    dropCache();
    void loadPage(0);
  }, [loadPage, reloadKey, dropCache]);

  // Columns are virtualized too: a PBX sheet has 50+ columns, and only a handful are on screen.
  const columns = useVirtualizer({
    horizontal: true,
    count: sheet.columns.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => COL_WIDTH,
    overscan: 1,
  });
  const cols = columns.getVirtualItems();
  const padLeft = cols[0]?.start ?? 0;

  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;
  useEffect(() => {
    for (let p = Math.floor(first / PAGE); p <= Math.floor(last / PAGE); p++) {
      if (!cache.current.hasPage(p)) void loadPage(p);
    }
  }, [first, last, loadPage, generation]);

  const selectedRow = cache.current.get(sel.pos);
  useEffect(() => onSelect(selectedRow, sel.col, sel.pos), [selectedRow, sel.col, sel.pos, onSelect]);

  const move = useCallback(
    (pos: number, col: number) => {
      const p = Math.max(0, Math.min(total - 1, pos));
      const c = Math.max(0, Math.min(sheet.columns.length - 1, col));
      setSel({ pos: p, col: c });
      virtualizer.scrollToIndex(p, { align: 'auto' });
      const el = scroller.current;
      if (el) {
        const left = LEAD_WIDTH + c * COL_WIDTH;
        if (left < el.scrollLeft + LEAD_WIDTH) el.scrollLeft = left - LEAD_WIDTH;
        else if (left + COL_WIDTH > el.scrollLeft + el.clientWidth)
          el.scrollLeft = left + COL_WIDTH - el.clientWidth;
      }
    },
    [total, sheet.columns.length, virtualizer],
  );

  useEffect(() => {
    if (jump) move(jump.pos, jump.col);
  }, [jump, move]);

  const commit = async (text: string): Promise<void> => {
    const row = cache.current.get(sel.pos);
    setEditing(null);
    scroller.current?.focus();
    // A secret cell's editor starts blank (its value never reaches this window): blank keeps it.
    if (!row || text === row.cells[sel.col] || (isSecretColumn(sheet, sel.col) && text === '')) return;
    const r = await attempt(
      () => bridge.updateCell({ sheet: sheet.name, index: row.index, col: sel.col, text }),
      'review',
    );
    if (!r) return;
    onCounts(r.counts);
    if (filter === 'errors') {
      // A fixed row leaves the filtered list: fetch the visible pages again.
      dropCache();
    } else {
      cache.current.set(sel.pos, r.row);
      setVersion((v) => v + 1);
    }
  };

  const onKey = (e: React.KeyboardEvent): void => {
    if (editing !== null) return;
    const pageRows = Math.max(1, Math.floor((scroller.current?.clientHeight ?? 300) / ROW_HEIGHT) - 2);
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(sel.pos + 1, sel.col),
      ArrowUp: () => move(sel.pos - 1, sel.col),
      ArrowRight: () => move(sel.pos, sel.col + 1),
      ArrowLeft: () => move(sel.pos, sel.col - 1),
      PageDown: () => move(sel.pos + pageRows, sel.col),
      PageUp: () => move(sel.pos - pageRows, sel.col),
      Home: () => move(e.ctrlKey ? 0 : sel.pos, 0),
      End: () => move(e.ctrlKey ? total - 1 : sel.pos, sheet.columns.length - 1),
      Enter: () => startEdit(),
      F2: () => startEdit(),
    };
    const action = keys[e.key];
    if (action) {
      e.preventDefault();
      action();
    }
  };

  const startEdit = (): void => {
    const row = cache.current.get(sel.pos);
    if (row) setEditing(isSecretColumn(sheet, sel.col) ? '' : (row.cells[sel.col] ?? ''));
  };

  const secret = useMemo(() => sheet.columns.map((_, i) => isSecretColumn(sheet, i)), [sheet]);
  // The rows get one stable editor object; it calls the latest commit through a ref.
  const commitRef = useRef(commit);
  commitRef.current = commit;
  const editor = useMemo<CellEditor>(
    () => ({
      change: setEditing,
      commit: (text) => void commitRef.current(text),
      cancel: () => {
        setEditing(null);
        scroller.current?.focus();
      },
      close: () => setEditing(null),
    }),
    [],
  );
  // One click handler for every cell (event delegation): which cell is read from the DOM.
  const cellAt = (target: EventTarget): Selection | undefined => {
    const cell = (target as HTMLElement).closest<HTMLElement>('[data-col]');
    const rowEl = cell?.closest<HTMLElement>('[data-pos]');
    if (!cell || !rowEl) return undefined;
    return { pos: Number(rowEl.dataset.pos), col: Number(cell.dataset.col) };
  };
  const onClick = (e: React.MouseEvent): void => {
    const at = cellAt(e.target);
    if (at && !(e.target instanceof HTMLInputElement)) setSel(at);
  };
  const onDoubleClick = (e: React.MouseEvent): void => {
    const at = cellAt(e.target);
    if (!at || e.target instanceof HTMLInputElement) return;
    setSel(at);
    setEditing(secret[at.col] ? '' : (cache.current.get(at.pos)?.cells[at.col] ?? ''));
  };

  const width = LEAD_WIDTH + sheet.columns.length * COL_WIDTH;
  const from = cols[0]?.index ?? 0;
  const to = cols[cols.length - 1]?.index ?? -1;
  return (
    <div
      ref={scroller}
      className="grid-scroller"
      role="grid"
      aria-label={`Rows of ${sheet.name}`}
      aria-rowcount={total + 1}
      aria-colcount={sheet.columns.length + 1}
      tabIndex={0}
      onKeyDown={onKey}
    >
      <div className="grid-header" role="row" style={{ width }}>
        <div className="grid-lead" role="columnheader">
          Row · status
        </div>
        <div style={{ flex: `0 0 ${padLeft}px` }} />
        {cols.map((vc) => {
          const c = sheet.columns[vc.index];
          if (!c) return null;
          return (
            <div
              key={c.index}
              className="grid-cell head"
              role="columnheader"
              aria-colindex={c.index + 2}
              title={c.field ? `→ ${c.field}` : 'not mapped'}
            >
              {c.header}
            </div>
          );
        })}
      </div>
      <div
        style={{ height: virtualizer.getTotalSize(), width, position: 'relative' }}
        onClick={onClick}
        onDoubleClick={onDoubleClick}
      >
        {items.map((v) => {
          const selected = sel.pos === v.index;
          return (
            <GridRowView
              // Keyed by slot, not by row: a row scrolled out hands its DOM to the one scrolled
              // in, which is updated in place instead of removed and created again.
              key={v.index % items.length}
              row={cache.current.get(v.index)}
              pos={v.index}
              top={v.start}
              width={width}
              columns={sheet.columns}
              secret={secret}
              from={from}
              to={to}
              padLeft={padLeft}
              selCol={selected ? sel.col : -1}
              editing={selected ? editing : null}
              editor={editor}
            />
          );
        })}
      </div>
    </div>
  );
}
