import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { fixture, readAll, readSheet } from './read-helpers.ts';

const cellsOf = (rows: { row: number; cells: string[] }[]): string[][] =>
  rows.map((r) => [String(r.row), ...r.cells]);

describe('XLSX reading shows each cell as the text the user sees', () => {
  it('openpyxl text cells keep leading +, leading zeros and 19-digit IDs; numbers keep every digit', async () => {
    const sheet = await readSheet(fixture('read', 'openpyxl-text-and-numbers.xlsx'), 'PBX');
    expect(sheet.headers).toEqual(['Name', 'DID', 'Customer ID', 'SN', 'Extensions']);
    expect(cellsOf(sheet.rows)).toEqual([
      ['2', 'Acme', '+12025550101', '0012345678901234567', '0000123', '20'],
      ['3', 'Globex', '004930123456', '1234567890123456789', '369A1B2C3D4E', '500'],
      ['4', 'Initech', '12025550103', '123456789012345', '007', '5'],
    ]);
    // Numbers stay typed as numbers so validation can warn that a DID lost its +.
    expect(sheet.rows[2]?.types?.slice(1, 3)).toEqual(['number', 'number']);
  });

  it('rich-text cells (a name typed half in bold) read as their plain text, and the strings after them stay in place', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'pbx-rich-')), 'rich.xlsx');
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('PBX');
    sheet.addRow(['Name', 'Subdomain']);
    sheet.addRow([{ richText: [{ text: 'Acme ', font: { bold: true } }, { text: 'Ltd' }] }, 'acme']);
    sheet.addRow(['Globex', 'globex']);
    await workbook.xlsx.writeFile(file);
    const read = await readSheet(file, 'PBX');
    expect(cellsOf(read.rows)).toEqual([
      ['2', 'Acme Ltd', 'acme'],
      ['3', 'Globex', 'globex'],
    ]);
  });

  it('SheetJS inline strings and a 00000 number format keep their leading zeros', async () => {
    const sheet = await readSheet(fixture('read', 'sheetjs-leading-zeros.xlsx'), 'PBX');
    expect(cellsOf(sheet.rows)).toEqual([
      ['2', 'Acme', '+12025550101', '0012345678901234567', '00501', '20'],
      ['3', 'Globex', '004930123456', '1234567890123456789', '09021', '500'],
    ]);
  });

  it('formula cells give the result LibreOffice calculated and cached, not the formula', async () => {
    const sheet = await readSheet(fixture('read', 'libreoffice-formulas.xlsx'), 'DID Bindings');
    expect(cellsOf(sheet.rows)).toEqual([
      ['2', 'acme', 'US_Register_A1B2C3', '+12025550101', 'acme-+12025550101'],
      ['3', 'globex', 'US_Register_A1B2C3', '004930123456', '20'],
    ]);
  });

  it('sheets are named as in the workbook, whatever order the writer put the zip parts in', async () => {
    // openpyxl writes absolute part paths and SheetJS puts worksheets before workbook.xml:
    // exceljs's streaming reader named these "Sheet1" or failed outright.
    const openpyxl = await readAll(fixture('read', 'openpyxl-layout.xlsx'));
    expect(openpyxl.map((s) => s.name)).toEqual(['DID Bindings']);
    for (let i = 0; i < 5; i++) {
      const sheetjs = await readAll(fixture('read', 'sheetjs-header-at-b4.xlsx'));
      expect(sheetjs.map((s) => [s.name, s.rows.length])).toEqual([
        ['Notes', 1],
        ['DID Bindings', 1],
      ]);
    }
  });

  it('a header on row 3 is found; empty rows are skipped and reported; row numbers stay the sheet rows', async () => {
    const sheet = await readSheet(fixture('read', 'openpyxl-layout.xlsx'), 'DID Bindings');
    expect(sheet.headerRow).toBe(3);
    expect(sheet.headers).toEqual(['PBX subdomain', 'Trunk', 'DIDs']);
    expect(sheet.rows.map((r) => r.row)).toEqual([4, 5, 8, 9, 10]);
    expect(sheet.issues.map((i) => i.message)).toContain('2 empty row(s) skipped.');
  });

  it('a hidden row is still read: hiding a row in Excel does not drop a PBX from the import', async () => {
    const sheet = await readSheet(fixture('read', 'openpyxl-layout.xlsx'), 'DID Bindings');
    expect(sheet.rows.find((r) => r.row === 5)?.cells).toEqual([
      'acme',
      'US_Register_A1B2C3',
      '+12025550102',
    ]);
    expect(sheet.rows.find((r) => r.row === 5)?.hidden).toBe(true);
    expect(sheet.issues.map((i) => i.message)).toContain(
      '1 hidden row(s) (5) were read and checked like the others; unhide them in Excel to see them.',
    );
  });

  it('a merged cell gives its value to its first row only; the rows under it are empty there', async () => {
    const sheet = await readSheet(fixture('read', 'openpyxl-layout.xlsx'), 'DID Bindings');
    expect(sheet.rows.find((r) => r.row === 8)?.cells).toEqual([
      'globex',
      'US_Register_A1B2C3',
      '+12025550108',
    ]);
    expect(sheet.rows.find((r) => r.row === 9)?.cells).toEqual(['', '', '+12025550109']);
    expect(sheet.issues.filter((i) => i.message.startsWith('Cells A8:A9 are merged')).length).toBe(1);
  });

  it('a table that starts at B4 (SheetJS origin) is read with its header on row 4', async () => {
    const sheet = await readSheet(fixture('read', 'sheetjs-header-at-b4.xlsx'), 'DID Bindings');
    expect(sheet.headerRow).toBe(4);
    expect(sheet.headers).toEqual(['', 'PBX subdomain', 'Trunk', 'DIDs']);
    expect(cellsOf(sheet.rows)).toEqual([['5', '', 'acme', 'US_Register_A1B2C3', '+12025550101']]);
  });

  it('shows values Excel already damaged as Excel shows them (scientific notation, dates)', async () => {
    const sheet = await readSheet(fixture('read', 'openpyxl-excel-damaged.xlsx'), 'DID Bindings');
    const did = (row: number): [string | undefined, string | undefined] => {
      const r = sheet.rows.find((x) => x.row === row);
      return [r?.cells[2], r?.types?.[2]];
    };
    expect(did(2)).toEqual(['+12025550101', 'string']);
    expect(did(3)).toEqual(['12025550102', 'number']);
    expect(did(4)).toEqual(['4.48E+11', 'number']);
    expect(did(5)).toEqual(['2025-05-01', 'date']);
    expect(sheet.rows.find((x) => x.row === 6)?.cells[3]).toBe('1.23E+11');
  });

  it('a time alone reads as its time, not as a time on Excel day 0 (1899-12-30)', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'pbx-time-')), 'times.xlsx');
    const book = new ExcelJS.Workbook();
    const ws = book.addWorksheet('DID Bindings');
    ws.addRow(['PBX subdomain', 'Trunk', 'DIDs', 'Mode', 'Note']);
    ws.addRow(['acme', 'US_Register_A1B2C3', '+12025550101', 'add', 0.5625]);
    ws.addRow(['acme', 'US_Register_A1B2C3', '+12025550102', 'add', 46000.5625]);
    ws.getCell('E2').numFmt = 'h:mm AM/PM';
    ws.getCell('E3').numFmt = 'm/d/yyyy h:mm';
    await book.xlsx.writeFile(file);
    const sheet = await readSheet(file, 'DID Bindings');
    expect(sheet.rows.map((r) => r.cells[4])).toEqual(['13:30', '2025-12-09 13:30']);
    // In a 1904-based workbook day 0 is 1904-01-01: a time alone is still its time.
    book.properties.date1904 = true;
    const file1904 = file.replace('times.xlsx', 'times-1904.xlsx');
    await book.xlsx.writeFile(file1904);
    expect((await readSheet(file1904, 'DID Bindings')).rows[0]?.cells[4]).toBe('13:30');
  });

  it("LibreOffice's default CSV import stores DIDs as numbers: the + and leading zeros are gone", async () => {
    const sheet = await readSheet(fixture('read', 'libreoffice-csv-import-damaged.xlsx'));
    expect(sheet.rows.map((r) => [r.cells[2], r.types?.[2]])).toEqual([
      ['12025550101', 'number'],
      ['4930123456', 'number'],
    ]);
  });
});
