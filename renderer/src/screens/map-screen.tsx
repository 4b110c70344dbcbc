/**
 * Map: each column with a few of its values and the field it fills, named as the template names
 * it (the API name beside it); a suggestion, with how sure it is, for columns the matcher did not
 * recognise; the required fields no column fills yet; and the row that holds the headers, for
 * sheets with a title or a merged group-header row above them. A manual remap (or ignore) is
 * remembered for sheets with the same columns.
 */
import { useEffect, useState } from 'react';
import type { ColumnSuggestion, MapDetails, OpenResult } from '../../../src/shared/bridge.ts';
import type { Attempt } from '../app.tsx';
import { bridge } from '../transport.ts';
import { applyRememberedMapping, rememberMapping } from '../remembered-mapping.ts';
import { HeaderRowPicker, MissingFields } from './map-parts.tsx';
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
  const [details, setDetails] = useState<MapDetails | null>(null);
  const [draft, setDraft] = useState<Record<string, string | null>>({});
  /** Bumped when a picked header row is refused, so the picker shows the row in use again. */
  const [picks, setPicks] = useState(0);

  useEffect(() => {
    if (!sheet) return;
    setDraft({});
    void attempt(() => bridge.mapDetails({ sheet: sheet.name }), 'map').then((d) => setDetails(d ?? null));
  }, [sheet, attempt]);

  if (!sheet) return <p>The workbook has no sheets.</p>;
  const fields = details?.sheet === sheet.name ? details.fields : [];

  const apply = async (): Promise<void> => {
    const w = await attempt(() => bridge.setMapping({ sheet: sheet.name, mapping: draft }), 'map');
    if (!w) return;
    const view = w.sheets.find((s) => s.name === sheet.name);
    if (view) rememberMapping(view, Object.fromEntries(view.columns.map((c) => [c.header, c.field])));
    opened(w);
    setDraft({});
  };
  const readAgain = async (row: number): Promise<void> => {
    // The file is read afresh: the mappings remembered for these columns apply again.
    const w = await attempt(
      async () => applyRememberedMapping(await bridge.setHeaderRow({ sheet: sheet.name, row })),
      'map-header',
    );
    if (w) opened(w);
    else setPicks((n) => n + 1);
  };
  const suggested = (details?.columns ?? []).filter(
    (c): c is typeof c & { suggestion: ColumnSuggestion } =>
      c.suggestion !== undefined && !((sheet.columns[c.index]?.header ?? '') in draft),
  );
  const useAll = (): void =>
    setDraft((d) => ({
      ...d,
      ...Object.fromEntries(
        suggested
          .filter((c) => c.suggestion.confidence === 'high')
          .map((c) => [sheet.columns[c.index]?.header ?? '', c.suggestion.field]),
      ),
    }));
  const highCount = suggested.filter((c) => c.suggestion.confidence === 'high').length;

  return (
    <section aria-labelledby="map-title">
      <h2 id="map-title">Map columns</h2>
      <SheetTabs names={workbook.sheets.map((s) => s.name)} current={sheet.name} select={setSheetName} />
      <p className="hint">
        Columns are matched to fields by name and alias. Change a match, take a suggestion, or ignore a
        column; the choice is remembered for sheets with the same columns.
      </p>
      <HeaderRowPicker
        key={`${sheet.name}:${sheet.headerRow}:${picks}`}
        current={sheet.headerRow}
        apply={readAgain}
      />
      <InlineError at="map-header" />
      {details?.sheet === sheet.name && <MissingFields missing={details.missing} />}
      <table className="map-table">
        <thead>
          <tr>
            <th scope="col">Column in your sheet</th>
            <th scope="col">Values</th>
            <th scope="col">Fills the field</th>
          </tr>
        </thead>
        <tbody>
          {sheet.columns.map((c) => {
            const value = c.header in draft ? draft[c.header] : c.field;
            const info = details?.columns[c.index];
            const s = info?.suggestion;
            return (
              <tr key={c.index} className={value ? '' : 'unmapped'}>
                <th scope="row">{c.header || <em>(no header)</em>}</th>
                <td className="samples" title={info?.samples.join(' · ')}>
                  {info?.samples.length ? info.samples.join(' · ') : <em>empty</em>}
                </td>
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
                    <option value={IGNORE}>(not sent: ignore this column)</option>
                    {c.field && !fields.some((f) => f.path === c.field) && (
                      <option value={c.field}>{c.field}</option>
                    )}
                    {fields.map((f) => (
                      <option key={f.path} value={f.path}>
                        {f.label}
                        {f.required ? ' *' : ''} — {f.path}
                      </option>
                    ))}
                  </select>
                  {value && value !== c.field && <span className="api-name"> (not applied yet)</span>}
                  {s && !value && (
                    <div className="suggestion">
                      <span>
                        Suggested: <strong>{s.label}</strong>{' '}
                        <span className={`confidence-${s.confidence}`}>
                          ({s.confidence} confidence, {Math.round(s.score * 100)}%)
                        </span>
                      </span>
                      <button
                        type="button"
                        aria-label={`Use ${s.label} for column ${c.header}`}
                        onClick={() => setDraft((d) => ({ ...d, [c.header]: s.field }))}
                      >
                        Use
                      </button>
                    </div>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <div className="actions">
        {highCount > 1 && (
          <button type="button" onClick={useAll}>
            Use the {highCount} high-confidence suggestions
          </button>
        )}
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
