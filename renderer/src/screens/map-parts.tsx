/** Parts of the Map screen: the header-row picker and the list of required fields still unmapped. */
import { useState } from 'react';
import type { MapDetails } from '../../../src/shared/bridge.ts';

export function HeaderRowPicker(p: { current: number; apply: (row: number) => void }): React.JSX.Element {
  const [row, setRow] = useState(String(p.current));
  const n = Number(row);
  const valid = Number.isInteger(n) && n >= 1;
  return (
    <form
      className="header-row"
      onSubmit={(e) => {
        e.preventDefault();
        if (valid && n !== p.current) p.apply(n);
      }}
    >
      <label>
        Headers are on row{' '}
        <input type="number" min={1} value={row} onChange={(e) => setRow(e.target.value)} />
      </label>
      <button type="submit" disabled={!valid || n === p.current}>
        Read the sheet again from this row
      </button>
      <span className="muted">
        A title or a merged group-header row above the headers is skipped on its own. If the columns below
        look wrong, pick the row that holds them (your edits and remaps of this file are dropped).
      </span>
    </form>
  );
}

export function MissingFields({ missing }: { missing: MapDetails['missing'] }): React.JSX.Element {
  if (missing.length === 0)
    return (
      <p className="missing none" role="status">
        Every required field has a column.
      </p>
    );
  return (
    <div className="missing" role="status" aria-label="Required fields without a column">
      <strong>
        {missing.length} required field{missing.length > 1 ? 's have' : ' has'} no column yet:
      </strong>{' '}
      {missing.map((m) => m.label).join(', ')}. Map a column to each, or add the column in your sheet; every
      row is invalid until then.
    </div>
  );
}
