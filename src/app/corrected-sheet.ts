/**
 * "Download corrected sheet": the user's own file with the grid's edits written in, for the
 * people who keep the sheet (Excel) as their record. An .xlsx is opened as it is and only the
 * edited cells are set, so its columns (mapped or not), formatting, column widths, other sheets,
 * filters and validation lists stay as the user made them. A CSV/TSV is written back whole as a
 * UTF-8 CSV with the user's headers. Edited text goes through safeCell (formula injection); the
 * readers take the quote off again, so the file imports as it shows. Secrets are the user's own
 * values here, as in the file they opened: without them the sheet could not be imported again.
 */
import { basename, extname } from 'node:path';
import ExcelJS from 'exceljs';
import { safeCell } from '../core/util/cell-safety.ts';
import { quoteCsv } from '../core/util/quote-csv.ts';
import { writePrivate } from './private-files.ts';
import type { SheetState, WorkbookState } from './workbook-state.ts';

const NUMBER = /^-?(\d+(\.\d*)?|\.\d+)$/;

/** `customers.xlsx` → `customers-corrected.xlsx`; a CSV, TSV or TXT comes back as a CSV. */
export function correctedName(state: WorkbookState): string {
  const ext = extname(state.displayName).toLowerCase();
  const base = basename(state.displayName, extname(state.displayName));
  return `${base}-corrected${ext === '.xlsx' ? '.xlsx' : '.csv'}`;
}

/** Writes the corrected sheet to `out`; `edited` lists a sheet's edited cells as [index, col]. */
export async function writeCorrected(
  state: WorkbookState,
  edited: (sheet: string) => Array<[number, number]>,
  out: string,
): Promise<void> {
  if (extname(state.file).toLowerCase() === '.xlsx') return writeXlsx(state, edited, out);
  const sheet = [...state.sheets.values()][0];
  await writePrivate(out, sheet ? csvOf(sheet) : '');
}

async function writeXlsx(
  state: WorkbookState,
  edited: (sheet: string) => Array<[number, number]>,
  out: string,
): Promise<void> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(state.file);
  for (const sheet of state.sheets.values()) {
    const ws = wb.getWorksheet(sheet.name);
    if (!ws) continue;
    for (const [index, col] of edited(sheet.name)) {
      const src = sheet.rows[index];
      if (!src) continue;
      const cell = ws.getRow(src.row).getCell(col + 1);
      const text = src.cells[col] ?? '';
      // A number stays a number where the user had one (no "number stored as text" triangles).
      const wasNumber = cell.type === ExcelJS.ValueType.Number;
      if (text === '') cell.value = null;
      else if (wasNumber && NUMBER.test(text)) cell.value = Number(text);
      else cell.value = safeCell(text);
    }
  }
  // writeBuffer, not writeFile: exceljs may resolve writeFile before the file is closed.
  await writePrivate(out, new Uint8Array(await wb.xlsx.writeBuffer()));
}

function csvOf(sheet: SheetState): string {
  const line = (cells: readonly string[]): string =>
    sheet.headers.map((_, i) => quoteCsv(safeCell(cells[i] ?? ''))).join(',') + '\r\n';
  // A BOM, so Excel opens accents right (as the CSV reports do).
  return '\uFEFF' + line(sheet.headers) + sheet.rows.map((r) => line(r.cells)).join('');
}
