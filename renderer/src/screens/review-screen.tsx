/**
 * Review: counts, the grid (grid/grid.tsx) with its tools (find and replace, which rows to show,
 * undo and redo, fix case), a message panel, and "Download corrected sheet" for the user's own
 * file with the fixes written in.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type {
  EditResult,
  GridRow,
  HistoryState,
  OpenResult,
  RowQuery,
  SheetCounts,
} from '../../../src/shared/bridge.ts';
import type { Attempt } from '../app.tsx';
import { Grid, type Selection } from '../grid/grid.tsx';
import { bridge } from '../transport.ts';
import { SheetTabs } from './map-screen.tsx';
import { ReviewPanel } from './review-panel.tsx';
import { ReviewToolbar } from './review-toolbar.tsx';

interface Props {
  workbook: OpenResult;
  attempt: Attempt;
  opened: (w: OpenResult) => void;
  next: () => void;
}

export function ReviewScreen({ workbook, attempt, opened, next }: Props): React.JSX.Element {
  const [sheetName, setSheetName] = useState(workbook.sheets[0]?.name ?? '');
  const sheet = workbook.sheets.find((s) => s.name === sheetName) ?? workbook.sheets[0];
  const [query, setQuery] = useState<RowQuery>({ filter: 'all' });
  const [toolsKey, setToolsKey] = useState(0);
  const [history, setHistory] = useState<HistoryState>({});
  const [total, setTotal] = useState<number | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [selected, setSelected] = useState<{ row: GridRow | undefined; col: number; pos: number }>({
    row: undefined,
    col: 0,
    pos: 0,
  });
  const [reloadKey, setReloadKey] = useState(0);
  const [jump, setJump] = useState<Selection | undefined>();
  const findRef = useRef<HTMLInputElement>(null);
  const onSelect = useCallback(
    (row: GridRow | undefined, col: number, pos: number) => setSelected({ row, col, pos }),
    [],
  );

  useEffect(() => {
    void attempt(() => bridge.getHistory({})).then((h) => h && setHistory(h));
  }, [attempt]);

  const onEdited = useCallback(
    (c: SheetCounts, r?: EditResult) => {
      const name = r?.sheet ?? sheetName;
      // Keep the shell's view in step, so Plan warns only about the rows still invalid now.
      opened({
        ...workbook,
        sheets: workbook.sheets.map((s) => (s.name === name ? { ...s, counts: c } : s)),
      });
      if (r) {
        setHistory(r.history);
        setReloadKey((k) => k + 1);
      } else void attempt(() => bridge.getHistory({})).then((h) => h && setHistory(h));
    },
    [sheetName, workbook, opened, attempt],
  );

  const step = async (work: () => Promise<EditResult>, said: (r: EditResult) => string): Promise<void> => {
    const r = await attempt(work, 'review');
    if (!r) return;
    if (r.sheet !== sheetName) setSheetName(r.sheet);
    onEdited(r.counts, r);
    setSaved(said(r));
  };
  const undo = (redo: boolean): void =>
    void step(
      () => (redo ? bridge.redoEdit({}) : bridge.undoEdit({})),
      (r) => `${redo ? 'Redone' : 'Undone'}: ${r.changed} cell(s).`,
    );

  if (!sheet) return <p>The workbook has no sheets.</p>;
  const c = sheet.counts;

  const revalidate = async (): Promise<void> => {
    const w = await attempt(() => bridge.validate({}), 'review');
    if (!w) return;
    opened(w);
    setReloadKey((k) => k + 1);
  };
  const download = async (): Promise<void> => {
    const e = await attempt(() => bridge.exportCorrected({}), 'review');
    if (!e) return;
    const s = await attempt(() => bridge.saveExport({ id: e.id }), 'review');
    if (s?.saved) setSaved(`Saved ${e.name} (${Math.ceil(e.size / 1024)} KB).`);
  };
  const clearFilters = (): void => {
    setQuery({ filter: 'all', ...(query.sort && { sort: query.sort }) });
    setToolsKey((k) => k + 1);
  };
  const onSort = (col: number): void => {
    const s = query.sort;
    const sort = s?.col !== col ? { col, desc: false } : !s.desc ? { col, desc: true } : undefined;
    setQuery({ ...query, sort });
  };

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
        <button type="button" onClick={() => void revalidate()}>
          Re-validate
        </button>
        <button type="button" onClick={() => void download()}>
          Download corrected sheet
        </button>
        <button type="button" className="primary" onClick={next}>
          Next: plan
        </button>
        <span className="muted" role="status">
          {saved}
        </span>
      </div>
      <ReviewToolbar
        key={`${sheet.name}:${toolsKey}`}
        sheet={sheet}
        query={query}
        setQuery={setQuery}
        history={history}
        undo={undo}
        replace={(find, replace, col) =>
          void step(
            () => bridge.replaceAll({ sheet: sheet.name, find, replace, ...(col !== undefined && { col }) }),
            (r) => `Replaced in ${r.changed} cell(s).`,
          )
        }
        col={selected.col}
        fix={(col) =>
          void step(
            () => bridge.fixColumn({ sheet: sheet.name, col }),
            (r) => `Fixed ${r.changed} cell(s) in ${sheet.columns[col]?.header ?? ''}.`,
          )
        }
        findRef={findRef}
      />
      <div className="review-body">
        <Grid
          key={sheet.name}
          sheet={sheet}
          query={query}
          attempt={attempt}
          onEdited={onEdited}
          onSelect={onSelect}
          onSort={onSort}
          onUndo={undo}
          onFind={() => findRef.current?.focus()}
          onTotal={setTotal}
          reloadKey={reloadKey}
          jump={jump}
          empty={<EmptyState rows={c.rows} query={query} total={total} clear={clearFilters} next={next} />}
        />
        <ReviewPanel sheet={sheet} selected={selected} jump={setJump} />
      </div>
    </section>
  );
}

function EmptyState(p: {
  rows: number;
  query: RowQuery;
  total: number | null;
  clear: () => void;
  next: () => void;
}): React.JSX.Element {
  if (p.rows === 0)
    return <p>This sheet has no data rows below its headers: add rows in Excel and open it again.</p>;
  const narrowed = Boolean(p.query.search || p.query.columnFilter);
  if (!narrowed && p.query.filter === 'errors')
    return (
      <p>
        No rows with errors: every row passes the offline checks.{' '}
        <button type="button" className="primary" onClick={p.next}>
          Next: plan
        </button>{' '}
        <button type="button" onClick={p.clear}>
          Show all rows
        </button>
      </p>
    );
  if (!narrowed && p.query.filter === 'warnings')
    return (
      <p>
        No rows with warnings.{' '}
        <button type="button" onClick={p.clear}>
          Show all rows
        </button>
      </p>
    );
  return (
    <p>
      No row matches {p.query.search ? `'${p.query.search}'` : 'the filter'}.{' '}
      <button type="button" onClick={p.clear}>
        Clear the search and filters
      </button>
    </p>
  );
}
