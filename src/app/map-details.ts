/**
 * What the Map screen shows beyond each column's match: a few sample values per column, a
 * near-name suggestion for the columns the matcher did not recognise (core/map/suggest.ts), and
 * the required fields that no column fills yet.
 */
import { fieldSummaries, missingRequired } from '../core/map/field-info.ts';
import { isResultHeader } from '../core/map/map-headers.ts';
import { suggestFields } from '../core/map/suggest.ts';
import type { MapColumn, MapDetails } from '../shared/grid-types.ts';
import { columnField, secretColumns, shownCells, type SheetState } from './workbook-state.ts';

const SAMPLES = 3;
/** Rows looked at for samples: enough to find three values in a sparse column, cheap on 100k rows. */
const SAMPLE_ROWS = 200;

export function mapDetails(sheet: SheetState): MapDetails {
  const secret = secretColumns(sheet);
  const samples: string[][] = sheet.headers.map(() => []);
  for (const src of sheet.rows.slice(0, SAMPLE_ROWS)) {
    const shown = shownCells(sheet, src, secret);
    samples.forEach((list, col) => {
      const text = shown(col).trim();
      if (list.length < SAMPLES && text !== '' && !list.includes(text)) list.push(text.slice(0, 60));
    });
  }
  const mapped = new Set<string>();
  const unmapped: string[] = [];
  sheet.headers.forEach((header, i) => {
    const field = columnField(sheet, i);
    if (field) mapped.add(field);
    // Only columns left unmatched get a guess; a column the user ignored on purpose keeps quiet.
    const open = field === null && !Object.hasOwn(sheet.mapping, header) && !isResultHeader(header);
    unmapped.push(open ? header : '');
  });
  const suggestions = suggestFields(sheet.kind, unmapped, mapped);
  const columns: MapColumn[] = sheet.headers.map((_, index) => {
    const suggestion = suggestions.get(index);
    return { index, samples: samples[index] ?? [], ...(suggestion && { suggestion }) };
  });
  return {
    sheet: sheet.name,
    headerRow: sheet.headerRow,
    fields: fieldSummaries(sheet.kind),
    columns,
    missing: missingRequired(sheet.kind, mapped),
  };
}
