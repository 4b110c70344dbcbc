/**
 * The grid's header row: each column's name (the user's header; the field it maps to on hover),
 * its error and warning counts, a sort button (ascending, descending, off) and a resize handle
 * that works with the mouse and with the arrow keys.
 */
import { useRef } from 'react';
import type { ColumnView, RowQuery, SheetCounts } from '../../../src/shared/bridge.ts';
import { clampWidth, LEAD_WIDTH, WIDTH_STEP } from './layout.ts';

interface Props {
  columns: readonly ColumnView[];
  /** Column indexes to draw, in display order: the frozen one (if any) first. */
  shown: readonly number[];
  frozen: number | undefined;
  widths: readonly number[];
  width: number;
  padLeft: number;
  sort: RowQuery['sort'];
  onSort: (col: number) => void;
  onResize: (col: number, width: number) => void;
  byColumn: SheetCounts['byColumn'];
}

function ariaSort(sort: RowQuery['sort'], col: number): 'ascending' | 'descending' | 'none' {
  if (sort?.col !== col) return 'none';
  return sort.desc ? 'descending' : 'ascending';
}

const arrow = (s: string): string => (s === 'ascending' ? ' ▲' : s === 'descending' ? ' ▼' : '');

export function GridHeader(props: Props): React.JSX.Element {
  const { columns, shown, frozen, widths, width, padLeft, sort, onSort, onResize, byColumn } = props;
  const statusSort = ariaSort(sort, -1);
  return (
    <div className="grid-header" role="row" aria-rowindex={1} style={{ width }}>
      <div className="grid-lead" role="columnheader" aria-sort={statusSort}>
        <button
          type="button"
          className="sort"
          onClick={() => onSort(-1)}
          title="Sort by status: errors first"
        >
          Row · status{arrow(statusSort)}
        </button>
      </div>
      {shown.map((index, i) => {
        const c = columns[index];
        if (!c) return null;
        const s = ariaSort(sort, index);
        const counts = byColumn?.[index];
        const sticky = index === frozen;
        return [
          i === (frozen === undefined ? 0 : 1) ? (
            <div key="pad" style={{ flex: `0 0 ${padLeft}px` }} />
          ) : null,
          <div
            key={index}
            className={`grid-cell head${sticky ? ' frozen' : ''}`}
            role="columnheader"
            aria-colindex={index + 2}
            aria-sort={s}
            style={{ flexBasis: widths[index], ...(sticky && { left: LEAD_WIDTH }) }}
            title={
              c.field
                ? `${c.header} → ${c.label ?? c.field} (${c.field})`
                : `${c.header}: not mapped, not sent`
            }
          >
            <button type="button" className="sort" onClick={() => onSort(index)}>
              {c.header || <em>(no header)</em>}
              {arrow(s)}
            </button>
            {counts && counts.errors > 0 && (
              <span className="badge bad" aria-label={`${counts.errors} cells with errors`}>
                {counts.errors}
              </span>
            )}
            {counts && counts.warnings > 0 && (
              <span className="badge warn" aria-label={`${counts.warnings} cells with warnings`}>
                {counts.warnings}
              </span>
            )}
            <Resizer header={c.header} width={widths[index] ?? 0} resize={(w) => onResize(index, w)} />
          </div>,
        ];
      })}
    </div>
  );
}

function Resizer(props: { header: string; width: number; resize: (w: number) => void }): React.JSX.Element {
  const start = useRef<{ x: number; width: number } | null>(null);
  return (
    <div
      className="resizer"
      role="separator"
      aria-orientation="vertical"
      aria-label={`Width of column ${props.header}`}
      aria-valuenow={props.width}
      tabIndex={0}
      onPointerDown={(e) => {
        e.preventDefault();
        e.stopPropagation();
        (e.target as HTMLElement).setPointerCapture(e.pointerId);
        start.current = { x: e.clientX, width: props.width };
      }}
      onPointerMove={(e) => {
        if (start.current) props.resize(clampWidth(start.current.width + e.clientX - start.current.x));
      }}
      onPointerUp={() => {
        start.current = null;
      }}
      onKeyDown={(e) => {
        const step = e.key === 'ArrowRight' ? WIDTH_STEP : e.key === 'ArrowLeft' ? -WIDTH_STEP : 0;
        if (step === 0) return;
        e.preventDefault();
        e.stopPropagation();
        props.resize(clampWidth(props.width + step));
      }}
    />
  );
}
