/**
 * One row of the review grid, memoized: scrolling re-renders only the rows that came into view or
 * whose data arrived, not the 30-40 rows already on screen (with React re-rendering every row on
 * each scroll event, a jump cost ~20 ms of script before layout, and more on a busy machine).
 * Clicks are handled once on the grid (event delegation), so a row holds no per-cell closures.
 */
import { memo, useMemo } from 'react';
import type { CellMessage, ColumnView, GridRow } from '../../../src/shared/bridge.ts';
import { CellInput, type CellEditor } from './cell-editor.tsx';
import { LEAD_WIDTH } from './layout.ts';

export type { CellEditor } from './cell-editor.tsx';

/** How a cell is marked: its worst level and the messages shown as its tooltip. */
export interface CellMark {
  level: 'error' | 'warning';
  title: string;
}

/** Groups a row's messages by column once per fetched row (not once per cell per render). */
export function cellMarks(messages: readonly CellMessage[]): Map<number, CellMark> {
  const marks = new Map<number, CellMark>();
  for (const m of messages) {
    if (m.col === null || m.level === 'info') continue;
    const prev = marks.get(m.col);
    marks.set(m.col, {
      level: prev?.level === 'error' || m.level === 'error' ? 'error' : 'warning',
      title: prev ? `${prev.title}\n${m.message}` : m.message,
    });
  }
  return marks;
}

interface RowProps {
  row: GridRow | undefined;
  /** Position in the (possibly filtered) list, what selection and clicks address. */
  pos: number;
  top: number;
  width: number;
  columns: readonly ColumnView[];
  secret: readonly boolean[];
  widths: readonly number[];
  /** Column indexes to draw, in display order (the frozen one first), and the space before the scrolled ones. */
  shown: readonly number[];
  frozen: number | undefined;
  padLeft: number;
  /** The selected column when this row holds the selection, else -1. */
  selCol: number;
  /** This row is inside the selected range (shift+arrows) of the selected column. */
  inRange: boolean;
  /** The editor's text when the selected cell of this row is being edited, else null. */
  editing: string | null;
  editor: CellEditor;
}

export const GridRowView = memo(function GridRowView(p: RowProps): React.JSX.Element {
  const { row, pos, columns, secret, widths, shown, frozen, selCol, editing, editor } = p;
  const marks = useMemo(() => cellMarks(row?.messages ?? []), [row]);
  const cells = [];
  for (let i = 0; i < shown.length; i++) {
    const index = shown[i] ?? 0;
    const c = columns[index];
    if (!c) continue;
    if (i === (frozen === undefined ? 0 : 1))
      cells.push(<div key="pad" style={{ flex: `0 0 ${p.padLeft}px` }} />);
    const mark = marks.get(index);
    const selected = selCol === index;
    const text = row?.cells[index] ?? '';
    const masked = secret[index] === true;
    const sticky = index === frozen;
    cells.push(
      <div
        key={index}
        role="gridcell"
        aria-colindex={index + 2}
        aria-selected={selected || (p.inRange && selCol === index)}
        aria-invalid={mark?.level === 'error' || undefined}
        data-col={index}
        className={`grid-cell${mark ? ` cell-${mark.level}` : ''}${selected ? ' selected' : ''}${sticky ? ' frozen' : ''}`}
        style={{ flexBasis: widths[index], ...(sticky && { left: LEAD_WIDTH }) }}
        title={mark?.title}
      >
        {selected && editing !== null ? (
          <CellInput column={c} row={row?.row} masked={masked} text={editing} editor={editor} />
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
      className={`grid-row status-${row?.status ?? 'loading'}${p.inRange ? ' in-range' : ''}`}
      style={{ transform: `translateY(${p.top}px)`, width: p.width }}
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
      {cells}
    </div>
  );
});
