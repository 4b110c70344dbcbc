/** Review: counts, the virtualized grid with invalid cells marked, an errors-only filter and a message panel. */
import { useCallback, useState } from 'react';
import type { GridRow, OpenResult, RowFilter, SheetCounts } from '../../../src/shared/bridge.ts';
import type { Attempt } from '../app.tsx';
import { Grid, type Selection } from '../grid.tsx';
import { bridge } from '../transport.ts';
import { SheetTabs } from './map-screen.tsx';
import { InlineError } from '../errors.tsx';

interface Props {
  workbook: OpenResult;
  attempt: Attempt;
  opened: (w: OpenResult) => void;
  next: () => void;
}

export function ReviewScreen({ workbook, attempt, opened, next }: Props): React.JSX.Element {
  const [sheetName, setSheetName] = useState(workbook.sheets[0]?.name ?? '');
  const sheet = workbook.sheets.find((s) => s.name === sheetName) ?? workbook.sheets[0];
  const [filter, setFilter] = useState<RowFilter>('all');
  const [counts, setCounts] = useState<Record<string, SheetCounts>>({});
  const [selected, setSelected] = useState<{ row: GridRow | undefined; col: number; pos: number }>({
    row: undefined,
    col: 0,
    pos: 0,
  });
  const [reloadKey, setReloadKey] = useState(0);
  const [jump, setJump] = useState<Selection | undefined>();
  const onSelect = useCallback(
    (row: GridRow | undefined, col: number, pos: number) => setSelected({ row, col, pos }),
    [],
  );
  const onCounts = useCallback(
    (c: SheetCounts) => {
      setCounts((all) => ({ ...all, [sheetName]: c }));
      // Keep the shell's view in step, so Plan warns only about the rows still invalid now.
      opened({
        ...workbook,
        sheets: workbook.sheets.map((s) => (s.name === sheetName ? { ...s, counts: c } : s)),
      });
    },
    [sheetName, workbook, opened],
  );

  if (!sheet) return <p>The workbook has no sheets.</p>;
  const c = counts[sheet.name] ?? sheet.counts;

  const revalidate = async (): Promise<void> => {
    const w = await attempt(() => bridge.validate({}), 'review');
    if (!w) return;
    opened(w);
    setCounts({});
    setReloadKey((k) => k + 1);
  };

  const row = selected.row;
  return (
    <section className="review" aria-labelledby="review-title">
      <div className="review-head">
        <h2 id="review-title">Review</h2>
        <SheetTabs names={workbook.sheets.map((s) => s.name)} current={sheet.name} select={setSheetName} />
        <ul className="counts" aria-label="Row counts">
          <li>
            <strong>{c.rows}</strong> rows
          </li>
          <li className="ok">
            <strong>{c.valid}</strong> valid
          </li>
          <li className={c.invalid ? 'bad' : ''}>
            <strong data-testid="invalid-count">{c.invalid}</strong> with errors
          </li>
          <li className={c.warnings ? 'warn' : ''}>
            <strong>{c.warnings}</strong> with warnings
          </li>
        </ul>
        <label className="toggle">
          <input
            type="checkbox"
            checked={filter === 'errors'}
            onChange={(e) => setFilter(e.target.checked ? 'errors' : 'all')}
          />
          Only rows with errors
        </label>
        <button type="button" onClick={() => void revalidate()}>
          Re-validate
        </button>
        <button type="button" className="primary" onClick={next}>
          Next: plan
        </button>
      </div>
      <p className="hint">
        Arrow keys move, Enter or double-click edits a cell, Enter saves and re-validates, Escape cancels.
        Cells with errors are red, warnings amber; hover a cell or read the panel for the message.
      </p>
      <div className="review-body">
        <Grid
          key={sheet.name}
          sheet={sheet}
          filter={filter}
          attempt={attempt}
          onCounts={onCounts}
          onSelect={onSelect}
          reloadKey={reloadKey}
          jump={jump}
        />
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
                        onClick={() => setJump({ pos: selected.pos, col: m.col ?? 0 })}
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
        </aside>
      </div>
    </section>
  );
}
