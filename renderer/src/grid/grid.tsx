/**
 * The review grid: virtualized rows and columns (only what is on screen is in the DOM, so a
 * 100k-row sheet scrolls smoothly), pages fetched on demand through getRows in the order and
 * filter the screen asks for, invalid cells marked with their message, the PBX-naming column
 * frozen, widths the user sets, keyboard navigation, inline edit (a dropdown for fixed values),
 * a range selected with shift, paste from Excel, copy, and fill down (grid-actions.ts).
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { EditResult, GridRow, RowQuery, SheetCounts, SheetView } from '../../../src/shared/bridge.ts';
import type { Attempt } from '../app.tsx';
import { bridge } from '../transport.ts';
import { useGridActions } from './grid-actions.ts';
import { GridHeader } from './grid-header.tsx';
import { GridRowView, type CellEditor } from './grid-row.tsx';
import { DEFAULT_WIDTH, displayOrder, frozenColumn, LEAD_WIDTH, ROW_HEIGHT } from './layout.ts';
import { RowCache } from './row-cache.ts';

const PAGE = 200;
/** 25 pages of 200 rows stay loaded (the screen needs one or two; the rest is for scrolling back). */
const CACHED_PAGES = 25;

export interface Selection {
  pos: number;
  col: number;
}

interface Props {
  sheet: SheetView;
  query: RowQuery;
  attempt: Attempt;
  /** A cell edit in the grid: new counts, and for multi-cell steps the history (a reload follows). */
  onEdited: (counts: SheetCounts, result?: EditResult) => void;
  onSelect: (row: GridRow | undefined, col: number, pos: number) => void;
  onSort: (col: number) => void;
  onUndo: (redo: boolean) => void;
  /** Ctrl+F: the find box takes the keyboard. */
  onFind: () => void;
  onTotal: (total: number) => void;
  /** Bumped by the parent to re-fetch (after a re-validation or an edit elsewhere). */
  reloadKey: number;
  /** Set by the side panel to jump to a cell. */
  jump?: Selection | undefined;
  /** Shown over the empty grid when no row matches. */
  empty?: React.ReactNode;
}

/** The engine says which columns are secret (their cells arrive masked); edits start blank there. */
export function isSecretColumn(sheet: SheetView, col: number): boolean {
  return sheet.columns[col]?.secret === true;
}

export function Grid(props: Props): React.JSX.Element {
  const { sheet, query, attempt, onEdited, onSelect, reloadKey, jump } = props;
  const scroller = useRef<HTMLDivElement>(null);
  const cache = useRef(new RowCache(PAGE, CACHED_PAGES));
  const loading = useRef(new Set<number>());
  const [total, setTotal] = useState(0);
  const [loaded, setLoaded] = useState(false);
  const [, setVersion] = useState(0);
  // Bumped whenever the cache is dropped: answers to older requests are ignored, and the pages on
  // screen (not only the first) are fetched again.
  const [generation, setGeneration] = useState(0);
  const generationRef = useRef(0);
  const [sel, setSel] = useState<Selection>({ pos: 0, col: 0 });
  /** The other end of a shift-selected range of rows in the selected column. */
  const [anchor, setAnchor] = useState<number | null>(null);
  // Read by loadPage (a stable callback) so the selected row's page is never evicted.
  const selPos = useRef(0);
  selPos.current = sel.pos;
  const [editing, setEditing] = useState<string | null>(null);
  const [widths, setWidths] = useState<number[]>(() => sheet.columns.map(() => DEFAULT_WIDTH));
  const frozen = frozenColumn(sheet);
  const order = useMemo(() => displayOrder(sheet.columns.length, frozen), [sheet.columns.length, frozen]);
  const scrolled = frozen === undefined ? order : order.slice(1);
  const frozenWidth = frozen === undefined ? 0 : (widths[frozen] ?? DEFAULT_WIDTH);
  const queryKey = JSON.stringify(query);

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
      const q = JSON.parse(queryKey) as RowQuery;
      const r = await attempt(() =>
        bridge.getRows({ sheet: sheet.name, start: page * PAGE, count: PAGE, ...q }),
      );
      if (gen !== generationRef.current) return;
      loading.current.delete(page);
      if (!r) return;
      cache.current.putPage(r.start, r.rows, selPos.current);
      setTotal(r.total);
      setLoaded(true);
      setVersion((v) => v + 1);
    },
    [sheet.name, queryKey, attempt],
  );

  /** Drops every fetched row; the effect below fetches the pages on screen again. */
  const dropCache = useCallback((): void => {
    cache.current.clear();
    loading.current.clear();
    generationRef.current++;
    setGeneration(generationRef.current);
  }, []);

  // A new sheet, query or re-validation: drop the cache; the first page also tells the new total.
  useEffect(() => {
    dropCache();
    void loadPage(0);
  }, [loadPage, reloadKey, dropCache]);

  const { onTotal } = props;
  useEffect(() => {
    if (loaded) onTotal(total);
  }, [loaded, total, onTotal]);

  // Columns are virtualized too: a PBX sheet has 50+ columns, and only a handful are on screen.
  const columns = useVirtualizer({
    horizontal: true,
    count: scrolled.length,
    getScrollElement: () => scroller.current,
    estimateSize: (i) => widths[scrolled[i] ?? 0] ?? DEFAULT_WIDTH,
    paddingStart: LEAD_WIDTH + frozenWidth,
    overscan: 1,
  });
  useEffect(() => columns.measure(), [widths, columns]);
  const cols = columns.getVirtualItems();
  const padLeft = Math.max(0, (cols[0]?.start ?? 0) - LEAD_WIDTH - frozenWidth);
  const shown = useMemo(
    () => [...(frozen === undefined ? [] : [frozen]), ...cols.map((c) => scrolled[c.index] ?? 0)],
    // The window's bounds say when it changed (cols is a new array on every render).
    [frozen, scrolled, cols[0]?.index, cols[cols.length - 1]?.index],
  );

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

  const left = (col: number): number => {
    const at = order.indexOf(col);
    let x = LEAD_WIDTH;
    for (let i = 0; i < at; i++) x += widths[order[i] ?? 0] ?? DEFAULT_WIDTH;
    return x;
  };
  const move = useCallback(
    (pos: number, col: number, extend = false) => {
      const p = Math.max(0, Math.min(total - 1, pos));
      const c = Math.max(0, Math.min(sheet.columns.length - 1, col));
      setAnchor(extend ? (anchor ?? sel.pos) : null);
      setSel({ pos: p, col: c });
      virtualizer.scrollToIndex(p, { align: 'auto' });
      const el = scroller.current;
      // The frozen column is always in view: moving to it scrolls back to the start.
      if (el && c === frozen) el.scrollLeft = 0;
      else if (el) {
        const x = left(c);
        const w = widths[c] ?? DEFAULT_WIDTH;
        const fixed = LEAD_WIDTH + frozenWidth;
        if (x - fixed < el.scrollLeft) el.scrollLeft = x - fixed;
        else if (x + w > el.scrollLeft + el.clientWidth) el.scrollLeft = x + w - el.clientWidth;
      }
    },
    // left() reads order and widths, both listed.
    [total, sheet.columns.length, virtualizer, anchor, sel.pos, order, widths, frozen, frozenWidth],
  );

  useEffect(() => {
    if (jump) move(jump.pos, jump.col);
    // A jump moves once, when it is set.
  }, [jump]);

  const openEdit = useRef(false);
  const commit = async (text: string): Promise<void> => {
    if (!openEdit.current) return;
    openEdit.current = false;
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
    onEdited(r.counts);
    if (query.filter !== 'all' || query.sort || query.search || query.columnFilter) {
      // The row may leave the list or move in it: fetch the visible pages again.
      dropCache();
    } else {
      cache.current.set(sel.pos, r.row);
      setVersion((v) => v + 1);
    }
  };

  const startEdit = (at: Selection = sel): void => {
    const row = cache.current.get(at.pos);
    if (!row) return;
    openEdit.current = true;
    setEditing(isSecretColumn(sheet, at.col) ? '' : (row.cells[at.col] ?? ''));
  };

  const range = anchor === null ? null : { from: Math.min(anchor, sel.pos), to: Math.max(anchor, sel.pos) };
  const actions = useGridActions({
    sheet,
    attempt,
    cache: cache.current,
    sel,
    range,
    order,
    loadPage,
    pageSize: PAGE,
    total,
    onEdited,
  });

  const onKey = (e: React.KeyboardEvent): void => {
    // Keys typed in the editor, a header button or a resize handle are theirs.
    if (editing !== null || e.target !== scroller.current) return;
    const pageRows = Math.max(1, Math.floor((scroller.current?.clientHeight ?? 300) / ROW_HEIGHT) - 2);
    const at = order.indexOf(sel.col);
    const colAt = (i: number): number => order[Math.max(0, Math.min(order.length - 1, i))] ?? 0;
    const ctrl = e.ctrlKey || e.metaKey;
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(sel.pos + 1, sel.col, e.shiftKey),
      ArrowUp: () => move(sel.pos - 1, sel.col, e.shiftKey),
      ArrowRight: () => move(sel.pos, colAt(at + 1)),
      ArrowLeft: () => move(sel.pos, colAt(at - 1)),
      PageDown: () => move(sel.pos + pageRows, sel.col, e.shiftKey),
      PageUp: () => move(sel.pos - pageRows, sel.col, e.shiftKey),
      Home: () => move(ctrl ? 0 : sel.pos, colAt(0)),
      End: () => move(ctrl ? total - 1 : sel.pos, colAt(order.length - 1)),
      Enter: () => startEdit(),
      F2: () => startEdit(),
    };
    const withCtrl: Record<string, () => void> = {
      d: () => void actions.fillDown(),
      z: () => props.onUndo(e.shiftKey),
      y: () => props.onUndo(true),
      f: () => props.onFind(),
      c: () => void actions.copy(),
    };
    const action = ctrl ? withCtrl[e.key.toLowerCase()] : keys[e.key];
    if (action) {
      e.preventDefault();
      action();
    }
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
        openEdit.current = false;
        setEditing(null);
        scroller.current?.focus();
      },
      close: () => {
        openEdit.current = false;
        setEditing(null);
      },
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
  const editorTarget = (t: EventTarget): boolean =>
    t instanceof HTMLInputElement || t instanceof HTMLSelectElement;
  const onClick = (e: React.MouseEvent): void => {
    const at = cellAt(e.target);
    if (!at || editorTarget(e.target)) return;
    setAnchor(e.shiftKey && at.col === sel.col ? (anchor ?? sel.pos) : null);
    setSel(at);
  };
  const onDoubleClick = (e: React.MouseEvent): void => {
    const at = cellAt(e.target);
    if (!at || editorTarget(e.target)) return;
    setSel(at);
    startEdit(at);
  };
  const resize = useCallback((col: number, w: number) => {
    setWidths((all) => all.map((x, i) => (i === col ? w : x)));
  }, []);

  const width = LEAD_WIDTH + widths.reduce((a, b) => a + b, 0);
  return (
    <div
      ref={scroller}
      className="grid-scroller"
      role="grid"
      aria-label={`Rows of ${sheet.name}`}
      aria-rowcount={total + 1}
      aria-colcount={sheet.columns.length + 1}
      aria-multiselectable
      tabIndex={0}
      onKeyDown={onKey}
      onPaste={(e) => {
        if (editing !== null || e.target !== scroller.current) return;
        e.preventDefault();
        void actions.paste(e.clipboardData.getData('text/plain'));
      }}
    >
      <GridHeader
        columns={sheet.columns}
        shown={shown}
        frozen={frozen}
        widths={widths}
        width={width}
        padLeft={padLeft}
        sort={query.sort}
        onSort={props.onSort}
        onResize={resize}
        byColumn={sheet.counts.byColumn}
      />
      {loaded && total === 0 && props.empty && (
        // A row of the grid (a grid holds rows only), read out when it appears.
        <div className="grid-empty" role="row">
          <div role="gridcell" aria-live="polite">
            {props.empty}
          </div>
        </div>
      )}
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
              widths={widths}
              shown={shown}
              frozen={frozen}
              padLeft={padLeft}
              selCol={selected || (range && v.index >= range.from && v.index <= range.to) ? sel.col : -1}
              inRange={range !== null && v.index >= range.from && v.index <= range.to}
              editing={selected ? editing : null}
              editor={editor}
            />
          );
        })}
      </div>
    </div>
  );
}
