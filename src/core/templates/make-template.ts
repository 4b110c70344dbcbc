/**
 * Templates generated from the field catalogue (so they cannot drift from the schemas): one sheet
 * per kind with readable headers, a note on every header explaining the field and its rule,
 * dropdowns for enumerations, and example rows; or one CSV per kind.
 */
import { writeFile } from 'node:fs/promises';
import { writeAtomically } from '../util/atomic-file.ts';
import ExcelJS from 'exceljs';
import { SHEET_KINDS, SHEET_NAMES, type SheetKind } from '../../shared/types.ts';
import { CATALOGUES, fieldAt } from '../schema/catalogue.ts';
import { initialConfigRequired } from '../schema/build-schema.ts';
import { requiredReason } from '../validate/messages.ts';
import type { FieldDef } from '../schema/field.ts';
import { columnLetter } from '../util/column-letter.ts';
import { quoteCsv } from '../util/quote-csv.ts';

type Row = Record<string, string>;

function noteFor(kind: SheetKind, field: FieldDef, required: boolean): string {
  const lines = [field.help];
  lines.push(`API field: ${field.path}`);
  const when = requiredWhen(kind, field);
  if (required) lines.push('Required.');
  else if (when && !field.help.includes(when.replace(/\.$/, ''))) lines.push(when);
  if (field.enum && field.enum.length <= 12) lines.push(`Values: ${field.enum.join(', ')}`);
  if (field.firmware) lines.push('Firmware-gated: checked at plan time.');
  if (field.secret) lines.push('Secret: never written to reports.');
  return lines.join('\n');
}

/**
 * When a field that is not always required is (the same rules validate applies): one of a group
 * ("this column or 'Region'"), a section of the initial configuration once any of it is filled,
 * or a condition on another column.
 */
function requiredWhen(kind: SheetKind, field: FieldDef): string | undefined {
  const group = CATALOGUES[kind].groups.find((g) => g.required && g.paths.includes(field.path));
  if (group) {
    const others = group.paths
      .filter((p) => p !== field.path)
      .map((p) => `'${fieldAt(kind, p)?.label ?? p}'`);
    const exception = group.note !== undefined ? ` ${group.note}` : '';
    return `Required: fill this column or ${others.join(' or ')}.${exception}`;
  }
  const section = field.path.split('.').slice(0, -1).join('.');
  if (section.startsWith('cloudPbxInitialConfigRequest.')) {
    if (initialConfigRequired(section).includes(field.path))
      return 'Required once any initial-configuration column of this row is filled (a PBX may have none).';
  }
  const reason = requiredReason(field.path.split('.').pop() ?? field.path);
  return reason ? `Required${reason}.` : undefined;
}

function groupRequired(kind: SheetKind, path: string): boolean {
  return CATALOGUES[kind].groups.some((g) => g.required && g.paths[0] === path);
}

/** Builds the template workbook for `kinds`, with `rows` as example data. */
export function buildTemplateWorkbook(kinds: readonly SheetKind[], rows: Partial<Record<SheetKind, Row[]>>): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'PBX Bulk Import';
  // Long value lists live on a hidden sheet (a list formula holds at most 255 characters).
  const lists: (readonly string[])[] = [];
  const listRange = (values: readonly string[]): string => {
    lists.push(values);
    const letter = columnLetter(lists.length - 1);
    return `Lists!$${letter}$1:$${letter}$${values.length}`;
  };
  for (const kind of kinds) {
    const sheet = workbook.addWorksheet(SHEET_NAMES[kind], { views: [{ state: 'frozen', ySplit: 1 }] });
    const fields = CATALOGUES[kind].fields;
    const header = sheet.getRow(1);
    fields.forEach((field, i) => {
      const cell = header.getCell(i + 1);
      // Red: a column to fill (the first of a group: its note says what else will do).
      const red = Boolean(field.required) || groupRequired(kind, field.path);
      cell.value = field.label;
      cell.note = noteFor(kind, field, Boolean(field.required));
      cell.font = { bold: true, color: { argb: red ? 'FF9C0006' : 'FF1F1F1F' } };
      sheet.getColumn(i + 1).width = Math.max(12, Math.min(30, field.label.length + 4));
      // Every column is Text so Excel never turns DIDs, IDs or leading zeros into numbers.
      sheet.getColumn(i + 1).numFmt = '@';
    });
    (rows[kind] ?? []).forEach((example, r) => {
      fields.forEach((field, i) => {
        const value = example[field.path];
        if (value !== undefined) sheet.getCell(r + 2, i + 1).value = value;
      });
    });
    fields.forEach((field, i) => {
      if (!field.enum && field.type !== 'boolean') return;
      const values = field.enum ?? ['TRUE', 'FALSE'];
      const inline = values.join(',');
      const formula = inline.length < 250 && !inline.includes(' ') ? `"${inline}"` : listRange(values);
      const letter = sheet.getColumn(i + 1).letter;
      for (let r = 2; r <= 500; r++) {
        sheet.getCell(`${letter}${r}`).dataValidation = {
          type: 'list',
          allowBlank: true,
          formulae: [formula],
          showErrorMessage: true,
          errorTitle: field.label,
          error: `Use one of the listed values (exact case).`,
        };
      }
    });
  }
  if (lists.length > 0) {
    const sheet = workbook.addWorksheet('Lists', { state: 'hidden' });
    lists.forEach((values, c) => values.forEach((v, r) => (sheet.getCell(r + 1, c + 1).value = v)));
  }
  return workbook;
}

/** Writes an .xlsx (all kinds, or one) or a .csv (one kind) template. */
export async function writeTemplate(out: string, kinds: readonly SheetKind[], rows: Partial<Record<SheetKind, Row[]>>): Promise<void> {
  if (out.toLowerCase().endsWith('.csv')) {
    const kind = kinds[0];
    if (kinds.length !== 1 || !kind) throw new Error('A CSV template holds one kind: pass --kind.');
    const text = csvTemplate(kind, rows[kind] ?? []);
    await writeAtomically(out, (temp) => writeFile(temp, text, 'utf8'), 'the template', 0o666);
    return;
  }
  const workbook = buildTemplateWorkbook(kinds, rows);
  await writeAtomically(out, (temp) => workbook.xlsx.writeFile(temp), 'the template', 0o666);
}

/** A CSV template: header row of labels and the example rows, UTF-8 with BOM for Excel. */
export function csvTemplate(kind: SheetKind, rows: readonly Row[]): string {
  const fields = CATALOGUES[kind].fields;
  const lines = [fields.map((f) => quoteCsv(f.label)).join(',')];
  for (const row of rows) lines.push(fields.map((f) => quoteCsv(row[f.path] ?? '')).join(','));
  return `\ufeff${lines.join('\r\n')}\r\n`;
}

export const ALL_KINDS = SHEET_KINDS;
