import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SheetKind } from '../../../src/shared/types.ts';
import type { RowMessage } from '../../../src/shared/types.ts';
import { CATALOGUES } from '../../../src/core/schema/catalogue.ts';
import { filledInExample } from '../../helpers/example-rows.ts';
import { writeTemplate } from '../../../src/core/templates/make-template.ts';
import { validateFile, type ValidationResult } from '../../../src/core/validate/validate-file.ts';

type Row = Record<string, string>;

let dir: string | undefined;
let counter = 0;

async function tempFile(name: string): Promise<string> {
  dir ??= await mkdtemp(join(tmpdir(), 'pbx-validate-'));
  counter++;
  return join(dir, `${counter}-${name}`);
}

export async function cleanTemp(): Promise<void> {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
}

const quote = (cell: string): string => `"${cell.replace(/"/g, '""')}"`;

/**
 * Writes a CSV with the given headers and rows and validates it as `kind`.
 * `headers` are what the user wrote; rows are cell texts in the same order.
 */
export async function validateCsv(
  kind: SheetKind,
  headers: string[],
  rows: string[][],
): Promise<ValidationResult> {
  const file = await tempFile(`${kind}.csv`);
  const lines = [headers, ...rows].map((cells) => cells.map(quote).join(','));
  await writeFile(file, `${lines.join('\r\n')}\r\n`);
  return validateFile(file, { kind, keepRecords: true });
}

/** The template example row of a kind, filled in, with `changes` (field path → text; '' empties the cell). */
export function exampleRow(kind: SheetKind, changes: Row = {}): Row {
  return { ...filledInExample(kind), ...changes };
}

/**
 * Validates rows given as field path → text, under the template's headers (labels), or under
 * `rename` (field path → the header the user wrote).
 */
export async function validateRecords(
  kind: SheetKind,
  rows: Row[],
  rename: Row = {},
): Promise<ValidationResult> {
  const paths = CATALOGUES[kind].fields
    .map((f) => f.path)
    .filter((p) => rows.some((r) => r[p] !== undefined && r[p] !== ''));
  const headers = paths.map(
    (p) => rename[p] ?? CATALOGUES[kind].fields.find((f) => f.path === p)?.label ?? p,
  );
  return validateCsv(
    kind,
    headers,
    rows.map((r) => paths.map((p) => r[p] ?? '')),
  );
}

/** A workbook with one sheet per kind, written by the template writer, validated. */
export async function validateWorkbook(rows: Partial<Record<SheetKind, Row[]>>): Promise<ValidationResult> {
  const file = await tempFile('book.xlsx');
  const kinds = (Object.keys(rows) as SheetKind[]).filter((k) => (rows[k] ?? []).length > 0);
  await writeTemplate(file, kinds, { pbx: [], did: [], expansion: [], myreports: [], ...rows });
  return validateFile(file, { keepRecords: true });
}

/** Messages of one row (1-based sheet row), optionally only one level. */
export function messagesOf(result: ValidationResult, row: number, sheet?: string): RowMessage[] {
  const found = result.report.rows.find((r) => r.row === row && (sheet === undefined || r.sheet === sheet));
  if (!found) throw new Error(`no report row ${row}`);
  return found.messages;
}

export const errorsOf = (result: ValidationResult, row = 2, sheet?: string): RowMessage[] =>
  messagesOf(result, row, sheet).filter((m) => m.level === 'error');

export const warningsOf = (result: ValidationResult, row = 2, sheet?: string): RowMessage[] =>
  messagesOf(result, row, sheet).filter((m) => m.level === 'warning');

export const ADMIN = 'cloudPbxInitialConfigRequest.administratorSettings';
export const LOCAL = 'cloudPbxInitialConfigRequest.localization';
export const DATE = 'cloudPbxInitialConfigRequest.dateAndTimeSettings';
