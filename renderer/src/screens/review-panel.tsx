/** The Review screen's side panel: the selected row's status and every message about it. */
import type { GridRow, SheetView } from '../../../src/shared/bridge.ts';
import type { Selection } from '../grid/grid.tsx';
import { InlineError } from '../errors.tsx';

interface Props {
  sheet: SheetView;
  selected: { row: GridRow | undefined; col: number; pos: number };
  jump: (s: Selection) => void;
}

export function ReviewPanel({ sheet, selected, jump }: Props): React.JSX.Element {
  const row = selected.row;
  return (
    <aside className="messages-panel" aria-label="Messages for the selected row" aria-live="polite">
      <InlineError at="review" />
      {row ? (
        <>
          <h3>
            Row {row.row} <span className={`pill ${row.status}`}>{row.status}</span>
          </h3>
          <p className="muted">Column: {sheet.columns[selected.col]?.header}</p>
          {row.messages.length === 0 && <p>No problems in this row.</p>}
          <ul>
            {row.messages.map((m, i) => (
              <li key={i} className={`msg ${m.level}`}>
                {m.col !== null ? (
                  <button
                    type="button"
                    className="link"
                    onClick={() => jump({ pos: selected.pos, col: m.col ?? 0 })}
                  >
                    {sheet.columns[m.col]?.header}
                  </button>
                ) : (
                  <span>row</span>
                )}
                : {m.message}
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p className="muted">Select a cell to see its row's messages.</p>
      )}
      <h3>Keys</h3>
      <ul className="keys muted">
        <li>Enter or F2: edit; Enter saves, Escape cancels</li>
        <li>Shift+arrows: select cells down a column</li>
        <li>Ctrl+V: paste a block from Excel</li>
        <li>Ctrl+D: fill down from the first selected cell</li>
        <li>Ctrl+C: copy the selected cells</li>
        <li>Ctrl+Z / Ctrl+Y: undo / redo</li>
        <li>Ctrl+F: find</li>
      </ul>
    </aside>
  );
}
