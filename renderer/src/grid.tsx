/**
 * The review grid: virtualized rows (only what is on screen is in the DOM, so a 100k-row sheet
 * scrolls smoothly), pages fetched on demand through getRows, invalid cells marked with their
 * message, keyboard navigation and inline edit that re-validates the row through updateCell.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { GridRow, RowFilter, SheetCounts, SheetView } from '../../src/shared/bridge.ts';
import type { Attempt } from './app.tsx';
import { bridge } from './transport.ts';

const PAGE = 200;
const ROW_HEIGHT = 30;
const COL_WIDTH = 170;
const LEAD_WIDTH = 150;
const SECRET = /pass(word)?|secret|api.?key|token|kennwort/i;

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

export function isSecretColumn(sheet: SheetView, col: number): boolean {
  const c = sheet.columns[col];
  return c !== undefined && (SECRET.test(c.header) || SECRET.test(c.field ?? ''));
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
  const cache = useRef(new Map<number, GridRow>());
  const loading = useRef(new Set<number>());
  const [total, setTotal] = useState(0);
  const [, setVersion] = useState(0);
  const [sel, setSel] = useState<Selection>({ pos: 0, col: 0 });
  const [editing, setEditing] = useState<string | null>(null);

  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });

  const loadPage = useCallback(
    async (page: number): Promise<void> => {
      if (loading.current.has(page)) return;
      loading.current.add(page);
      const r = await attempt(() =>
        bridge.getRows({ sheet: sheet.name, start: page * PAGE, count: PAGE, filter }),
      );
      loading.current.delete(page);
      if (!r) return;
      r.rows.forEach((row, i) => cache.current.set(r.start + i, row));
      setTotal(r.total);
      setVersion((v) => v + 1);
    },
    [sheet.name, filter, attempt],
  );

  // A new sheet, filter or re-validation: drop the cache and fetch the first page again.
  useEffect(() => {
    cache.current.clear();
    loading.current.clear();
    void loadPage(0);
  }, [loadPage, reloadKey]);

  // Columns are virtualized too: a PBX sheet has 50+ columns, and only a handful are on screen.
  const columns = useVirtualizer({
    horizontal: true,
    count: sheet.columns.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => COL_WIDTH,
    overscan: 2,
  });
  const cols = columns.getVirtualItems();
  const padLeft = cols[0]?.start ?? 0;

  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;
  useEffect(() => {
    for (let p = Math.floor(first / PAGE); p <= Math.floor(last / PAGE); p++) {
      if (!cache.current.has(p * PAGE)) void loadPage(p);
    }
  }, [first, last, loadPage]);

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
    if (!row || text === row.cells[sel.col]) return;
    const r = await attempt(() =>
      bridge.updateCell({ sheet: sheet.name, index: row.index, col: sel.col, text }),
    );
    if (!r) return;
    onCounts(r.counts);
    if (filter === 'errors') {
      // A fixed row leaves the filtered list: fetch the visible pages again.
      cache.current.clear();
      void loadPage(Math.floor(sel.pos / PAGE));
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

  const width = LEAD_WIDTH + sheet.columns.length * COL_WIDTH;
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
      <div style={{ height: virtualizer.getTotalSize(), width, position: 'relative' }}>
        {items.map((v) => {
          const row = cache.current.get(v.index);
          return (
            <div
              key={v.key}
              role="row"
              aria-rowindex={v.index + 2}
              className={`grid-row status-${row?.status ?? 'loading'}`}
              style={{ transform: `translateY(${v.start}px)`, width }}
            >
              <div className="grid-lead" role="rowheader">
                {row ? (
                  <>
                    <span className="row-no">{row.row}</span>{' '}
                    <span className={`pill ${row.status}`}>{row.status}</span>
                  </>
                ) : (
                  '…'
                )}
              </div>
              <div style={{ flex: `0 0 ${padLeft}px` }} />
              {cols.map((vc) => {
                const c = sheet.columns[vc.index];
                if (!c) return null;
                const msgs =
                  row && row.messages.length > 0 ? row.messages.filter((m) => m.col === c.index) : [];
                const level = msgs.some((m) => m.level === 'error') ? 'error' : msgs.length ? 'warning' : '';
                const selected = sel.pos === v.index && sel.col === c.index;
                const text = row?.cells[c.index] ?? '';
                return (
                  <div
                    key={c.index}
                    role="gridcell"
                    aria-colindex={c.index + 2}
                    aria-selected={selected}
                    aria-invalid={level === 'error' || undefined}
                    data-row={row?.row}
                    data-col={c.index}
                    className={`grid-cell ${level ? `cell-${level}` : ''} ${selected ? 'selected' : ''}`}
                    title={msgs.map((m) => m.message).join('\n') || undefined}
                    onClick={() => setSel({ pos: v.index, col: c.index })}
                    onDoubleClick={() => {
                      setSel({ pos: v.index, col: c.index });
                      setEditing(isSecretColumn(sheet, c.index) ? '' : text);
                    }}
                  >
                    {selected && editing !== null ? (
                      <input
                        autoFocus
                        aria-label={`Edit ${c.header}, row ${row?.row ?? ''}`}
                        type={isSecretColumn(sheet, c.index) ? 'password' : 'text'}
                        value={editing}
                        onChange={(e) => setEditing(e.target.value)}
                        onBlur={() => setEditing(null)}
                        onKeyDown={(e) => {
                          if (e.key === 'Enter') {
                            e.preventDefault();
                            void commit(editing);
                          } else if (e.key === 'Escape') {
                            e.preventDefault();
                            setEditing(null);
                            scroller.current?.focus();
                          }
                        }}
                      />
                    ) : isSecretColumn(sheet, c.index) && text ? (
                      '••••••••'
                    ) : (
                      text
                    )}
                  </div>
                );
              })}
            </div>
          );
        })}
      </div>
    </div>
  );
}
