/** The report writers' view of a validated file: its sheets with the user's own cells. */
import type { ReportSource } from './report-layout.ts';
import type { ValidationResult } from '../validate/validate-file.ts';

/** Builds the ReportSource of a validation kept with `keepCells`. */
export function reportSourceOf(result: Pick<ValidationResult, 'sheets' | 'cells'>): ReportSource {
  return {
    sheets: result.sheets.map((sheet) => ({
      name: sheet.name,
      kind: sheet.kind,
      headerRow: sheet.headerRow,
      headers: sheet.headers,
      rows: result.cells.get(sheet.name) ?? [],
      fields: sheet.columns.map((c) => c.field),
      ...(sheet.delimiter !== undefined && { delimiter: sheet.delimiter }),
    })),
  };
}
