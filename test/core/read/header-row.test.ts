import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readWorkbook, type ReadOptions } from '../../../src/core/read/read-workbook.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pbx-header-row-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function read(file: string, options: ReadOptions = {}) {
  for await (const sheet of readWorkbook(file, options)) {
    const rows = [];
    for await (const r of sheet.rows) rows.push({ row: r.row, cells: r.cells });
    return { headers: sheet.headers, headerRow: sheet.headerRow, rows, issues: sheet.issues };
  }
  throw new Error('no sheet');
}

/** A sheet as people lay it out: "Company" merged over A1:B1 and "Capacity" over C1:D1, then the headers. */
async function groupHeaderSheet(): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('PBX');
  ws.addRow(['Company', '', 'Capacity', '']);
  ws.mergeCells('A1:B1');
  ws.mergeCells('C1:D1');
  ws.addRow(['PBX name', 'Subdomain', 'Extensions', 'Concurrent calls']);
  ws.addRow(['Acme', 'acme', 20, 5]);
  const file = join(dir, 'group.xlsx');
  await wb.xlsx.writeFile(file);
  return file;
}

describe('the header row', () => {
  it('looks past a merged group-header row above the real headers, and says so', async () => {
    const r = await read(await groupHeaderSheet());
    expect(r.headerRow).toBe(2);
    expect(r.headers).toEqual(['PBX name', 'Subdomain', 'Extensions', 'Concurrent calls']);
    expect(r.rows).toEqual([{ row: 3, cells: ['Acme', 'acme', '20', '5'] }]);
    expect(r.issues.map((i) => i.message).join('\n')).toContain(
      "Row 1 ('Company', 'Capacity') is taken as a group header above the headers on row 2",
    );
  });

  it('still refuses a header row with a hole when the next row is data', async () => {
    const file = join(dir, 'hole.csv');
    await writeFile(file, 'PBX name,,Plan\nAcme,5,Enterprise Plan\n');
    await expect(read(file)).rejects.toThrow(/empty column name in column B/);
  });

  it('takes the row the user chose, skipping the rows above it', async () => {
    const file = join(dir, 'chosen.csv');
    await writeFile(file, 'Exported by CRM,on 2026-12-01\nPBX name,Plan\nAcme,Enterprise Plan\n');
    const found = await read(file);
    expect(found.headerRow).toBe(1);
    const chosen = await read(file, { headerRows: { 'chosen.csv': 2 } });
    expect(chosen.headerRow).toBe(2);
    expect(chosen.headers).toEqual(['PBX name', 'Plan']);
    expect(chosen.rows).toEqual([{ row: 3, cells: ['Acme', 'Enterprise Plan'] }]);
    expect(chosen.issues.map((i) => i.message)).toContain('Row 1 above the chosen header row 2 is skipped.');
  });

  it('a chosen row in a workbook applies to its sheet by name, and is checked like any header row', async () => {
    const file = await groupHeaderSheet();
    expect((await read(file, { headerRows: { PBX: 2 } })).headerRow).toBe(2);
    expect((await read(file, { headerRows: { Other: 1 } })).headerRow).toBe(2);
    await expect(read(file, { headerRows: { PBX: 1 } })).rejects.toThrow(/empty column name in column B/);
  });
});

describe('a chosen header row that is not there', () => {
  it('says the row is blank and which row the headers were taken from', async () => {
    const file = join(dir, 'blank.csv');
    await writeFile(file, 'Name,Plan\n\nPBX name,Plan\nAcme,Enterprise Plan\n');
    const r = await read(file, { headerRow: 2 });
    expect(r.headerRow).toBe(3);
    expect(r.issues.map((i) => i.message)).toContain(
      'Row 2, chosen as the header row, is blank: the headers are taken from row 3, the next row with text.',
    );
  });

  it('refuses a CSV whose chosen header row is past its last row, saying so (not "empty")', async () => {
    const file = join(dir, 'short.csv');
    await writeFile(file, 'PBX name,Plan\nAcme,Enterprise Plan\n');
    await expect(read(file, { headerRow: 40 })).rejects.toThrow(
      'Row 40, given as the header row, is past the last row of the file (2).',
    );
  });

  it('says in a workbook sheet that the chosen row is past its last row', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('PBX').addRows([
      ['PBX name', 'Plan'],
      ['Acme', 'Enterprise Plan'],
    ]);
    const file = join(dir, 'short.xlsx');
    await wb.xlsx.writeFile(file);
    const r = await read(file, { headerRow: 9 });
    expect(r.headers).toEqual([]);
    expect(r.issues.map((i) => i.message)).toContain(
      'Row 9, chosen as the header row, is past the last row with text (2): the sheet has no headers there.',
    );
  });
});
