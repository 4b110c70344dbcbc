/** Map: each column's automatic match, with a manual remap (or ignore) remembered per header set. */
import { useEffect, useState } from 'react';
import type { OpenResult } from '../../../src/shared/bridge.ts';
import type { Attempt } from '../app.tsx';
import { bridge } from '../transport.ts';
import { rememberMapping } from '../remembered-mapping.ts';
import { InlineError } from '../errors.tsx';

interface Props {
  workbook: OpenResult;
  attempt: Attempt;
  opened: (w: OpenResult) => void;
  next: () => void;
}

const IGNORE = '__ignore__';

export function MapScreen({ workbook, attempt, opened, next }: Props): React.JSX.Element {
  const [sheetName, setSheetName] = useState(workbook.sheets[0]?.name ?? '');
  const sheet = workbook.sheets.find((s) => s.name === sheetName) ?? workbook.sheets[0];
  const [fields, setFields] = useState<string[]>([]);
  const [draft, setDraft] = useState<Record<string, string | null>>({});

  useEffect(() => {
    if (!sheet) return;
    setDraft({});
    void attempt(() => bridge.listFields({ sheet: sheet.name })).then((f) => setFields(f ?? []));
  }, [sheet, attempt]);

  if (!sheet) return <p>The workbook has no sheets.</p>;

  const apply = async (): Promise<void> => {
    const w = await attempt(() => bridge.setMapping({ sheet: sheet.name, mapping: draft }), 'map');
    if (!w) return;
    const view = w.sheets.find((s) => s.name === sheet.name);
    if (view) rememberMapping(view, Object.fromEntries(view.columns.map((c) => [c.header, c.field])));
    opened(w);
    setDraft({});
  };

  return (
    <section aria-labelledby="map-title">
      <h2 id="map-title">Map columns</h2>
      <SheetTabs names={workbook.sheets.map((s) => s.name)} current={sheet.name} select={setSheetName} />
      <p className="hint">
        Columns are matched to API fields by name and alias. Change a match, or ignore a column; the choice is
        remembered for sheets with the same columns.
      </p>
      <table className="map-table">
        <thead>
          <tr>
            <th scope="col">Column in your sheet</th>
            <th scope="col">API field</th>
          </tr>
        </thead>
        <tbody>
          {sheet.columns.map((c) => {
            const value = c.header in draft ? draft[c.header] : c.field;
            return (
              <tr key={c.index} className={value ? '' : 'unmapped'}>
                <td>{c.header || <em>(no header)</em>}</td>
                <td>
                  <select
                    aria-label={`Field for column ${c.header}`}
                    value={value ?? IGNORE}
                    onChange={(e) =>
                      setDraft((d) => ({
                        ...d,
                        [c.header]: e.target.value === IGNORE ? null : e.target.value,
                      }))
                    }
                  >
                    <option value={IGNORE}>(ignore this column)</option>
                    {c.field && !fields.includes(c.field) && <option value={c.field}>{c.field}</option>}
                    {fields.map((f) => (
                      <option key={f} value={f}>
                        {f}
                      </option>
                    ))}
                  </select>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <div className="actions">
        <button type="button" disabled={Object.keys(draft).length === 0} onClick={() => void apply()}>
          Apply mapping and re-validate
        </button>
        <button type="button" className="primary" onClick={next}>
          Next: review rows
        </button>
      </div>
      <InlineError at="map" />
    </section>
  );
}

export function SheetTabs(props: {
  names: string[];
  current: string;
  select: (n: string) => void;
}): React.JSX.Element | null {
  if (props.names.length < 2) return null;
  return (
    <div className="tabs" role="tablist" aria-label="Sheets">
      {props.names.map((n) => (
        <button
          key={n}
          type="button"
          role="tab"
          aria-selected={n === props.current}
          onClick={() => props.select(n)}
        >
          {n}
        </button>
      ))}
    </div>
  );
}
