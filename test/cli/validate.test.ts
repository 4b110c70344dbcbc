import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFile, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { filledInExamples } from '../helpers/example-rows.ts';
import { writeTemplate } from '../../src/core/templates/make-template.ts';
import { SHEET_KINDS } from '../../src/shared/types.ts';
import { ROOT, SAMPLE, SAMPLE_PASSWORD, bad, validateIn } from './validate-helpers.ts';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pbx-cli-validate-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function validate(...args: string[]) {
  return validateIn(dir, args);
}

describe('pbx-bulk validate: exit codes', () => {
  it('exits 0 when every row is valid (the template filled in), with the counts on stdout', async () => {
    const file = join(dir, 'filled-in.xlsx');
    await writeTemplate(file, SHEET_KINDS, filledInExamples());
    const { code, out, err } = await validate(file);
    expect(code).toBe(0);
    expect(out).toMatch(/4 rows: 4 valid/);
    expect(err).toBe('');
  });

  it('exits 1 when some rows are invalid, listing the first errors with sheet, row and column', async () => {
    const { code, out } = await validate(SAMPLE);
    expect(code).toBe(1);
    expect(out).toMatch(/10 rows: 8 valid, 2 invalid/);
    expect(out).toContain('Sheet "PBX" row 4, column "Admin password"');
    expect(out).toContain('Sheet "PBX" row 5, column "Plan"');
    expect(out).not.toContain(SAMPLE_PASSWORD);
  });

  it('--sheet validates one sheet only; --kind reads a CSV whose kind cannot be guessed', async () => {
    const one = await validate(SAMPLE, '--sheet', 'did bindings');
    expect(one.code).toBe(0);
    expect(one.out).toMatch(/2 rows: 2 valid/);
    const csv = join(dir, 'export.csv');
    await writeFile(csv, 'Subdomain,Method,Add extensions,Billing cycle\r\nacme,order,10,monthly\r\n');
    expect((await validate(csv, '--kind', 'expansion')).code).toBe(0);
  });

  it.each([
    [['--kind', 'pbxs', SAMPLE], /--kind must be one of/],
    [['--report', 'out.pdf', SAMPLE], /--report must end in \.json, \.csv or \.xlsx/],
    [[], /give exactly one FILE/],
    [[SAMPLE, '--sheet', 'Nope'], /no sheet named 'Nope'/],
    // A CSV is one sheet named after the file; --sheet is not ignored there either.
    [
      [join(ROOT, 'templates', 'did.csv'), '--sheet', 'Nope'],
      /There is no sheet named 'Nope'\. Sheets: 'did\.csv'\./,
    ],
  ])('usage errors exit 2 with one line on stderr: %j', async (args, message) => {
    const { code, err } = await validate(...args);
    expect(code).toBe(2);
    expect(err).toMatch(message);
    expect(err).not.toContain('    at ');
  });
});

describe('pbx-bulk validate: bad input gives one clear line naming the file, exit 2, no stack trace', () => {
  it.each([
    ['empty.csv', /empty/],
    ['header-only.csv', /header row but no data rows/],
    ['pdf-named.csv', /not a spreadsheet/],
    ['binary-garbage.csv', /not a spreadsheet/],
    ['truncated.xlsx', /damaged, truncated/],
    ['csv-named.xlsx', /plain text, not an Excel workbook/],
    ['password-protected.xlsx', /password-protected/],
    ['old-excel.xls', /old \.xls workbook/],
    ['libreoffice.ods', /OpenDocument/],
    ['duplicate-headers.csv', /appears twice/],
    ['no-such-file.csv', /does not exist/],
  ])('%s', async (name, reason) => {
    const { code, out, err } = await validate(bad(name));
    expect(code).toBe(2);
    expect(out).toBe('');
    const lines = err.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^pbx-bulk validate: .*${name.replace('.', '\\.')}`));
    expect(err).toMatch(reason);
    expect(err).not.toContain('    at ');
  });

  it('a 1 MB cell (generated here) is refused in one line naming row and column', async () => {
    const file = join(dir, 'huge-cell.csv');
    await writeFile(file, `PBX subdomain,Trunk,DIDs\r\nacme,US_Register_A1B2C3,"${'x'.repeat(1 << 20)}"\r\n`);
    const { code, err } = await validate(file);
    expect(code).toBe(2);
    expect(err).toMatch(/huge-cell\.csv \(sheet 'huge-cell\.csv', row 2, column 'DIDs'\): .*32,767/);
    expect(err.trimEnd().split('\n')).toHaveLength(1);
  });

  it('a header cell thousands of characters long is refused without echoing it', async () => {
    const file = join(dir, 'long-header.csv');
    await writeFile(file, `PBX subdomain,${'H'.repeat(5000)}\r\nacme,x\r\n`);
    const { code, out, err } = await validate(file);
    expect(code).toBe(2);
    expect(err).toMatch(/row 1\): The header in column B has 5,000 characters/);
    expect(out + err).not.toContain('H'.repeat(100));
  });

  it('the options a CSV is read with are checked: one-character delimiter, a spreadsheet encoding', async () => {
    const file = join(dir, 'options.csv');
    await writeFile(file, 'PBX subdomain,Trunk,DIDs,Mode\r\nacme,US_Register_A1B2C3,+12025550111,add\r\n');
    const long = await validate(file, '--delimiter', 'ab');
    expect(long.code).toBe(2);
    expect(long.err).toMatch(/The delimiter must be one character/);
    const empty = await validate(file, '--delimiter=');
    expect(empty.code).toBe(2);
    expect(empty.err).toMatch(/option '--delimiter' needs a value/);
    const base64 = await validate(file, '--encoding', 'base64');
    expect(base64.code).toBe(2);
    expect(base64.err).toMatch(
      /Unknown encoding 'base64'\. Use utf8, utf16le, utf16be, win1252 or macroman\./,
    );
    expect((await validate(file, '--encoding', 'windows-1252', '--delimiter', ',')).code).toBe(0);
  });

  it('a report that cannot be written is refused before validating, naming the report', async () => {
    const { code, out, err } = await validate(
      bad('semicolon-delimited.csv'),
      '--report',
      join(dir, 'no-such-dir', 'r.xlsx'),
    );
    expect(code).toBe(2);
    expect(err).toBe(
      `pbx-bulk validate: Cannot write the report ${join(dir, 'no-such-dir', 'r.xlsx')}: the folder ${join(dir, 'no-such-dir')} does not exist.\n`,
    );
    expect(out).toBe(''); // no summary: the rows were not read for nothing
    const folder = await validate(bad('semicolon-delimited.csv'), '--report', dir + '/');
    expect(folder.code).toBe(2);
  });

  it('a report never replaces the file being read (same path, another spelling, a symlink to it)', async () => {
    const xlsx = join(dir, 'mine.xlsx');
    await copyFile(SAMPLE, xlsx);
    const csv = join(dir, 'mine.csv');
    await writeFile(csv, 'PBX subdomain,Trunk,DIDs,Mode\r\nacme,US_Register_A1B2C3,+12025550111,add\r\n');
    const link = join(dir, 'mine-link.xlsx');
    await symlink(xlsx, link);
    const before = { xlsx: await readFile(xlsx), csv: await readFile(csv) };
    for (const [input, report] of [
      [xlsx, xlsx],
      [csv, csv],
      [xlsx, join(dir, '.', 'sub', '..', 'mine.xlsx')],
      [xlsx, link],
    ] as const) {
      const { code, out, err } = await validate(input, '--report', report);
      expect(code).toBe(2);
      expect(err).toContain('is the file being read');
      expect(out).toBe('');
    }
    expect((await readFile(xlsx)).equals(before.xlsx)).toBe(true);
    expect((await readFile(csv)).equals(before.csv)).toBe(true);
  });

  it('--kind that contradicts a sheet named for another kind is refused, not used to pass the rows', async () => {
    const { code, err } = await validate(SAMPLE, '--sheet', 'PBX', '--kind', 'did');
    expect(code).toBe(2);
    expect(err).toContain("sheet 'PBX'");
    expect(err).toContain('is a pbx sheet by its name, but the kind given is did');
    expect((await validate(SAMPLE, '--sheet', 'PBX', '--kind', 'pbx')).code).toBe(1);
  });

  it("a CSV named for another kind than --kind is told to rename the file; a sheet named 'Summary' chosen by --sheet is validated", async () => {
    const csv = join(dir, 'pbx.csv');
    await writeFile(csv, 'PBX subdomain,Trunk,DIDs,Mode\r\nacme,US_Register_A1B2C3,+12025550111,add\r\n');
    const named = await validate(csv, '--kind', 'did');
    expect(named.code).toBe(2);
    expect(named.err).toContain(
      "The file's name says it is a pbx sheet, but the kind given is did: leave the kind out, or rename the file.",
    );
    const book = new ExcelJS.Workbook();
    const summary = book.addWorksheet('Summary');
    summary.addRow(['PBX subdomain', 'Trunk', 'DIDs', 'Mode']);
    summary.addRow(['acme', 'US_Register_A1B2C3', '+12025550111', 'add']);
    const file = join(dir, 'summary-sheet.xlsx');
    await book.xlsx.writeFile(file);
    const chosen = await validate(file, '--kind', 'did', '--sheet', 'Summary');
    expect(chosen.code).toBe(0);
    expect(chosen.out).toMatch(/1 row: 1 valid/);
  });

  it('usage mistakes are refused with exit 2: --max-errors not a number, an empty --sheet or FILE', async () => {
    for (const args of [
      [SAMPLE, '--max-errors', 'abc'],
      [SAMPLE, '--max-errors', '-1'],
      [SAMPLE, '--max-errors', '1.5'],
      [SAMPLE, '--sheet', ''],
      [''],
    ]) {
      const { code, out, err } = await validate(...args);
      expect(code).toBe(2);
      expect(out).toBe('');
      expect(err).toMatch(/^pbx-bulk validate: /);
    }
    const help = await validate('-h');
    expect(help.code).toBe(0);
    expect(help.out).toContain('usage: pbx-bulk validate FILE');
  });

  it('a problem on every row of a large file is listed a few times on stdout, and counted', async () => {
    const file = join(dir, 'stray.csv');
    const rows = Array.from(
      { length: 500 },
      (_, i) => `acme${i},US_Register_A1B2C3,+1202555${String(i).padStart(4, '0')},add,stray`,
    );
    await writeFile(file, `PBX subdomain,Trunk,DIDs,Mode\r\n${rows.join('\r\n')}\r\n`);
    const { out } = await validate(file, '--kind', 'did');
    expect(out).toContain('(and 500 warnings about the file)');
    expect(out).toContain('... and 490 more like these');
    expect(out.split('\n').length).toBeLessThan(30);
  });

  it('an .xlsx named .csv is read by its content, like the same file named .xlsx', async () => {
    const named = join(dir, 'book.xlsx');
    await copyFile(bad('xlsx-named.csv'), named);
    const asCsv = await validate(bad('xlsx-named.csv'));
    const asXlsx = await validate(named);
    expect(asCsv.code).toBe(0);
    expect(asXlsx.code).toBe(0);
    expect(asCsv.out.split('\n').slice(1)).toEqual(asXlsx.out.split('\n').slice(1));
  });
});

describe('pbx-bulk validate: the reading budgets (issue 16)', () => {
  it('a file past a budget exits 2 naming the part and the limit; --max-input-mb raises the budgets', async () => {
    const { writeHostile } = await import('../reliability/hostile-xlsx.ts');
    const file = join(dir, 'million-merges.xlsx');
    await writeHostile('merge-cells-million', file);
    const refused = await validate(file);
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(
      /million-merges\.xlsx \(sheet 'DID Bindings'\): xl\/worksheets\/sheet1\.xml holds more than 100,000 merged ranges .*--max-input-mb/,
    );
    const raised = await validate(file, '--max-input-mb', '65536');
    expect(raised.code).toBe(0);
    expect(raised.out).toMatch(/1 row: 1 valid/);
  }, 30_000);

  it('--max-input-mb must be a positive number', async () => {
    const r = await validate(SAMPLE, '--max-input-mb', 'lots');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--max-input-mb must be a positive number of megabytes/);
  });
});
