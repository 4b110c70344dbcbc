/**
 * The Review grid's tools: find (narrows the rows) and replace, which rows to show (all, with
 * errors, with warnings, a column containing some text), undo and redo, and the one-click fix of a
 * fixed-value column whose cells differ from a value only in case or spacing.
 */
import { useEffect, useState } from 'react';
import type { HistoryState, RowFilter, RowQuery, SheetView } from '../../../src/shared/bridge.ts';

interface Props {
  sheet: SheetView;
  query: RowQuery;
  setQuery: (q: RowQuery) => void;
  history: HistoryState;
  undo: (redo: boolean) => void;
  replace: (find: string, replace: string, col: number | undefined) => void;
  /** The selected column, for "replace in this column" and the fix button. */
  col: number;
  fix: (col: number) => void;
  findRef: React.RefObject<HTMLInputElement | null>;
}

const ALL = -1;

export function ReviewToolbar(p: Props): React.JSX.Element {
  const { sheet, query, setQuery, history } = p;
  const [find, setFind] = useState(query.search ?? '');
  const [replaceWith, setReplaceWith] = useState('');
  const [scope, setScope] = useState(ALL);
  const [colText, setColText] = useState(query.columnFilter?.text ?? '');
  const [filterCol, setFilterCol] = useState(query.columnFilter?.col ?? 0);

  // Typing narrows the rows after a pause, not on every key (a 100k-row sheet is searched each time).
  useEffect(() => {
    const t = setTimeout(() => {
      const search = find.trim() === '' ? undefined : find;
      const columnFilter = colText.trim() === '' ? undefined : { col: filterCol, text: colText };
      if (search === query.search && JSON.stringify(columnFilter) === JSON.stringify(query.columnFilter))
        return;
      setQuery({ ...query, search, columnFilter });
    }, 250);
    return () => clearTimeout(t);
  }, [find, colText, filterCol, query, setQuery]);

  const visible = sheet.columns.filter((c) => !c.secret);
  // The selected column if it has fixed values and errors, else the first such column.
  const hasFix = (col: number): boolean =>
    sheet.columns[col]?.options !== undefined && (sheet.counts.byColumn?.[col]?.errors ?? 0) > 0;
  const fixCol = hasFix(p.col) ? p.col : sheet.columns.findIndex((c) => hasFix(c.index));
  const selected = sheet.columns[fixCol];
  const fixable = fixCol >= 0;
  return (
    <div className="review-tools" role="toolbar" aria-label="Grid tools">
      <form
        className="tool-group"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          if (find !== '') p.replace(find, replaceWith, scope === ALL ? undefined : scope);
        }}
      >
        <label>
          Find <input ref={p.findRef} type="search" value={find} onChange={(e) => setFind(e.target.value)} />
        </label>
        <label>
          Replace with <input value={replaceWith} onChange={(e) => setReplaceWith(e.target.value)} />
        </label>
        <label>
          in{' '}
          <select value={scope} onChange={(e) => setScope(Number(e.target.value))}>
            <option value={ALL}>all columns</option>
            {visible.map((c) => (
              <option key={c.index} value={c.index}>
                {c.header}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={find === ''}>
          Replace all
        </button>
      </form>
      <div className="tool-group">
        <label>
          Show{' '}
          <select
            value={query.filter ?? 'all'}
            onChange={(e) => setQuery({ ...query, filter: e.target.value as RowFilter })}
          >
            <option value="all">all rows</option>
            <option value="errors">rows with errors</option>
            <option value="warnings">rows with warnings</option>
          </select>
        </label>
        <label>
          where{' '}
          <select
            aria-label="Column to filter"
            value={filterCol}
            onChange={(e) => setFilterCol(Number(e.target.value))}
          >
            {visible.map((c) => (
              <option key={c.index} value={c.index}>
                {c.header}
              </option>
            ))}
          </select>
        </label>
        <label>
          contains <input type="search" value={colText} onChange={(e) => setColText(e.target.value)} />
        </label>
      </div>
      <div className="tool-group">
        <button type="button" disabled={!history.undo} onClick={() => p.undo(false)} title="Ctrl+Z">
          {history.undo ? `Undo ${history.undo}` : 'Undo'}
        </button>
        <button type="button" disabled={!history.redo} onClick={() => p.undo(true)} title="Ctrl+Y">
          {history.redo ? `Redo ${history.redo}` : 'Redo'}
        </button>
        {fixable && selected && (
          <button type="button" onClick={() => p.fix(fixCol)}>
            Fix case and spacing in {selected.header}
          </button>
        )}
      </div>
    </div>
  );
}
