/**
 * Writes a reconcile report as `.json`, `.csv` or `.xlsx` (by extension), like the other reports:
 * the user's own sheets and columns (earlier `Result:` columns replaced, secret columns masked,
 * every cell made safe for Excel) with `Result: reconcile` and `Result: differences` added, and
 * the account's PBXs no row names in their own sheet, `Extra PBXs`.
 */
import { writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import ExcelJS from 'exceljs';
import { isResultHeader } from '../model.ts';
import type { ReportSheetSource, ReportSource } from '../report/report-layout.ts';
import { reportCell, rowSecrets, secretColumns, sheetWidth } from '../report/report-layout.ts';
import { writeAtomically } from '../util/atomic-file.ts';
import { safeCell } from '../util/cell-safety.ts';
import { quoteCsv } from '../util/quote-csv.ts';
import type { ReconcileResult, ReconcileRow } from './types.ts';

export const EXTRA_SHEET = 'Extra PBXs';
const ADDED = ['Result: reconcile', 'Result: differences'];
const EXTRA_HEADERS = ['Cloud PBX ID', 'PBX name', 'URL', 'SN', 'Status'];
const COLOUR: Record<string, string> = {
  matches: 'FFC6EFCE',
  drifted: 'FFFFEB9C',
  missing: 'FFFFC7CE',
  'not-compared': 'FFEDEDED',
};

/** One output table: a name, headers, rows of text (already safe) and the outcome column. */
interface Table {
  name: string;
  headers: string[];
  rows: string[][];
  outcomeAt?: number;
}

/** The text of a row's result cells. */
function resultCells(row: ReconcileRow | undefined): string[] {
  if (!row) return ['', ''];
  const text = row.differences.map((d) => d.message);
  if (row.note) text.unshift(row.note);
  return [row.outcome, text.join('\n')];
}

function sheetTable(sheet: ReportSheetSource, rows: Map<number, ReconcileRow>): Table {
  const width = sheetWidth(sheet);
  const keep = [...Array(width).keys()].filter((i) => !isResultHeader(sheet.headers[i] ?? ''));
  const secret = secretColumns(sheet, width);
  const body = sheet.rows.map((source) => {
    const secrets = rowSecrets(source, secret);
    const own = keep.map((i) => safeCell(reportCell(source.cells[i] ?? '', i, secret, secrets)));
    return [...own, ...resultCells(rows.get(source.row)).map(safeCell)];
  });
  return {
    name: sheet.name,
    headers: [...keep.map((i) => sheet.headers[i] ?? ''), ...ADDED],
    rows: body,
    outcomeAt: keep.length,
  };
}

function tables(result: ReconcileResult, source: ReportSource): Table[] {
  const bySheet = new Map<string, Map<number, ReconcileRow>>();
  for (const r of result.rows) bySheet.set(r.sheet, (bySheet.get(r.sheet) ?? new Map()).set(r.row, r));
  const out = source.sheets.map((s) => sheetTable(s, bySheet.get(s.name) ?? new Map()));
  out.push({
    name: EXTRA_SHEET,
    headers: EXTRA_HEADERS,
    rows: result.extra.map((p) => [String(p.cloudPbxId), p.name, p.url, p.sn, p.pbxStatus].map(safeCell)),
  });
  return out;
}

/** The files a reconcile report to `out` writes (a CSV: one per sheet beside it, then `out`). */
export function reconcileFiles(out: string, source: ReportSource): string[] {
  if (extname(out).toLowerCase() !== '.csv') return [out];
  const ext = extname(out);
  // A CSV's sheet is named after its file: `account.PBX.csv` gives `rec.account.PBX.csv`, not `.csv.csv`.
  const names = [...source.sheets.map((s) => s.name.replace(/\.(csv|tsv|txt)$/i, '')), EXTRA_SHEET];
  return [
    ...names.map((n) =>
      join(dirname(out), `${basename(out, ext)}.${n.replace(/[^\p{L}\p{N}._-]+/gu, '_')}${ext}`),
    ),
    out,
  ];
}

/** Writes the report; returns the files written. */
export async function writeReconcileReport(
  out: string,
  result: ReconcileResult,
  source: ReportSource,
): Promise<string[]> {
  const ext = extname(out).toLowerCase();
  if (ext === '.json') {
    await writeAtomically(out, (temp) => writeFile(temp, `${JSON.stringify(result, null, 2)}\n`, 'utf8'));
    return [out];
  }
  const all = tables(result, source);
  if (ext === '.csv') {
    const files = reconcileFiles(out, source);
    for (const [i, table] of all.entries()) await writeCsv(files[i] ?? out, table.headers, table.rows);
    const flat = result.rows.map((r) => [r.sheet, String(r.row), r.kind, ...resultCells(r)].map(safeCell));
    await writeCsv(out, ['sheet', 'row', 'kind', ...ADDED], flat);
    return files;
  }
  if (ext !== '.xlsx')
    throw new Error(
      `Cannot write a report as "${ext || '(no extension)'}" (${out}): use a .json, .csv or .xlsx file name.`,
    );
  const workbook = new ExcelJS.Workbook();
  for (const table of all) {
    const sheet = workbook.addWorksheet(table.name.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.addRow(table.headers).font = { bold: true };
    for (const row of table.rows) {
      const added = sheet.addRow(row);
      const outcome = table.outcomeAt === undefined ? undefined : row[table.outcomeAt];
      const colour = outcome === undefined ? undefined : COLOUR[outcome];
      if (colour && table.outcomeAt !== undefined)
        added.getCell(table.outcomeAt + 1).fill = {
          type: 'pattern',
          pattern: 'solid',
          fgColor: { argb: colour },
        };
    }
    table.headers.forEach(
      (h, i) =>
        (sheet.getColumn(i + 1).width = h === ADDED[1] ? 60 : Math.max(12, Math.min(30, h.length + 4))),
    );
  }
  await writeAtomically(out, (temp) => workbook.xlsx.writeFile(temp));
  return [out];
}

async function writeCsv(path: string, headers: readonly string[], rows: readonly string[][]): Promise<void> {
  const lines = [headers, ...rows].map((r) => r.map(quoteCsv).join(','));
  await writeAtomically(path, (temp) => writeFile(temp, `\ufeff${lines.join('\r\n')}\r\n`, 'utf8'));
}
