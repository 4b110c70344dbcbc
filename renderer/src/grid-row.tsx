/**
 * One row of the review grid, memoized: scrolling re-renders only the rows that came into view or
 * whose data arrived, not the 30-40 rows already on screen (with React re-rendering every row on
 * each scroll event, a jump cost ~20 ms of script before layout, and more on a busy machine).
 * Clicks are handled once on the grid (event delegation), so a row holds no per-cell closures.
 */
import { memo, useMemo } from 'react';
import type { CellMessage, ColumnView, GridRow } from '../../src/shared/bridge.ts';

/** How a cell is marked: its worst level and the messages shown as its tooltip. */
export interface CellMark {
  level: 'error' | 'warning';
  title: string;
}

/** Groups a row's messages by column once per fetched row (not once per cell per render). */
export function cellMarks(messages: readonly CellMessage[]): Map<number, CellMark> {
  const marks = new Map<number, CellMark>();
  for (const m of messages) {
    if (m.col === null) continue;
    const prev = marks.get(m.col);
    marks.set(m.col, {
      level: prev?.level === 'error' || m.level === 'error' ? 'error' : 'warning',
      title: prev ? `${prev.title}\n${m.message}` : m.message,
    });
  }
  return marks;
}

/** What the editor in the selected cell needs; one stable object for the whole grid. */
export interface CellEditor {
  change: (text: string) => void;
  commit: (text: string) => void;
  /** Escape: drop the edit and give the keyboard back to the grid. */
  cancel: () => void;
  /** Focus left the editor: drop the edit, leave focus where the user put it. */
  close: () => void;
}

interface RowProps {
  row: GridRow | undefined;
  /** Position in the (possibly filtered) list, what selection and clicks address. */
  pos: number;
  top: number;
  width: number;
  columns: readonly ColumnView[];
  secret: readonly boolean[];
  /** The virtualized column window [from, to] and the space left of it. */
  from: number;
  to: number;
  padLeft: number;
  /** The selected column when this row holds the selection, else -1. */
  selCol: number;
  /** The editor's text when the selected cell of this row is being edited, else null. */
  editing: string | null;
  editor: CellEditor;
}

export const GridRowView = memo(function GridRowView({
  row,
  pos,
  top,
  width,
  columns,
  secret,
  from,
  to,
  padLeft,
  selCol,
  editing,
  editor,
}: RowProps): React.JSX.Element {
  const marks = useMemo(() => cellMarks(row?.messages ?? []), [row]);
  const cells = [];
  for (let i = from; i <= to; i++) {
    const c = columns[i];
    if (!c) continue;
    const mark = marks.get(c.index);
    const selected = selCol === c.index;
    const text = row?.cells[c.index] ?? '';
    const masked = secret[c.index] === true;
    cells.push(
      <div
        key={c.index}
        role="gridcell"
        aria-colindex={c.index + 2}
        aria-selected={selected}
        aria-invalid={mark?.level === 'error' || undefined}
        data-col={c.index}
        className={`grid-cell${mark ? ` cell-${mark.level}` : ''}${selected ? ' selected' : ''}`}
        title={mark?.title}
      >
        {selected && editing !== null ? (
          <input
            autoFocus
            aria-label={`Edit ${c.header}, row ${row?.row ?? ''}`}
            type={masked ? 'password' : 'text'}
            placeholder={masked ? 'New value (empty keeps the old one)' : undefined}
            value={editing}
            onChange={(e) => editor.change(e.target.value)}
            onBlur={editor.close}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                editor.commit(editing);
              } else if (e.key === 'Escape') {
                e.preventDefault();
                editor.cancel();
              }
            }}
          />
        ) : masked && text ? (
          '••••••••'
        ) : (
          text
        )}
      </div>,
    );
  }
  return (
    <div
      role="row"
      aria-rowindex={pos + 2}
      data-pos={pos}
      className={`grid-row status-${row?.status ?? 'loading'}`}
      style={{ transform: `translateY(${top}px)`, width }}
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
      {cells}
    </div>
  );
});
