import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { validateFile } from '../../../src/core/validate/validate-file.ts';
import { InputError } from '../../../src/core/model.ts';
import { CATALOGUES } from '../../../src/core/schema/catalogue.ts';
import {
  ADMIN,
  cleanTemp,
  errorsOf,
  exampleRow,
  validateCsv,
  validateRecords,
  validateWorkbook,
  warningsOf,
} from './validate-helpers.ts';

afterAll(cleanTemp);

const fixture = (...p: string[]): string => join(import.meta.dirname, '..', '..', 'fixtures', ...p);

describe('list cells', () => {
  it('DID numbers split on commas, semicolons and new lines, keeping their +', async () => {
    const result = await validateRecords('did', [
      exampleRow('did', { dids: '+12025550111, +12025550112;+12025550113\n+12025550114\r\n004930123456' }),
    ]);
    expect(errorsOf(result)).toEqual([]);
    expect(result.records[0]?.values['dids']).toEqual([
      '+12025550111',
      '+12025550112',
      '+12025550113',
      '+12025550114',
      '004930123456',
    ]);
  });

  it('customer IDs split the same way and must be whole numbers', async () => {
    const ok = await validateRecords('pbx', [
      exampleRow('pbx', { customerEmails: '', customerIds: '101;102\n103' }),
    ]);
    expect(ok.records[0]?.values['customerIds']).toEqual([101, 102, 103]);
    const bad = await validateRecords('pbx', [
      exampleRow('pbx', { customerEmails: '', customerIds: '101, abc' }),
    ]);
    expect(errorsOf(bad)).toEqual([
      {
        column: 'Customer IDs',
        level: 'error',
        message: "'abc' is not a whole-number ID; separate IDs with commas.",
      },
    ]);
  });

  it('an ID in a list too large to keep exactly is refused, never rounded', async () => {
    const result = await validateRecords('did', [
      exampleRow('did', { dids: '', didIds: '12, 9007199254740993' }),
    ]);
    expect(errorsOf(result)).toContainEqual({
      column: 'DID IDs',
      level: 'error',
      message: 'ID 9007199254740993 is too large for a number field.',
    });
    expect(result.records[0]?.values['didIds']).toBeUndefined();
  });

  it('one bad DID in a list is named', async () => {
    const result = await validateRecords('did', [exampleRow('did', { dids: '+12025550111, 555-0112' })]);
    expect(errorsOf(result)).toEqual([
      expect.objectContaining({ column: 'DIDs', message: expect.stringMatching(/^'555-0112' is not valid/) }),
    ]);
  });
});

describe('one-line fields', () => {
  it('a line break in a name, subdomain or password is an error on that cell; in a list it separates items', async () => {
    const result = await validateRecords('pbx', [
      exampleRow('pbx', {
        name: 'Acme\nLtd',
        subDomain: 'acme\r\nbeta',
        customerEmails: 'a@x.example\nb@x.example',
      }),
    ]);
    const errors = errorsOf(result);
    expect(errors.map((m) => m.column)).toEqual(['PBX name', 'Subdomain']);
    expect(errors[0]?.message).toMatch(/line break, which this field cannot have.*Fix the quotes/);
    expect(result.records[0]?.values['customerEmails']).toEqual(['a@x.example', 'b@x.example']);
  });

  it('other control characters in a one-line field are errors too, named', async () => {
    const result = await validateRecords('pbx', [
      exampleRow('pbx', { name: 'Acme\u001b[2J Ltd', subDomain: 'ac\tme' }),
    ]);
    expect(errorsOf(result).map((m) => [m.column, m.message])).toEqual([
      [
        'PBX name',
        'This cell holds the control character U+001B, which this field cannot have (pasted from elsewhere?). Remove it.',
      ],
      [
        'Subdomain',
        'This cell holds a tab, which this field cannot have (pasted from elsewhere?). Remove it.',
      ],
    ]);
  });

  it('in a workbook the message only says to remove it (Alt+Enter, not quoting)', async () => {
    const result = await validateWorkbook({ pbx: [exampleRow('pbx', { name: 'Acme\nLtd' })] });
    expect(errorsOf(result, 2, 'PBX')).toEqual([
      {
        column: 'PBX name',
        level: 'error',
        message: 'This cell holds a line break, which this field cannot have. Remove it.',
      },
    ]);
  });
});

describe('formula and error cells in a workbook', () => {
  it('a formula never calculated, and an Excel error value, are errors on their cells, not empty or text', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pbx-formula-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    const file = join(dir, 'formulas.xlsx');
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('DID Bindings');
    sheet.addRow(['PBX subdomain', 'Trunk', 'DIDs', 'Mode']);
    // Written by a program that does not calculate: a formula and no stored result.
    sheet.addRow(['acme', 'US_Register_A1B2C3', '+12025550111', { formula: 'IF(1,"replace","add")' }]);
    sheet.addRow([{ error: '#N/A' }, 'US_Register_A1B2C3', '+12025550112', 'add']);
    await book.xlsx.writeFile(file);
    const result = await validateFile(file);
    expect(errorsOf(result, 2)).toEqual([
      {
        column: 'Mode',
        level: 'error',
        message: expect.stringMatching(/^This cell is a formula that was never calculated/),
      },
    ]);
    expect(errorsOf(result, 3)).toEqual([
      {
        column: 'PBX subdomain',
        level: 'error',
        message: "This cell shows Excel's error value #N/A, not a value: fix the formula or type the value.",
      },
    ]);
  });
});

describe('phone numbers Excel stored as numbers', () => {
  it('are warned about, and one shown in scientific notation is an error (that text is not the number)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pbx-phones-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    const file = join(dir, 'phones.xlsx');
    const row = exampleRow('pbx', { [`${ADMIN}.enableMobileNotify`]: 'Enabled' });
    const fields = CATALOGUES.pbx.fields.filter(
      (f) => (row[f.path] ?? '') !== '' || f.path.endsWith('mobileNumber') || f.path.endsWith('.prefix'),
    );
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('PBX');
    sheet.addRow(fields.map((f) => f.label));
    const values = (mobile: number): Array<string | number> =>
      fields.map((f) =>
        f.path.endsWith('mobileNumber') ? mobile : f.path.endsWith('.prefix') ? 0 : (row[f.path] ?? ''),
      );
    sheet.addRow(values(447700900123));
    sheet.addRow(values(448000000000));
    const mobileColumn = fields.findIndex((f) => f.path.endsWith('mobileNumber')) + 1;
    sheet.getRow(3).getCell(mobileColumn).numFmt = '0.00E+00';
    await book.xlsx.writeFile(file);
    const result = await validateFile(file);
    expect(warningsOf(result, 2, 'PBX').map((m) => [m.column, m.message])).toEqual(
      expect.arrayContaining([
        ['Admin mobile', expect.stringMatching(/^447700900123 is stored as a number, so a leading \+ or 0/)],
        ['Admin mobile prefix', expect.stringMatching(/^0 is stored as a number/)],
      ]),
    );
    expect(errorsOf(result, 3, 'PBX')).toContainEqual({
      column: 'Admin mobile',
      level: 'error',
      message: expect.stringMatching(/^Excel shows 4\.48E\+11 in scientific notation/),
    });
  });
});

describe('a sheet without its header row', () => {
  it('is refused instead of its first data row being read as headers (and echoed: it may hold a password)', async () => {
    const error = await validateCsv(
      'myreports',
      [
        'Acme Ltd',
        'ThreeCxConnectionProfile',
        'Acme 3CX',
        'https://acme.3cx.example',
        'admin',
        'S3cretPassw0rd!',
      ],
      [
        [
          'Beta Ltd',
          'ThreeCxConnectionProfile',
          'Beta 3CX',
          'https://beta.3cx.example',
          'admin',
          'An0therPassw0rd!',
        ],
      ],
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toBe(
      "Almost none of the 6 headers on row 1 are myreports columns: is the header row missing? Put the template's headers above the data (pbx-bulk template --kind myreports).",
    );
  });
});

describe('two columns for one field', () => {
  it('are refused naming both, instead of one being silently ignored', async () => {
    const error = await validateCsv(
      'did',
      ['PBX subdomain', 'Trunk', 'DIDs', 'Mode', 'DID numbers'],
      [['acme', 'US_Register_A1B2C3', '', 'add', '+12025550111']],
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toBe(
      "Columns 'DIDs' (C) and 'DID numbers' (E) are the same did field; keep one of them, or map one to another field.",
    );
  });
});

describe('values Excel already damaged are flagged on the cell, never fixed silently', () => {
  it('openpyxl workbook: number-stored DID, scientific notation, a date in the DID column, an ID in E notation', async () => {
    const result = await validateFile(fixture('read', 'openpyxl-excel-damaged.xlsx'), { keepRecords: true });
    const sheet = 'DID Bindings';
    // (Every row also says PBX 'acme' is not in this workbook: that is the cross-row check.)
    const cellWarnings = (row: number) =>
      warningsOf(result, row, sheet).filter((m) => m.column !== 'PBX subdomain');
    expect(result.report.rows.map((r) => [r.row, r.status])).toEqual([
      [2, 'valid'],
      [3, 'valid'],
      [4, 'invalid'],
      [5, 'invalid'],
      [6, 'invalid'],
    ]);
    expect(cellWarnings(2)).toEqual([]);
    expect(cellWarnings(3)).toEqual([
      expect.objectContaining({
        column: 'DIDs',
        message: expect.stringMatching(/^The DID 12025550102 is stored as a number/),
      }),
    ]);
    expect(cellWarnings(4)).toContainEqual(
      expect.objectContaining({
        column: 'DIDs',
        message: expect.stringMatching(/^Excel shows 4\.48E\+11 in scientific notation/),
      }),
    );
    expect(cellWarnings(5)).toContainEqual(
      expect.objectContaining({
        column: 'DIDs',
        message: expect.stringMatching(/^Excel turned this value into a date \(2025-05-01\)/),
      }),
    );
    expect(cellWarnings(6)).toContainEqual(
      expect.objectContaining({
        column: 'Trunk ID',
        message: expect.stringMatching(/1\.23E\+11 in scientific notation/),
      }),
    );
    // The damaged text is kept as it was read, not "repaired".
    expect(result.records.find((r) => r.row === 4)?.fields['dids']).toBe('4.48E+11');
  });

  it("LibreOffice's damaging CSV import: each DID that lost its + or leading zero is warned about", async () => {
    const result = await validateFile(fixture('read', 'libreoffice-csv-import-damaged.xlsx'), {
      kind: 'did',
    });
    expect(
      result.report.rows.map((r) => r.messages.filter((m) => /stored as a number/.test(m.message)).length),
    ).toEqual([1, 1]);
  });

  it('a DID typed as text with its + is not warned about', async () => {
    const result = await validateFile(fixture('read', 'libreoffice-formulas.xlsx'));
    expect(result.report.rows.flatMap((r) => r.messages.filter((m) => m.column === 'DIDs'))).toEqual([]);
  });

  it('a date cell in a timestamp column becomes Unix seconds without a time-zone warning', async () => {
    const result = await validateRecords('pbx', [
      exampleRow('pbx', { expirationDate: '2027-12-31', allowRunAfterExpirationDate: 'FALSE' }),
    ]);
    expect(result.records[0]?.values['expirationDate']).toBe(Date.UTC(2027, 11, 31) / 1000);
    expect(result.records[0]?.values['allowRunAfterExpirationDate']).toBe(false);
  });
});

describe('a merged or hidden row in a real workbook', () => {
  it('the row under a merged PBX cell is invalid with a message naming the empty column', async () => {
    const result = await validateFile(fixture('read', 'openpyxl-layout.xlsx'));
    const rows = result.report.rows.map((r) => [r.row, r.status]);
    expect(rows).toEqual([
      [4, 'valid'],
      [5, 'valid'],
      [8, 'valid'],
      [9, 'invalid'],
      [10, 'valid'],
    ]);
    expect(errorsOf(result, 9, 'DID Bindings').map((m) => m.column)).toEqual(['PBX subdomain', 'Trunk']);
  });
});
