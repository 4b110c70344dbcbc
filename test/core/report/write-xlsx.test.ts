import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Cell, Worksheet } from 'exceljs';
import XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import { SECRET_MASK } from '../../../src/core/util/cell-safety.ts';
import { isResultHeader, writeReport } from '../../../src/core/report/write-report.ts';
import type { ReportSource } from '../../../src/core/report/write-report.ts';
import type { Report, ReportRow } from '../../../src/shared/types.ts';
import { HEADERS, PASSWORD, sampleReport, sampleSource, tempDir } from './sample-report.ts';

async function readBack(path: string): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  return workbook;
}

function sheetOf(workbook: ExcelJS.Workbook, name: string): Worksheet {
  const sheet = workbook.getWorksheet(name);
  if (!sheet) throw new Error(`no sheet ${name}`);
  return sheet;
}

function fillOf(cell: Cell): string | undefined {
  return cell.fill?.type === 'pattern' ? cell.fill.fgColor?.argb : undefined;
}

/** A sheet as SheetJS (an independent reader) sees it, as rows of values. */
function sheetJsRows(path: string, name: string): unknown[][] {
  const sheet = XLSX.readFile(path).Sheets[name];
  if (!sheet) throw new Error(`no sheet ${name}`);
  return XLSX.utils.sheet_to_json<unknown[]>(sheet, { header: 1 });
}

function headerIndex(sheet: Worksheet, header: string): number {
  const values = sheet.getRow(1).values as unknown[];
  return values.indexOf(header);
}

describe('XLSX report', () => {
  it("keeps the user's headers and cell text exactly, as text", async () => {
    const out = join(tempDir(), 'report.xlsx');
    await writeReport(out, sampleReport(), sampleSource());
    const sheet = sheetOf(await readBack(out), 'PBX');
    expect((sheet.getRow(1).values as unknown[]).slice(1, 6)).toEqual(HEADERS);
    expect(sheet.getCell('C2').value).toBe('+12025550101');
    expect(sheet.getCell('D2').value).toBe('00123');
    expect(sheet.getCell('C3').value).toBe('+44 20 7946 1101');
    expect(sheet.getCell('D3').value).toBe('-5');
    expect(sheet.getCell('C5').value).toBe('12025550102');
    expect(sheet.getCell('E5').value).toBe('line\nbreak');
    // Edge spaces survive in exceljs and in an independent reader.
    expect(sheet.getCell('D5').text).toBe(' padded ');
    expect(XLSX.readFile(out).Sheets['PBX']?.['D5']?.v).toBe(' padded ');
    // Rows stay at their source row numbers, so "row 5" in a message is row 5 here.
    expect(sheet.getCell('A5').value).toBe('gamma, "quoted"');
    expect(sheet.getRow(4).hasValues).toBe(false);
  });

  it('stores a formula-injection payload as neutralised text, never as a formula', async () => {
    const out = join(tempDir(), 'report.xlsx');
    await writeReport(out, sampleReport(), sampleSource());
    const sheet = sheetOf(await readBack(out), 'PBX');
    expect(sheet.getCell('E2').type).toBe(ExcelJS.ValueType.String);
    expect(sheet.getCell('E2').value).toBe(`'=HYPERLINK("http://evil","x")`);
    expect(sheet.getCell('E3').value).toBe(`'-2+3`);
    const independent = XLSX.readFile(out).Sheets['PBX'];
    expect(independent?.['E2']?.f).toBeUndefined();
    expect(independent?.['E2']?.v).toBe(`'=HYPERLINK("http://evil","x")`);
  });

  it('adds a coloured status column and a messages column', async () => {
    const out = join(tempDir(), 'report.xlsx');
    await writeReport(out, sampleReport(), sampleSource());
    const sheet = sheetOf(await readBack(out), 'PBX');
    const status = headerIndex(sheet, 'Result: status');
    const messages = headerIndex(sheet, 'Result: messages');
    expect(status).toBe(6);
    expect(sheet.getRow(3).getCell(status).value).toBe('invalid');
    expect(fillOf(sheet.getRow(3).getCell(status))).toBe('FFFFC7CE');
    expect(sheet.getRow(2).getCell(status).value).toBe('valid');
    expect(fillOf(sheet.getRow(2).getCell(status))).toBe('FFC6EFCE');
    expect(String(sheet.getRow(3).getCell(messages).value)).toContain('Admin password: must be at least 10');
  });

  it('highlights the invalid cell and explains it in a note', async () => {
    const out = join(tempDir(), 'report.xlsx');
    await writeReport(out, sampleReport(), sampleSource());
    const sheet = sheetOf(await readBack(out), 'PBX');
    expect(fillOf(sheet.getCell('B3'))).toBe('FFFFC7CE'); // error: red
    expect(fillOf(sheet.getCell('C3'))).toBe('FFFFEB9C'); // warning: amber
    expect(JSON.stringify(sheet.getCell('B3').note)).toContain('must be at least 10 characters');
    // An independent reader sees the same note.
    const cell = XLSX.readFile(out).Sheets['PBX']?.['B3'] as { c?: Array<{ t: string }> } | undefined;
    expect(cell?.c?.[0]?.t).toContain('must be at least 10 characters');
  });

  it('never writes a secret in clear, not even echoed in a message or note', async () => {
    const out = join(tempDir(), 'report.xlsx');
    await writeReport(out, sampleReport(), sampleSource());
    const sheet = sheetOf(await readBack(out), 'PBX');
    expect(sheet.getCell('B2').value).toBe(SECRET_MASK);
    expect(sheet.getCell('B3').value).toBe(SECRET_MASK);
    expect(sheet.getCell('B5').value).toBeNull(); // empty stays empty
    // Every cell and note of every sheet, as an independent reader sees them.
    const dump = JSON.stringify(XLSX.readFile(out).Sheets);
    expect(dump).toContain('must be at least 10 characters');
    expect(dump).not.toContain(PASSWORD);
    expect(dump).not.toContain('short');
  });

  it('stays re-importable: user headers unchanged, every added header marked as a result', async () => {
    const out = join(tempDir(), 'run.xlsx');
    await writeReport(out, sampleReport('run'), sampleSource());
    const workbook = await readBack(out);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['PBX', 'Summary']);
    const sheet = sheetOf(workbook, 'PBX');
    const headers = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
    expect(headers.slice(0, 5)).toEqual(HEADERS);
    expect(headers.slice(5).every(isResultHeader)).toBe(true);
    expect(headers).toContain('Result: cloudPbxId');
    expect(sheet.getRow(2).getCell(headerIndex(sheet, 'Result: cloudPbxId')).value).toBe(
      '1234567890123456789',
    );
    expect(fillOf(sheet.getRow(5).getCell(headerIndex(sheet, 'Result: status')))).toBe('FFFFC7CE'); // failed
    expect(fillOf(sheet.getRow(3).getCell(headerIndex(sheet, 'Result: status')))).toBe('FFD9D9D9'); // skipped
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
  });

  it('adds a Summary sheet with the counts and file-level messages', async () => {
    const out = join(tempDir(), 'report.xlsx');
    await writeReport(out, sampleReport(), sampleSource());
    const rows = sheetJsRows(out, 'Summary');
    expect(rows).toContainEqual(['Rows', 3]);
    expect(rows).toContainEqual(['invalid', 1]);
    expect(rows).toContainEqual(['PBX', 'Colour', 'warning', 'unknown column, ignored']);
  });

  it('without a source, lists every report row in a generic sheet', async () => {
    const out = join(tempDir(), 'plain.xlsx');
    await writeReport(out, sampleReport());
    const rows = sheetJsRows(out, 'Rows');
    expect(rows[0]).toEqual(['sheet', 'kind', 'Result: row', 'Result: status', 'Result: messages']);
    expect(rows.slice(1).map((r) => r.slice(0, 4))).toEqual([
      ['PBX', 'pbx', '2', 'valid'],
      ['PBX', 'pbx', '3', 'invalid'],
      ['PBX', 'pbx', '5', 'valid'],
    ]);
  });

  it('writes 20,000 rows with a note on every invalid one', async () => {
    const count = 20_000;
    const sourceRows = Array.from({ length: count }, (_, i) => ({
      row: i + 2,
      cells: [`pbx${i}`, `Secret${i}Xy!`, `+1202555${String(i).padStart(4, '0')}`],
    }));
    const source: ReportSource = {
      sheets: [
        {
          name: 'PBX',
          kind: 'pbx',
          headerRow: 1,
          headers: ['subDomain', 'newPassword', 'dids'],
          rows: sourceRows,
        },
      ],
    };
    const rows: ReportRow[] = sourceRows.map((r) => ({
      sheet: 'PBX',
      row: r.row,
      kind: 'pbx',
      status: r.row % 10 === 0 ? 'invalid' : 'valid',
      messages: r.row % 10 === 0 ? [{ column: 'subDomain', level: 'error', message: 'already used' }] : [],
    }));
    const report: Report = {
      summary: {
        file: 'big.xlsx',
        mode: 'validate',
        total: count,
        byStatus: {},
        errors: 0,
        warnings: 0,
        fileMessages: [],
      },
      rows,
    };
    const out = join(tempDir(), 'big.xlsx');
    await writeReport(out, report, source);
    const sheet = sheetOf(await readBack(out), 'PBX');
    expect(sheet.rowCount).toBe(count + 1);
    expect(sheet.getCell(`C${count + 1}`).value).toBe(`+1202555${String(count - 1).padStart(4, '0')}`);
    expect(sheet.getCell('B20').value).toBe(SECRET_MASK);
    expect(JSON.stringify(sheet.getCell('A20').note)).toContain('already used');
    expect(sheet.getCell('D20').value).toBe('invalid');
  });
});

describe('XLSX report of a workbook with several sheets', () => {
  it('keeps each sheet, its header position and its own notes', async () => {
    const source = sampleSource();
    source.sheets.push({
      name: 'DID Bindings',
      kind: 'did',
      headerRow: 3,
      headers: ['pbx', 'dids'],
      rows: [{ row: 4, cells: ['acme', '+12025550199'] }],
    });
    const report = sampleReport();
    report.rows.push({
      sheet: 'DID Bindings',
      row: 4,
      kind: 'did',
      status: 'invalid',
      messages: [{ column: 'dids', level: 'error', message: 'DID not carried by the trunk' }],
    });
    const out = join(tempDir(), 'multi.xlsx');
    await writeReport(out, report, source);
    const workbook = await readBack(out);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['PBX', 'DID Bindings', 'Summary']);
    const dids = sheetOf(workbook, 'DID Bindings');
    expect(dids.getCell('A3').value).toBe('pbx');
    expect(dids.getCell('B4').value).toBe('+12025550199');
    expect(dids.getCell('C4').value).toBe('invalid');
    expect(dids.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
    expect(JSON.stringify(dids.getCell('B4').note)).toContain('DID not carried by the trunk');
    expect(JSON.stringify(sheetOf(workbook, 'PBX').getCell('B3').note)).toContain('at least 10 characters');
    const independent = XLSX.readFile(out).Sheets['DID Bindings']?.['B4'] as
      { c?: Array<{ t: string }> } | undefined;
    expect(independent?.c?.[0]?.t).toContain('DID not carried by the trunk');
  });
});

describe('XLSX report limits', () => {
  it('sheet names Excel would refuse (apostrophe first or last, "History", too long) are made valid and read back', async () => {
    const base = sampleSource().sheets[0];
    if (!base) throw new Error('no sample sheet');
    const names = ["'Q3 dids.csv", 'history', `${'x'.repeat(40)}'`];
    const source: ReportSource = { sheets: names.map((name) => ({ ...base, name })) };
    const out = join(tempDir(), 'names.xlsx');
    await writeReport(out, sampleReport(), source);
    const workbook = await readBack(out);
    expect(workbook.worksheets.map((s) => s.name)).toEqual([
      '_Q3 dids.csv',
      'history (2)',
      'x'.repeat(31),
      'Summary',
    ]);
  });

  it('a sheet wider than Excel allows is refused with the way out, before any file is written', async () => {
    const base = sampleSource().sheets[0];
    if (!base) throw new Error('no sample sheet');
    const wide = { ...base, headers: Array.from({ length: 16_384 }, (_, i) => `C${i}`) };
    const out = join(tempDir(), 'wide.xlsx');
    await expect(writeReport(out, sampleReport(), { sheets: [wide] })).rejects.toThrow(
      /sheet 'PBX' would have 16,38\d columns, more than Excel's 16,384\. Write it as \.csv instead\./,
    );
  });
});

describe('XLSX report of a sparse sheet (issue 16)', () => {
  /** The sample sheet with one more row, at `row`, whose only cell is a note; and its report. */
  function sparse(row: number): { source: ReportSource; report: Report } {
    const source = sampleSource();
    const sheet = source.sheets[0];
    if (!sheet) throw new Error('no sample sheet');
    sheet.rows.push({ row, cells: ['', '', '', '', 'stray'] });
    const report = sampleReport();
    report.rows.push({
      sheet: 'PBX',
      row,
      kind: 'pbx',
      status: 'invalid',
      messages: [{ column: 'subDomain', level: 'error', message: 'missing' }],
    });
    return { source, report };
  }

  // Before rowAt, exceljs shifted its row array once per empty row: 2 minutes at row 50,000, hours
  // at Excel's last row; these tests then run past vitest's 30 s timeout.
  it("a cell at Excel's last row keeps its row number, and the rows before it theirs", async () => {
    const { source, report } = sparse(1_048_576);
    const out = join(tempDir(), 'sparse.xlsx');
    await writeReport(out, report, source);
    const cells = XLSX.readFile(out).Sheets['PBX'];
    expect(cells?.['A2']?.v).toBe('acme');
    expect(cells?.['A5']?.v).toBe('gamma, "quoted"');
    expect(cells?.['E1048576']?.v).toBe('stray');
    expect(cells?.['F1048576']?.v).toBe('invalid');
    expect(cells?.['E6']).toBeUndefined();
    // No row number column: every row is where it was.
    expect(cells?.['F1']?.v).toBe('Result: status');
  });

  it("a row past Excel's last row goes after the last one, with every row's number in a Result: row column", async () => {
    const { source, report } = sparse(2_000_000_000);
    const out = join(tempDir(), 'far.xlsx');
    await writeReport(out, report, source);
    const sheet = sheetOf(await readBack(out), 'PBX');
    expect(sheet.getCell('F1').value).toBe('Result: row');
    expect(sheet.getCell('G1').value).toBe('Result: status');
    expect(sheet.getCell('F2').value).toBe('2');
    expect(sheet.getCell('F5').value).toBe('5');
    expect(sheet.getCell('E5').value).toBe('line\nbreak');
    expect(sheet.getCell('E6').value).toBe('stray');
    expect(sheet.getCell('F6').value).toBe('2000000000');
    expect(sheet.getCell('G6').value).toBe('invalid');
    expect(sheet.rowCount).toBe(6);
  });

  it('a report of many rows far apart is written in order, each at its number', async () => {
    const source = sampleSource();
    const sheet = source.sheets[0];
    if (!sheet) throw new Error('no sample sheet');
    const numbers = Array.from({ length: 200 }, (_, i) => 10 + i * 5_000);
    for (const row of numbers) sheet.rows.push({ row, cells: [`s${row}`] });
    const out = join(tempDir(), 'apart.xlsx');
    await writeReport(out, sampleReport(), source);
    const cells = XLSX.readFile(out).Sheets['PBX'];
    for (const row of numbers) expect(cells?.[`A${row}`]?.v).toBe(`s${row}`);
    expect(cells?.['A3']?.v).toBe('beta');
  });
});
