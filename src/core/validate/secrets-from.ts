/**
 * A result report fed back in (`pbx-bulk retry`) has its secrets masked (admin passwords, API
 * keys: SECRET_MASK). Rather than have them typed again, each masked cell is filled from the
 * original file the run read: same sheet, same header, same row (the report's `Result: row`
 * says which row of the original a line came from). Only the secret columns of the original are
 * kept in memory; a masked cell with nothing to fill it stays masked, and validate-row says to
 * type it again.
 */
import type { SheetKind } from '../../shared/types.ts';
import { detectKind, mapHeaders } from '../map/map-headers.ts';
import { readWorkbook, type ReadOptions } from '../read/read-workbook.ts';
import { renamedHeaders, sheetOverrides, type SavedMapping } from './saved-mapping.ts';
import { isSecretField, isSecretHeader, SECRET_MASK } from '../util/cell-safety.ts';

const RESULT_ROW = /^result\s*:\s*row$/i;

interface SheetSecrets {
  /** Header → index among the kept values. */
  columns: Map<string, number>;
  /** Row number → the secret cells of that row, in `columns` order. */
  rows: Map<number, string[]>;
}

export class OriginalSecrets {
  private constructor(private readonly sheets: Map<string, SheetSecrets>) {}

  /** Reads the secret columns of every sheet of `file` (the original the run read). */
  static async read(
    file: string,
    options: ReadOptions,
    kind?: SheetKind,
    saved?: { file: string; sheets: SavedMapping },
  ): Promise<OriginalSecrets> {
    const sheets = new Map<string, SheetSecrets>();
    for await (const source of readWorkbook(file, options)) {
      // Mapped as the run mapped it (`--map`): a column it named a password is a secret column.
      const sheetKind = kind ?? detectKind(source.name, renamedHeaders(saved, source.name, source.headers));
      const overrides = saved && sheetKind ? sheetOverrides(saved, source.name, sheetKind, file) : undefined;
      const mapped = sheetKind ? mapHeaders(sheetKind, source.headers, overrides) : [];
      const indexes = source.headers
        .map((header, i) => ({ header, i }))
        .filter(({ header, i }) => {
          const field = mapped[i]?.field;
          return header !== '' && (isSecretHeader(header) || (field !== undefined && isSecretField(field)));
        });
      const rows = new Map<number, string[]>();
      for await (const row of source.rows) {
        if (indexes.length > 0)
          rows.set(
            row.row,
            indexes.map(({ i }) => row.cells[i] ?? ''),
          );
      }
      if (indexes.length === 0) continue;
      sheets.set(source.name.toLowerCase(), {
        columns: new Map(indexes.map(({ header }, k) => [header, k])),
        rows,
      });
    }
    return new OriginalSecrets(sheets);
  }

  /**
   * The report sheet `sheet` of the original: by name; a per-sheet CSV report
   * (`<base>.<sheet>.csv`) by that suffix; else the original's only sheet with secrets.
   */
  private sheetOf(sheet: string): SheetSecrets | undefined {
    const name = sheet.toLowerCase();
    const exact = this.sheets.get(name);
    if (exact) return exact;
    for (const [key, value] of this.sheets) if (name.endsWith(`.${key}.csv`)) return value;
    return this.sheets.size === 1 ? [...this.sheets.values()][0] : undefined;
  }

  /** `cells` with each masked secret cell filled from the original's row, when it has one. */
  fill(sheet: string, headers: readonly string[], cells: string[], row: number): string[] {
    if (!cells.includes(SECRET_MASK)) return cells;
    const secrets = this.sheetOf(sheet);
    if (!secrets) return cells;
    const rowColumn = headers.findIndex((h) => RESULT_ROW.test(h.trim()));
    const recorded = rowColumn >= 0 ? Number(cells[rowColumn]) : NaN;
    const values = secrets.rows.get(Number.isInteger(recorded) && recorded > 0 ? recorded : row);
    if (!values) return cells;
    return cells.map((cell, i) => {
      if (cell !== SECRET_MASK) return cell;
      const k = secrets.columns.get(headers[i] ?? '');
      const value = k === undefined ? undefined : values[k];
      return value === undefined || value === '' ? cell : value;
    });
  }
}
