/**
 * The engine reads files, so edited cells and remapped columns are saved to a working copy before
 * validate, plan and run. Every cell is written as text (the text the user sees), remapped columns
 * get their field path as header, ignored columns are left out. Rows are written one after another;
 * the returned tables map the copy's rows and headers back to the user's, so reports point at
 * the cells the user knows.
 */
import { basename, extname, join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Report } from '../shared/types.ts';
import { privateDir, writePrivate } from './private-files.ts';
import { columnField, type SheetState, type WorkbookState } from './workbook-state.ts';

export interface WorkingCopy {
  file: string;
  /** Per sheet: the copy's row number → the source row number. */
  rows: Map<string, Map<number, number>>;
  /** Per sheet: the copy's header → the user's header. */
  headers: Map<string, Map<string, string>>;
  /** For a CSV: the user's sheet name (the copy's base name may differ, e.g. `.tsv` → `.csv`). */
  csvSheet?: string;
}

interface SheetLayout {
  keep: number[];
  headers: string[];
}

function layoutOf(sheet: SheetState): SheetLayout {
  const keep: number[] = [];
  const headers: string[] = [];
  sheet.headers.forEach((header, i) => {
    const overridden = Object.hasOwn(sheet.mapping, header);
    if (overridden && sheet.mapping[header] === null) return;
    keep.push(i);
    headers.push(overridden ? (columnField(sheet, i) ?? header) : header);
  });
  return { keep, headers };
}

function csvLine(cells: readonly string[]): string {
  return cells.map((c) => `"${c.replaceAll('"', '""')}"`).join(',');
}

/** Writes the working copy of the state into `dir` (a fresh directory per call) and returns its tables. */
export async function writeWorkingCopy(state: WorkbookState, dir: string): Promise<WorkingCopy> {
  await privateDir(dir);
  const copy: WorkingCopy = { file: '', rows: new Map(), headers: new Map() };
  const ext = extname(state.file).toLowerCase();
  const sheets = [...state.sheets.values()];
  const tables = (sheet: SheetState, layout: SheetLayout): void => {
    copy.rows.set(sheet.name, new Map(sheet.rows.map((r, i) => [i + 2, r.row])));
    copy.headers.set(
      sheet.name,
      new Map(layout.keep.map((col, j) => [layout.headers[j] ?? '', sheet.headers[col] ?? ''])),
    );
  };
  if (ext === '.xlsx') {
    const wb = new ExcelJS.Workbook();
    for (const sheet of sheets) {
      const layout = layoutOf(sheet);
      const ws = wb.addWorksheet(sheet.name);
      ws.addRow(layout.headers);
      for (const r of sheet.rows) ws.addRow(layout.keep.map((col) => r.cells[col] ?? ''));
      tables(sheet, layout);
    }
    copy.file = join(dir, basename(state.file));
    // writeBuffer, not writeFile: exceljs may resolve writeFile before the file is closed.
    await writePrivate(copy.file, new Uint8Array(await wb.xlsx.writeBuffer()));
    return copy;
  }
  // A CSV (or TSV/TXT export) holds one sheet named after the file: keep the base name, write CSV.
  const sheet = sheets[0];
  const name = basename(state.file, extname(state.file));
  copy.file = join(dir, `${name}.csv`);
  if (!sheet) {
    await writePrivate(copy.file, '');
    return copy;
  }
  const layout = layoutOf(sheet);
  const lines = [
    csvLine(layout.headers),
    ...sheet.rows.map((r) => csvLine(layout.keep.map((c) => r.cells[c] ?? ''))),
  ];
  await writePrivate(copy.file, lines.join('\r\n') + '\r\n');
  tables(sheet, layout);
  copy.csvSheet = sheet.name;
  return copy;
}

/** Points a report made from the working copy back at the user's rows and headers. */
export function translateReport(report: Report, copy: WorkingCopy): Report {
  return {
    summary: {
      ...report.summary,
      fileMessages: report.summary.fileMessages.map((m) => {
        const sheet = copy.csvSheet ?? m.sheet;
        const header = sheet && m.column ? copy.headers.get(sheet)?.get(m.column) : undefined;
        const renamed = copy.csvSheet && m.sheet ? { ...m, sheet: copy.csvSheet } : m;
        return header ? { ...renamed, column: header } : renamed;
      }),
    },
    rows: report.rows.map((r) => {
      const sheet = copy.csvSheet ?? r.sheet;
      const rows = copy.rows.get(sheet);
      const headers = copy.headers.get(sheet);
      return {
        ...r,
        sheet,
        row: rows?.get(r.row) ?? r.row,
        messages: r.messages.map((m) => {
          const header = m.column ? headers?.get(m.column) : undefined;
          return header ? { ...m, column: header } : m;
        }),
      };
    }),
  };
}
