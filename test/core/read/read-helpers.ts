import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { SheetSource, SourceRow } from '../../../src/core/model.ts';
import { readWorkbook, type ReadOptions } from '../../../src/core/read/read-workbook.ts';

export const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures');
export const fixture = (...parts: string[]): string => join(FIXTURES, ...parts);

/** Every CSV, TSV and TXT of the fixture corpus, good and bad: what the CSV readers are compared on. */
export function csvCorpus(): string[] {
  return [
    ...readdirSync(fixture('read'))
      .filter((f) => /\.(csv|tsv)$/.test(f))
      .map((f) => fixture('read', f)),
    ...readdirSync(fixture('bad'))
      .filter((f) => /\.(csv|tsv|txt)$/.test(f))
      .map((f) => fixture('bad', f)),
  ];
}

export interface ReadSheet extends Omit<SheetSource, 'rows'> {
  rows: SourceRow[];
}

/** Reads every sheet of a file with its rows (fixtures are small). */
export async function readAll(file: string, options: ReadOptions = {}): Promise<ReadSheet[]> {
  const sheets: ReadSheet[] = [];
  for await (const sheet of readWorkbook(file, options)) {
    const rows: SourceRow[] = [];
    for await (const row of sheet.rows) rows.push(row);
    sheets.push({ ...sheet, rows });
  }
  return sheets;
}

/** The one sheet of a file (CSV) or the sheet named `name`. */
export async function readSheet(file: string, name?: string, options: ReadOptions = {}): Promise<ReadSheet> {
  const sheets = await readAll(file, options);
  const sheet = name === undefined ? sheets[0] : sheets.find((s) => s.name === name);
  if (!sheet) throw new Error(`no sheet ${name ?? ''} in ${file}: ${sheets.map((s) => s.name).join(', ')}`);
  return sheet;
}

/** The corpus table written by scripts/make-fixtures.py in every encoding and delimiter. */
export const CORPUS_HEADERS = ['Name', 'Subdomain', 'DID', 'Customer ID', 'Notes'];
export const CORPUS_ROWS = [
  ['Société Générale', 'societe', '+33142868200', '0012345678901234567', 'Crème brûlée; "5 €"'],
  ['Müller GmbH', 'mueller', '004930123456', '1234567890123456789', 'Straße, Köln'],
  ['Ñandú SA', 'nandu', '+5491155550000', '9999999999999999999', 'línea 1\nlínea 2'],
];
