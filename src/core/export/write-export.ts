/**
 * Writes an export (issue 18) in the template's own sheets and headers: the template workbook of
 * src/core/templates (same labels, notes, dropdowns, Text columns) with the account's rows, and
 * the read-only columns after the template's. A `.csv` holds one sheet; for both kinds it is one
 * file per sheet beside the one named (`accounts.PBX.csv`, `accounts.DID_Bindings.csv`), as the
 * CSV reports do. Every cell goes through safeCell; secret columns stay empty.
 */
import { writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { SHEET_NAMES, type SheetKind } from '../../shared/types.ts';
import { CATALOGUES } from '../schema/catalogue.ts';
import { buildTemplateWorkbook } from '../templates/make-template.ts';
import { writeAtomically } from '../util/atomic-file.ts';
import { isSecretField, safeCell } from '../util/cell-safety.ts';
import { quoteCsv } from '../util/quote-csv.ts';
import { EXPORT_COLUMNS } from '../validate/exported-rows.ts';
import type { ExportRow } from './rows.ts';

export type ExportSheets = Partial<Record<SheetKind, ExportRow[]>>;

const READ_ONLY_NOTE: Record<string, string> = {
  'Cloud PBX ID':
    'Read-only, from the account. A row with a Cloud PBX ID is an existing PBX: validate, plan and run skip it; reconcile compares it.',
  SN: 'Read-only: the PBX serial number on the account.',
  URL: 'Read-only: the PBX URL on the account.',
  Status:
    'Read-only: the state on the account when exported (a PBX: its pbxStatus; a DID row: bound). Clear it to run the row.',
};

/** The files an export to `out` writes, in order (for one kind, `out` itself). */
export function exportFiles(out: string, kinds: readonly SheetKind[]): string[] {
  if (extname(out).toLowerCase() !== '.csv' || kinds.length < 2) return [out];
  const ext = extname(out);
  return kinds.map((k) =>
    join(dirname(out), `${basename(out, ext)}.${SHEET_NAMES[k].replace(/\s+/g, '_')}${ext}`),
  );
}

/** Writes `sheets` to `out` (.xlsx or .csv by extension); returns the files written. */
export async function writeExport(out: string, sheets: ExportSheets): Promise<string[]> {
  const kinds = (Object.keys(sheets) as SheetKind[]).filter((k) => sheets[k] !== undefined);
  const ext = extname(out).toLowerCase();
  if (ext !== '.xlsx' && ext !== '.csv')
    throw new Error(`Cannot export as "${ext || '(no extension)'}" (${out}): use a .xlsx or .csv file name.`);
  if (ext === '.csv') {
    const files = exportFiles(out, kinds);
    for (const [i, kind] of kinds.entries()) {
      const file = files[i] ?? out;
      const text = csvSheet(kind, sheets[kind] ?? []);
      await writeAtomically(file, (temp) => writeFile(temp, text, 'utf8'), 'the export', 0o600);
    }
    return files;
  }
  const rows = Object.fromEntries(
    kinds.map((k) => [k, (sheets[k] ?? []).map((r) => safeFields(k, r.fields))]),
  ) as Record<SheetKind, Record<string, string>[]>;
  const workbook = buildTemplateWorkbook(kinds, rows);
  for (const kind of kinds) {
    const sheet = workbook.getWorksheet(SHEET_NAMES[kind]);
    if (!sheet) continue;
    const first = CATALOGUES[kind].fields.length + 1;
    (EXPORT_COLUMNS[kind] ?? []).forEach((header, i) => {
      const cell = sheet.getRow(1).getCell(first + i);
      cell.value = header;
      cell.note = READ_ONLY_NOTE[header] ?? 'Read-only, from the account.';
      cell.font = { bold: true, italic: true, color: { argb: 'FF595959' } };
      sheet.getColumn(first + i).width = 16;
      sheet.getColumn(first + i).numFmt = '@';
      (sheets[kind] ?? []).forEach((row, r) => {
        const value = row.readOnly[header];
        if (value !== undefined && value !== '') sheet.getCell(r + 2, first + i).value = safeCell(value);
      });
    });
  }
  await writeAtomically(out, (temp) => workbook.xlsx.writeFile(temp), 'the export', 0o600);
  return [out];
}

/** The row's cells made safe for Excel; a secret field never leaves (none is filled, by design). */
function safeFields(kind: SheetKind, fields: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, value] of Object.entries(fields)) {
    if (isSecretField(path) || CATALOGUES[kind].fields.find((f) => f.path === path)?.secret) continue;
    out[path] = safeCell(value);
  }
  return out;
}

/** One sheet as CSV: the template's labels, then the read-only headers; UTF-8 with BOM for Excel. */
export function csvSheet(kind: SheetKind, rows: readonly ExportRow[]): string {
  const fields = CATALOGUES[kind].fields;
  const extra = EXPORT_COLUMNS[kind] ?? [];
  const lines = [[...fields.map((f) => f.label), ...extra].map(quoteCsv).join(',')];
  for (const row of rows) {
    const safe = safeFields(kind, row.fields);
    const cells = [
      ...fields.map((f) => safe[f.path] ?? ''),
      ...extra.map((h) => safeCell(row.readOnly[h] ?? '')),
    ];
    lines.push(cells.map(quoteCsv).join(','));
  }
  return `\ufeff${lines.join('\r\n')}\r\n`;
}
