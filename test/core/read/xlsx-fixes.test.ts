/**
 * XML that exceljs's streaming reader misreads, put right before it parses it (xml-fixes.ts,
 * sheet-layout.ts): every case here read a wrong value, or none, without a word before 2026-12-03.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { coerceCell } from '../../../src/core/validate/coerce.ts';
import { fieldAt } from '../../../src/core/schema/catalogue.ts';
import { validateFile } from '../../../src/core/validate/validate-file.ts';
import { DID_HEADER, inlineCell, sheetXml, writeXlsx, type WorkbookXml } from '../../helpers/xlsx-parts.ts';

const dir = mkdtempSync(join(tmpdir(), 'pbx-xlsx-fixes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let made = 0;
/** Writes the parts and reads the sheet: its data rows' cells (or the error message). */
async function read(parts: WorkbookXml): Promise<string[][]> {
  const file = join(dir, `case-${made++}.xlsx`);
  writeXlsx(file, parts);
  const result = await validateFile(file, { keepCells: true });
  return (result.cells.get(parts.sheetName ?? 'DID Bindings') ?? []).map((row) => row.cells);
}

async function refusal(parts: WorkbookXml): Promise<string> {
  return read(parts).then(
    () => 'read without an error',
    (error: unknown) => (error instanceof Error ? error.message : String(error)),
  );
}

/** A shared-string table of `entries` (the inside of each `<si>`). */
const sst = (...entries: string[]): string =>
  `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${entries.length}" uniqueCount="${entries.length}">${entries.map((e) => `<si>${e}</si>`).join('')}</sst>`;

/** Data row 2 of a DID sheet: A and B inline, C (DIDs) and D (Mode) as given. */
const row2 = (cellC: string, cellD = inlineCell('D2', 'add')): string =>
  `<row r="2">${inlineCell('A2', 'existingco')}${inlineCell('B2', 'US_Register_A1B2C3')}${cellC}${cellD}</row>`;

describe('xlsx text exceljs alone would misread', () => {
  it('keeps every character of long non-ASCII text, wherever the XML stream splits it', async () => {
    // ~1.2 MB of three-byte characters in the string table, read in 32 KB pieces: dozens of
    // characters split between two pieces, each of which exceljs decoded as two U+FFFD.
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('DID Bindings');
    sheet.addRow(['PBX subdomain', 'Trunk', 'DIDs', 'Mode', 'Notes']);
    const note = (i: number): string => `東京支社 ${i} ${'語'.repeat(100 + (i % 50))}`;
    for (let i = 0; i < 3000; i++)
      sheet.addRow([`s${i}`, 'US_Register_A1B2C3', '+12025550150', 'add', note(i)]);
    const file = join(dir, 'cjk.xlsx');
    await wb.xlsx.writeFile(file);
    const result = await validateFile(file, { keepCells: true });
    const notes = result.cells.get('DID Bindings')?.map((row) => row.cells[4]) ?? [];
    expect(notes).toHaveLength(3000);
    expect(notes.filter((text, i) => text !== note(i))).toEqual([]);
  });

  it('reads a shared string with phonetic runs (Japanese input) as its text, not its reading', async () => {
    const rows = await read({
      sharedStrings: sst(
        '<t>東京支社</t><rPh sb="0" eb="2"><t>トウキョウ</t></rPh><rPh sb="2" eb="4"><t>シシャ</t></rPh><phoneticPr fontId="1"/>',
      ),
      sheet: sheetXml(
        `${DID_HEADER}${row2(inlineCell('C2', '+12025550150'), '<c r="D2" t="s"><v>0</v></c>')}`,
      ),
    });
    expect(rows[0]?.[3]).toBe('東京支社');
  });

  it('joins an inline string written in several runs, and drops its phonetic runs', async () => {
    const rich = '<c r="A2" t="inlineStr"><is><r><t>acme</t></r><r><rPr><b/></rPr><t>-3</t></r></is></c>';
    const phonetic =
      '<c r="B2" t="inlineStr"><is><t>Trunk</t><rPh sb="0" eb="5"><t>トランク</t></rPh></is></c>';
    const rows = await read({
      sheet: sheetXml(
        `${DID_HEADER}<row r="2">${rich}${phonetic}${inlineCell('C2', '+12025550150')}${inlineCell('D2', 'add')}</row>`,
      ),
    });
    expect(rows[0]?.slice(0, 2)).toEqual(['acme-3', 'Trunk']);
  });

  it('decodes entities in inline strings and text formula results once, as written', async () => {
    const text = '<c r="C2" t="str"><f>A1&amp;"x"</f><v>R&amp;amp;D &amp;lt;HQ&amp;gt; caf&#233;</v></c>';
    const rows = await read({
      sheet: sheetXml(
        `${DID_HEADER}<row r="2">${inlineCell('A2', 'a&amp;amp;b &#x41;')}${inlineCell('B2', 'T')}${text}</row>`,
      ),
    });
    expect(rows[0]?.slice(0, 3)).toEqual(['a&amp;b A', 'T', 'R&amp;D &lt;HQ&gt; café']);
  });

  it("decodes Excel's _xHHHH_ escapes in shared and inline strings, and keeps an escaped one literal", async () => {
    const rows = await read({
      sharedStrings: sst('<t>+12025550150_x000D_\n+12025550151</t>', '<t>pass_x005F_x0041_word</t>'),
      sheet: sheetXml(
        `${DID_HEADER}<row r="2">${inlineCell('A2', 'a_x0009_b')}<c r="B2" t="s"><v>1</v></c><c r="C2" t="s"><v>0</v></c>${inlineCell('D2', 'add')}</row>`,
      ),
    });
    expect(rows[0]?.slice(0, 3)).toEqual(['a\tb', 'pass_x0041_word', '+12025550150\r\n+12025550151']);
  });

  it('reads a date cell (t="d", ISO 8601) as its date, which a timestamp field takes', async () => {
    const rows = await read({
      sheet: sheetXml(`${DID_HEADER}${row2('<c r="C2" t="d"><v>2027-12-31T18:30:00.000Z</v></c>')}`),
    });
    expect(rows[0]?.[2]).toBe('2027-12-31T18:30:00.000Z');
    const field = fieldAt('pbx', 'expirationDate');
    if (!field) throw new Error('no expirationDate field');
    expect(coerceCell(field, '2027-12-31T18:30:00.000Z').value).toBe(Date.UTC(2027, 11, 31, 18, 30) / 1000);
  });

  it('reads a formula whose cached result is a boolean as TRUE or FALSE, as Excel shows it, not 1 or 0', async () => {
    const rows = await read({
      sheet: sheetXml(
        `${DID_HEADER}${row2('<c r="C2" t="b"><f>TRUE()</f><v>1</v></c>', `${inlineCell('D2', 'add')}<c r="E2" t="b"><f>1&gt;2</f><v>0</v></c><c r="F2" t="b"><v>1</v></c>`)}`,
      ),
    });
    expect([rows[0]?.[2], rows[0]?.[4], rows[0]?.[5]]).toEqual(['TRUE', 'FALSE', 'TRUE']);
  });

  it('reads a formula whose cached result is an error as that error, not as an uncalculated formula', async () => {
    const file = join(dir, 'error-formula.xlsx');
    writeXlsx(file, {
      sheet: sheetXml(`${DID_HEADER}${row2('<c r="C2" t="e"><f>VLOOKUP(A2,X!A:B,2,0)</f><v>#N/A</v></c>')}`),
    });
    const result = await validateFile(file);
    const messages = result.report.rows[0]?.messages.map((m) => m.message) ?? [];
    expect(messages).toContain(
      "This cell shows Excel's error value #N/A, not a value: fix the formula or type the value.",
    );
    expect(messages.join(' ')).not.toMatch(/never calculated/);
  });

  it('refuses a cell that points past the string table, or at a table that is missing, instead of reading it as empty', async () => {
    const pointing = sheetXml(`${DID_HEADER}${row2('<c r="C2" t="s"><v>5</v></c>')}`);
    expect(await refusal({ sheet: pointing, sharedStrings: sst('<t>add</t>') })).toBe(
      "Sheet 'DID Bindings' is damaged: cell C2 refers to text number 5 of the workbook's string table, which holds 1 entries, so its value cannot be read. Open the workbook in Excel and save it again.",
    );
    expect(await refusal({ sheet: pointing })).toMatch(
      /refers to text number 5 of the workbook's string table, which is missing/,
    );
  });

  it('reads CDATA as text and skips comments, even where they look like rows or cells', async () => {
    const rows = await read({
      sheet: sheetXml(
        `${DID_HEADER}<!-- <row r="9"><c r="A9"/></row> --><row r="2">${inlineCell('A2', 'existingco')}<c r="B2" t="inlineStr"><is><t><![CDATA[US_Register<A1>&B2]]></t></is></c>${inlineCell('C2', '+12025550150')}${inlineCell('D2', 'add')}</row>`,
      ),
    });
    expect(rows).toEqual([['existingco', 'US_Register<A1>&B2', '+12025550150', 'add']]);
  });

  it('reads a sheet, string table and workbook whose elements carry a namespace prefix', async () => {
    const x = 'x';
    const rows = await read({
      workbook: `<?xml version="1.0" encoding="UTF-8"?><x:workbook xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><x:sheets><x:sheet name="DID Bindings" sheetId="1" r:id="rId1"/></x:sheets></x:workbook>`,
      sharedStrings:
        '<?xml version="1.0"?><x:sst xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:si><x:t>add</x:t></x:si></x:sst>',
      sheet: sheetXml(
        `${DID_HEADER}<row r="2">${inlineCell('A2', 'existingco')}${inlineCell('B2', 'T')}${inlineCell('C2', '+12025550150')}<c r="D2" t="s"><v>0</v></c></row>`.replace(
          /<(\/?)(row|c|is|t|v)\b/g,
          `<$1${x}:$2`,
        ),
        x,
      ),
    });
    expect(rows).toEqual([['existingco', 'T', '+12025550150', 'add']]);
  });

  it("takes addresses written r='1' or r = \"1\", or after a quoted '>', as given (no second r)", async () => {
    const rows = await read({
      sheet: sheetXml(
        `<row r='1'>${['PBX subdomain', 'Trunk', 'DIDs', 'Mode'].map((h, i) => `<c r='${'ABCD'[i]}1' t="inlineStr"><is><t>${h}</t></is></c>`).join('')}</row><row x="a>b" r = "3"><c r="A3" t="inlineStr"><is><t>existingco</t></is></c><c r="C3" t="inlineStr"><is><t>+12025550150</t></is></c></row>`,
      ),
    });
    expect(rows).toEqual([['existingco', '', '+12025550150']]);
  });

  it('numbers a row without r from the address of its first cell', async () => {
    const file = join(dir, 'row-from-cell.xlsx');
    writeXlsx(file, {
      sheet: sheetXml(
        `<row>${['PBX subdomain', 'Trunk', 'DIDs', 'Mode'].map((h, i) => `<c t="inlineStr"><is><t>${h}</t></is></c>`.replace('<c', `<c r="${'ABCD'[i]}1"`)).join('')}</row><row><c r="A4" t="inlineStr"><is><t>existingco</t></is></c></row>`,
      ),
    });
    const result = await validateFile(file, { keepCells: true });
    expect(result.cells.get('DID Bindings')?.map((row) => row.row)).toEqual([4]);
  });
});

describe('formula results that are dates', () => {
  it.each([
    ['1900', false, 46752],
    ['1904', true, 45290],
  ])('read as the date they show, in a %s-based workbook', async (_label, date1904, serial) => {
    const wb = new ExcelJS.Workbook();
    wb.properties.date1904 = date1904;
    const sheet = wb.addWorksheet('DID Bindings');
    sheet.addRow(['PBX subdomain', 'Trunk', 'DIDs', 'Mode', 'Go-live']);
    sheet.addRow(['existingco', 'US_Register_A1B2C3', '+12025550150', 'add']);
    const cell = sheet.getCell('E2');
    cell.value = { formula: 'DATE(2027,12,31)', result: serial };
    cell.numFmt = 'yyyy-mm-dd';
    const file = join(dir, `formula-date-${_label}.xlsx`);
    await wb.xlsx.writeFile(file);
    const result = await validateFile(file, { keepCells: true });
    const row = result.cells.get('DID Bindings')?.[0];
    expect([row?.cells[4], row?.types?.[4]]).toEqual(['2027-12-31', 'date']);
  });
});

describe('numbers whose format shows text around them', () => {
  it("keep a '+' or '00' the format puts in front (as dialled), and drop units and currencies", async () => {
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('DID Bindings');
    sheet.addRow(['PBX subdomain', 'Trunk', 'DIDs', 'Mode', 'A', 'B', 'C', 'D', 'E']);
    sheet.addRow([
      'existingco',
      'US_Register_A1B2C3',
      12025550150,
      'add',
      12025550151,
      4420794611,
      300,
      1234,
      7,
    ]);
    const formats = ['"+"0', '\\+0', '"00"0', '0" min"', '$#,##0', '00000'];
    formats.forEach((format, i) => {
      sheet.getRow(2).getCell(i === 0 ? 3 : i + 4).numFmt = format;
    });
    const file = join(dir, 'literal-formats.xlsx');
    await wb.xlsx.writeFile(file);
    const result = await validateFile(file, { keepCells: true });
    expect(result.cells.get('DID Bindings')?.[0]?.cells.slice(2)).toEqual([
      '+12025550150',
      'add',
      '+12025550151',
      '004420794611',
      '300',
      '1234',
      '00007',
    ]);
    // With its '+' shown, the DID is not warned about as one that may have lost it.
    expect(result.report.rows[0]?.messages.map((m) => m.message).join(' ')).not.toMatch(/stored as a number/);
  });
});

describe('hidden columns', () => {
  it('are read like the others, with a warning naming them', async () => {
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('DID Bindings');
    sheet.addRow(['PBX subdomain', 'Trunk', 'DIDs', 'Mode']);
    sheet.addRow(['existingco', 'US_Register_A1B2C3', '+12025550150', 'add']);
    sheet.getColumn(3).hidden = true;
    const file = join(dir, 'hidden-column.xlsx');
    await wb.xlsx.writeFile(file);
    const result = await validateFile(file, { keepCells: true });
    expect(result.cells.get('DID Bindings')?.[0]?.cells[2]).toBe('+12025550150');
    const text = JSON.stringify(result.report);
    expect(text).toContain(
      "Column(s) 'DIDs' (C) are hidden in Excel; they are read and checked like the others. Unhide them to see what they hold.",
    );
  });
});

describe('what the fixes must not break (fourth review)', () => {
  it("reads ']]>' and escaped control characters in inline strings and text results as before", async () => {
    const rows = await read({
      sheet: sheetXml(
        `${DID_HEADER}<row r="2">${inlineCell('A2', 'see [[wiki]]&gt; trunks')}${inlineCell('B2', 'Main_x000b_Floor &amp; 2')}<c r="C2" t="str"><f>X</f><v>a]]&gt;b_x0001_&amp;</v></c><c r="D2" t="s"><v/></c></row>`,
      ),
    });
    expect(rows[0]).toEqual(['see [[wiki]]> trunks', 'Main_x000b_Floor & 2', 'a]]>b_x0001_&', '']);
  });

  it('reads a CR escaped in an inline string (_x000D_, a line break pasted in Excel) as a CR, not a LF', async () => {
    const rows = await read({
      sheet: sheetXml(`${DID_HEADER}${row2(inlineCell('C2', '+12025550150_x000D_\n+12025550151'))}`),
    });
    expect(rows[0]?.[2]).toBe('+12025550150\r\n+12025550151');
  });

  it('fixes every cell of 4,000 rows whose text needs it, wherever the pieces are cut', async () => {
    // Each cell needs a fix (an entity in an inline string, a boolean formula result): a cell
    // split between two pieces of the XML must still reach the fix whole.
    let rows = DID_HEADER;
    for (let k = 2; k <= 4000; k++)
      rows += `<row r="${k}">${inlineCell(`A${k}`, `co${k} R&amp;amp;D`)}${inlineCell(`B${k}`, 'T')}<c r="C${k}" t="b"><f>TRUE()</f><v>1</v></c>${inlineCell(`D${k}`, 'add')}</row>`;
    const file = join(dir, 'fixed-cells.xlsx');
    writeXlsx(file, { sheet: sheetXml(rows) });
    const result = await validateFile(file, { keepCells: true });
    const read = result.cells.get('DID Bindings') ?? [];
    expect(read).toHaveLength(3999);
    const wrong = read.filter((row) => row.cells[0] !== `co${row.row} R&amp;D` || row.cells[2] !== 'TRUE');
    expect(wrong.map((row) => row.cells)).toEqual([]);
  });

  it('numbers 4,000 rows without r from their cells, wherever the pieces are cut', async () => {
    const cells = (k: number): string =>
      ['co' + k, 'T', `+1202555${String(k).padStart(4, '0')}`, 'add']
        .map((v, i) => `<c r="${'ABCD'[i]}${2 * k}" t="inlineStr"><is><t>${v}</t></is></c>`)
        .join('');
    let rows = DID_HEADER.replace('<row r="1">', '<row>');
    for (let k = 2; k <= 4000; k++) rows += `<row>${cells(k)}</row>`;
    const file = join(dir, 'rows-numbered-by-cells.xlsx');
    writeXlsx(file, { sheet: sheetXml(rows) });
    const result = await validateFile(file, { keepCells: true });
    const read = result.cells.get('DID Bindings') ?? [];
    expect(read).toHaveLength(3999);
    expect(read.filter((row) => row.row !== 2 * Number(row.cells[0]?.slice(2)))).toEqual([]);
  });
});
