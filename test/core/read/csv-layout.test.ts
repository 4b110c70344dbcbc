import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { readAll, readSheet } from './read-helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'pbx-unlabeled-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const warnings = (issues: ReadonlyArray<{ level: string; message: string }>): string[] =>
  issues.filter((i) => i.level === 'warning').map((i) => i.message);

describe('values in a column without a header are reported, once per column', () => {
  it('CSV: a blank first header, and blank headers after the last one', async () => {
    const file = join(dir, 'blank-headers.csv');
    writeFileSync(
      file,
      [
        ',PBX subdomain,Trunk,DIDs,Mode,,',
        'NOTE: important,acme,US_Register_A1B2C3,+12025550111,add,,',
        ',beta,US_Register_A1B2C3,+12025550112,add,,junk',
        'also,gamma,US_Register_A1B2C3,+12025550113,add,,more',
        '',
      ].join('\r\n'),
    );
    const sheet = await readSheet(file);
    expect(sheet.rows.map((r) => r.cells[1])).toEqual(['acme', 'beta', 'gamma']);
    expect(warnings(sheet.issues)).toEqual([
      'Column A has no header, but 2 row(s) have a value in it (row 2, 4); those values are not checked or sent. Give the column a header, or delete it.',
      'Column G has no header, but 2 row(s) have a value in it (row 3, 4); those values are not checked or sent. Give the column a header, or delete it.',
    ]);
  });

  it('XLSX: cells to the right of the last header', async () => {
    const file = join(dir, 'beyond-header.xlsx');
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('DID Bindings');
    sheet.addRow(['PBX subdomain', 'Trunk', 'DIDs', 'Mode']);
    for (let i = 0; i < 7; i++)
      sheet.addRow([`acme-${i}`, 'US_Register_A1B2C3', `+1202555011${i}`, 'add', '', '+12025559999']);
    await book.xlsx.writeFile(file);
    const read = await readSheet(file);
    expect(read.rows).toHaveLength(7);
    expect(warnings(read.issues)).toEqual([
      'Column F has no header, but 7 row(s) have a value in it (row 2, 3, 4, 5, 6, ...); those values are not checked or sent. Give the column a header, or delete it.',
    ]);
  });

  it('a table that starts in column B with column A empty gives no warning', async () => {
    const file = join(dir, 'margin.csv');
    writeFileSync(file, ',PBX subdomain,Trunk\r\n,acme,US_Register_A1B2C3\r\n');
    expect(warnings((await readSheet(file)).issues)).toEqual([]);
  });
});

describe("Excel's sep= hint line", () => {
  it('names the delimiter and is not a row: the header is row 1, as Excel shows the file', async () => {
    const file = join(dir, 'sep-hint.csv');
    // Commas inside the DIDs cell would win the delimiter count without the hint.
    writeFileSync(file, 'sep=;\r\nPBX subdomain;DIDs\r\nacme;+12025550111,+12025550112,+12025550113\r\n');
    const sheet = await readSheet(file);
    expect(sheet.headers).toEqual(['PBX subdomain', 'DIDs']);
    expect(sheet.headerRow).toBe(1);
    expect(sheet.rows.map((r) => [r.row, ...r.cells])).toEqual([
      [2, 'acme', '+12025550111,+12025550112,+12025550113'],
    ]);
  });
});

describe('rows merged into one cell by a stray quote', () => {
  it('are warned about on the row and column, wherever the quote is; a quoted list with line breaks is not', async () => {
    const file = join(dir, 'merged.csv');
    writeFileSync(
      file,
      [
        'PBX subdomain,Trunk,DIDs,Mode,Notes',
        'acme-1,US_Register_A1B2C3,"+12025550111,\n+12025550112",add,"fine',
        'acme-2,US_Register_A1B2C3,+12025550113,add,x',
        'acme-3,US_Register_A1B2C3,+12025550114,add,y" ok',
        'acme-4,US_Register_A1B2C3,+12025550115,add,',
        '',
      ].join('\r\n'),
    );
    const sheet = await readSheet(file);
    expect(sheet.rows.map((r) => r.cells[0])).toEqual(['acme-1', 'acme-4']);
    expect(
      sheet.issues.filter((i) => i.level === 'warning').map((i) => [i.row, i.column, i.message]),
    ).toEqual([
      [
        2,
        'Notes',
        `Its cell in column 'Notes' holds line breaks and as many ',' as a whole row: a '"' opened there may have merged the rows after it into this cell, and those rows are missing from the results. Check the quotes.`,
      ],
    ]);
  });
});

describe('a title above the headers', () => {
  it('CSV: a row of one cell above the header row is a title, said and skipped; rows keep their numbers', async () => {
    const file = join(dir, 'title.csv');
    writeFileSync(
      file,
      'Batch 7 onboarding,,,\r\n\r\nPBX subdomain,Trunk,DIDs,Mode\r\nacme,US_Register_A1B2C3,+12025550111,add\r\n',
    );
    const sheet = await readSheet(file);
    expect(sheet.headers).toEqual(['PBX subdomain', 'Trunk', 'DIDs', 'Mode']);
    expect(sheet.headerRow).toBe(3);
    expect(sheet.rows.map((r) => r.row)).toEqual([4]);
    expect(sheet.issues.map((i) => i.message)).toContain(
      "Row 1 ('Batch 7 onboarding') above the headers is taken as a title and skipped; the headers are on row 3.",
    );
  });

  it('XLSX: the same; and a one-column sheet keeps its first row as the header and the rest as data', async () => {
    const book = new ExcelJS.Workbook();
    const titled = book.addWorksheet('DID Bindings');
    titled.addRow(['Customer onboarding, batch 7']);
    titled.addRow(['PBX subdomain', 'Trunk', 'DIDs', 'Mode']);
    titled.addRow(['acme', 'US_Register_A1B2C3', '+12025550111', 'add']);
    const single = book.addWorksheet('Subdomains');
    for (const value of ['Subdomain', 'acme', 'beta']) single.addRow([value]);
    const file = join(dir, 'title.xlsx');
    await book.xlsx.writeFile(file);
    const [did, subdomains] = await readAll(file);
    expect(did?.headerRow).toBe(2);
    expect(did?.rows.map((r) => [r.row, r.cells[0]])).toEqual([[3, 'acme']]);
    expect(did?.issues.map((i) => i.message)).toContain(
      "Row 1 ('Customer onboarding, batch 7') above the headers is taken as a title and skipped; the headers are on row 2.",
    );
    expect(subdomains?.headers).toEqual(['Subdomain']);
    expect(subdomains?.rows.map((r) => [r.row, r.cells[0]])).toEqual([
      [2, 'acme'],
      [3, 'beta'],
    ]);
  });
});
