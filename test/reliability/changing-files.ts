/**
 * Files that change while they are read (issue 16): an xlsx of two sheets that another file is
 * renamed over (as Excel saves), and a CSV of 100,000 rows truncated in place.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';

const HEADERS = ['PBX subdomain', 'Trunk', 'DIDs', 'Mode'];

function did(i: number): string {
  return `+1202${String(i).padStart(7, '0')}`;
}

async function twoSheets(file: string, rows: number, sub: string): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file });
  for (const [n, name] of ['DID Bindings', 'More DIDs'].entries()) {
    const sheet = wb.addWorksheet(name);
    sheet.addRow(HEADERS).commit();
    for (let i = 0; i < rows; i++)
      sheet.addRow([sub, 'US_Register_A1B2C3', did(n * rows + i), 'add']).commit();
    sheet.commit();
  }
  await wb.commit();
}

/** `file`, and `other`: the same two sheets with other values, to rename over it. */
export async function changingXlsx(dir: string, rows = 20_000): Promise<{ file: string; other: string }> {
  const file = join(dir, 'replaced-while-read.xlsx');
  const other = join(dir, 'replacement.xlsx');
  await twoSheets(file, rows, 'existingco');
  await twoSheets(other, rows, 'otherco');
  return { file, other };
}

/** A CSV of `rows` DID rows, and the size of its first half. */
export function changingCsv(dir: string, rows = 100_000): { file: string; half: number } {
  const file = join(dir, 'truncated-while-read.csv');
  const lines = [HEADERS.join(',')];
  for (let i = 0; i < rows; i++) lines.push(`existingco,US_Register_A1B2C3,${did(i)},add`);
  const text = `${lines.join('\r\n')}\r\n`;
  writeFileSync(file, text);
  return { file, half: Buffer.byteLength(text.slice(0, text.length >> 1)) };
}
