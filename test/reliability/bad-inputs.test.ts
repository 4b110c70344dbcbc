/**
 * The bad-input corpus (test/fixtures/bad/, issue 6 item 3): every file has its outcome asserted,
 * either one clear InputError or per-row results, and no crash. Files whose memory use is the point
 * (zip bombs, huge cells) are validated in a fresh process whose peak RSS (VmHWM) is checked.
 * A 1M-row xlsx is checked with RELIABILITY_LARGE=1 (minutes; see docs/RELIABILITY.md).
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { validateFile, type ValidationResult } from '../../src/core/validate/validate-file.ts';
import { BAD, messages, refusal } from './bad-input-helpers.ts';
import { probeFile as probe } from './probe.ts';

const tmp = mkdtempSync(join(tmpdir(), 'pbx-bad-inputs-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function validate(name: string): Promise<ValidationResult> {
  return validateFile(join(BAD, name), { keepCells: true });
}

function cellsOf(r: ValidationResult): string[][] {
  return [...r.cells.values()].flatMap((rows) => rows.map((row) => row.cells));
}

async function fiveMbXlsx(): Promise<string> {
  const file = join(tmp, 'five-mb-cell.xlsx');
  const wb = new ExcelJS.Workbook();
  const s = wb.addWorksheet('DID Bindings');
  s.addRow(['PBX subdomain', 'Trunk', 'DIDs', 'Mode']);
  s.addRow(['existingco', 'US_Register_A1B2C3', '7'.repeat(5 << 20), 'add']);
  await wb.xlsx.writeFile(file);
  return file;
}

const REFUSED: [string, RegExp][] = [
  ['empty.csv', /empty \(0 bytes\)/],
  ['only-bom.csv', /empty: no header row/],
  ['whitespace-only.csv', /empty: no header row/],
  ['header-only.csv', /header row but no data rows/],
  ['header-only.xlsx', /header row but no data rows/],
  ['blank-rows-only.csv', /header row but no data rows/],
  ['bom-utf16le-header-only.csv', /header row but no data rows/],
  ['unknown-sheet-names.xlsx', /header row but no data rows/],
  ['binary-garbage.csv', /not a spreadsheet/],
  ['pdf-named.csv', /not a spreadsheet/],
  ['gzip-named.csv', /not a spreadsheet/],
  ['nul-bytes.csv', /not a spreadsheet/],
  ['ansi-escapes.csv', /not a spreadsheet/],
  ['not-a-zip.xlsx', /not a spreadsheet/],
  ['csv-named.xlsx', /plain text, not an Excel workbook/],
  ['html-named.xlsx', /plain text, not an Excel workbook/],
  ['truncated.xlsx', /damaged, truncated/],
  ['truncated-half.xlsx', /damaged, truncated/],
  ['corrupt-deflate.xlsx', /damaged, truncated/],
  ['zip-without-workbook.xlsx', /no xl\/workbook\.xml/],
  ['password-protected.xlsx', /password-protected/],
  ['old-excel.xls', /old \.xls/],
  ['libreoffice.ods', /OpenDocument/],
  ['chart-sheets-only.xlsx', /No sheet of a known kind.*'Chart1'/],
  ['html-table.csv', /No sheet of a known kind/],
  ['json-named.csv', /No sheet of a known kind/],
  ['unknown-headers.csv', /No sheet of a known kind/],
  ['duplicate-headers.csv', /'trunk' appears twice \(columns B and D\)/],
  ['duplicate-headers.xlsx', /'Trunk' appears twice \(columns B and D\)/],
  ['empty-headers.csv', /empty column name in column B/],
  ['unterminated-quote.csv', /^A quote opened in row 2 is never closed/],
  [
    'truncated-sheet-xml.xlsx',
    /Sheet 'DID Bindings' is damaged after row 30 \(the sheet ends before its last row\)/,
  ],
  ['malformed-sheet-xml.xlsx', /damaged, truncated/],
  [
    'missing-sheet-part.xlsx',
    /Sheet 'More DIDs' is listed in the workbook, but its data \(xl\/worksheets\/sheet2\.xml\) is missing/,
  ],
  ['utf16le-odd-bytes.csv', /UTF-16 text but has an odd number of bytes/],
  ['repeated-row-number.xlsx', /damaged after row 2 \(row 2 comes after row 2\)/],
];

describe('unusable files are refused with one clear reason', () => {
  it.each(REFUSED)('%s', async (name, reason) => {
    const error = await refusal(join(BAD, name));
    expect(error.message).toMatch(reason);
  });
});

describe('odd but usable files give per-row results', () => {
  it('cells without their optional addresses are read in order, each value in its column', async () => {
    const r = await validate('cells-without-addresses.xlsx');
    expect(r.report.rows.map((row) => [row.row, row.status])).toEqual([[2, 'valid']]);
    expect(r.sheets[0]?.columns.map((c) => c.field)).toEqual(['pbx.subDomain', 'trunk', 'dids', 'mode']);
  });

  it('a quote that merges rows into one cell makes that row invalid and says why', async () => {
    const r = await validate('stray-quote.csv');
    // Rows 3-5 of the file became one record: row 3, whose subdomain holds two line breaks.
    expect(r.report.rows.map((row) => [row.row, row.status])).toEqual([
      [2, 'valid'],
      [3, 'invalid'],
      [4, 'valid'],
    ]);
    const merged = r.report.rows[1]?.messages.find((m) => m.level === 'error');
    expect(merged?.column).toBe('PBX subdomain');
    expect(merged?.message).toMatch(/line break.*rows in between are merged into this cell/);
  });

  it('UTF-16 LE and BE without a BOM are recognised and say so', async () => {
    for (const [name, label] of [
      ['utf16le-no-bom.csv', 'UTF-16 LE'],
      ['utf16be-no-bom.csv', 'UTF-16 BE'],
    ] as const) {
      const r = await validate(name);
      expect(r.report.summary.byStatus).toEqual({ valid: 1 });
      expect(messages(r)).toContain(`Read as ${label} (no BOM, guessed)`);
      expect(cellsOf(r)[0]).toEqual(['existingco', 'US_Register_A1B2C3', '+12025550150', 'add']);
    }
  });

  it('Windows-1252 is decoded (accents intact) and said', async () => {
    const r = await validate('windows-1252.csv');
    expect(cellsOf(r)[0]?.[0]).toBe('Café Müller Ltd');
    expect(messages(r)).toContain('Read as Windows-1252');
  });

  it('mixed CRLF, LF and CR line endings give one row per line', async () => {
    const r = await validate('mixed-line-endings.csv');
    expect(cellsOf(r).map((c) => c[2])).toEqual(['+12025550150', '+12025550151', '+12025550152']);
  });

  it('semicolon CSV, TSV, quoted newlines and leading blank rows are read', async () => {
    for (const name of [
      'semicolon-delimited.csv',
      'tab-delimited.tsv',
      'leading-blank-rows.csv',
      'quoted-newlines.csv',
    ])
      expect((await validate(name)).report.summary.byStatus, name).toEqual({ valid: 1 });
    expect(cellsOf(await validate('quoted-newlines.csv'))[0]?.[2]).toBe('+12025550150\n+12025550151');
  });

  it('formula payloads are kept verbatim as data and fail the subdomain rule, never evaluated', async () => {
    const r = await validate('formula-payloads.csv');
    expect(cellsOf(r).map((c) => c[0])).toEqual([
      '=HYPERLINK("http://evil.example","x")',
      '+1+cmd|calc',
      '-2+3+cmd',
      '@SUM(1+1)',
      'existingco',
    ]);
    expect(r.report.rows.slice(0, 4).every((row) => row.status === 'invalid')).toBe(true);
    expect(messages(r)).toMatch(/use only letters, digits and hyphens/);
  });

  it('formula cells in an xlsx are read as their cached results', async () => {
    const r = await validate('formula-cells.xlsx');
    expect(cellsOf(r).map((c) => c[0] + ' ' + c[2])).toEqual(['existingco +12025550150', 'x +12025550151']);
  });

  it('RTL and emoji text is kept exactly; an emoji subdomain is a row error', async () => {
    const r = await validate('rtl-emoji.csv');
    expect(cellsOf(r).map((c) => c[0])).toEqual(['شركة الأفق', 'חברת אופק 🚀', 'Emoji 👩‍💻 Ltd']);
    expect(r.report.rows.map((row) => row.status)).toEqual(['valid', 'valid', 'invalid']);
  });

  it('dates in three locales: xlsx date cells read as ISO dates, CSV dates kept as typed', async () => {
    expect(cellsOf(await validate('dates-three-locales.xlsx')).map((c) => c[3])).toEqual([
      '2026-03-04',
      '2026-03-04',
      '2026-03-04',
    ]);
    expect(cellsOf(await validate('dates-three-locales.csv')).map((c) => c[3])).toEqual([
      '03/04/2026',
      '04.03.2026',
      '2026/03/04',
    ]);
  });

  it('DIDs stored as numbers are read and warned about', async () => {
    const r = await validate('numbers-as-dids.xlsx');
    expect(cellsOf(r).map((c) => c[2])).toEqual(['12025550150', '12025550151']);
    expect(messages(r)).toMatch(/stored as a number/);
  });

  it('merged cells are warned about and the empty row is a row error', async () => {
    const r = await validate('merged-cells.xlsx');
    expect(messages(r)).toMatch(/Cells A2:A3 are merged/);
    expect(r.report.rows.map((row) => row.status)).toEqual(['valid', 'invalid']);
  });

  it('10,000 columns: the known ones are used, the rest warned about', async () => {
    const r = await validate('ten-thousand-columns.csv');
    expect(r.sheets[0]?.headers).toHaveLength(10_000);
    expect(r.report.summary.byStatus).toEqual({ valid: 1 });
    // Twenty unknown columns are named, then one line counts the rest (not 9,996 warnings).
    const warnings = r.report.summary.fileMessages.filter((m) => m.level === 'warning');
    expect(warnings).toHaveLength(21);
    expect(warnings.at(-1)?.message).toMatch(
      /more unknown columns \(9,?996 in all\)|more unknown columns \(\d+ in all\)/,
    );
  });

  it('an .xlsx named .csv is read as a workbook', async () => {
    expect((await validate('xlsx-named.csv')).report.summary.byStatus).toEqual({ valid: 1 });
  });
});

describe('memory stays bounded', () => {
  it('a zip bomb of 300 MB whitespace (300 KB file) ends with a clear message under 1 GB peak RSS', () => {
    const r = probe(join(BAD, 'zip-bomb-whitespace.xlsx'));
    expect(r.inputError).toMatch(/header row but no data rows/);
    expect(r.peakRssMb).toBeLessThan(1024);
  });

  it('a zip bomb with a 200 MB cell (200 KB file) does not crash and stays under 1.5 GB peak RSS', () => {
    const r = probe(join(BAD, 'zip-bomb-cell.xlsx'));
    expect(r.crash).toBeUndefined();
    expect(r.peakRssMb).toBeLessThan(1536);
  }, 60_000);

  it('a zip bomb with a 200 MB cell is refused like an over-long CSV cell', () => {
    const r = probe(join(BAD, 'zip-bomb-cell.xlsx'));
    expect(r.inputError).toMatch(/over Excel's limit of 32,767/);
  }, 60_000);

  it('a 5 MB cell in a CSV is refused, naming its row and column', async () => {
    const file = join(tmp, 'five-mb-cell.csv');
    writeFileSync(
      file,
      `PBX subdomain,Trunk,DIDs,Mode\r\nexistingco,US_Register_A1B2C3,"${'7'.repeat(5 << 20)}",add\r\n`,
    );
    const error = await refusal(file);
    expect(error.message).toMatch(/5,242,880 characters, over Excel's limit of 32,767/);
    expect(error.where).toMatchObject({ row: 2, column: 'DIDs' });
  });

  it('a 5 MB cell in an xlsx gives a result without crashing', async () => {
    const r = probe(await fiveMbXlsx());
    expect(r.crash).toBeUndefined();
    expect(r.inputError ?? r.byStatus).toBeTruthy();
  }, 60_000);

  it('a 5 MB cell in an xlsx gives no message longer than 1,000 characters', async () => {
    expect(probe(await fiveMbXlsx()).longestMessage ?? 0).toBeLessThan(1000);
  }, 60_000);

  it('the corpus holds at least 40 files, each asserted above', () => {
    const files = readdirSync(BAD);
    expect(files.length).toBeGreaterThanOrEqual(40);
    const asserted = new Set([
      ...REFUSED.map(([n]) => n),
      ...['utf16le-no-bom.csv', 'utf16be-no-bom.csv', 'windows-1252.csv', 'mixed-line-endings.csv'],
      ...['semicolon-delimited.csv', 'tab-delimited.tsv', 'leading-blank-rows.csv', 'quoted-newlines.csv'],
      ...['formula-payloads.csv', 'formula-cells.xlsx', 'rtl-emoji.csv', 'dates-three-locales.xlsx'],
      ...['dates-three-locales.csv', 'numbers-as-dids.xlsx', 'merged-cells.xlsx', 'ten-thousand-columns.csv'],
      ...['xlsx-named.csv', 'zip-bomb-whitespace.xlsx', 'zip-bomb-cell.xlsx', 'stray-quote.csv'],
      'cells-without-addresses.xlsx',
    ]);
    expect(files.filter((f) => !asserted.has(f))).toEqual([]);
  });
});

describe.runIf(process.env['RELIABILITY_LARGE'] === '1')('a 1M-row workbook (RELIABILITY_LARGE=1)', () => {
  // Measured 2026-12-02: 275 MB file, 55 columns, 1 min 42 s, 628 MB peak (the report holds every
  // row; it was 2,652 MB before the string table, cross-row keys and row log left the JS heap).
  it('is validated with every row reported, under 1 GB peak RSS', async () => {
    const { benchSheet } = await import('../../bench/generate.ts');
    const file = await benchSheet(1_000_000, 'xlsx');
    const r = probe(file);
    expect(r.crash).toBeUndefined();
    expect(r.rows).toBe(1_000_000);
    expect(r.peakRssMb).toBeLessThan(1024);
  }, 1_800_000);
});
