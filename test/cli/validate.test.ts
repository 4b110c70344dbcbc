import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFile, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { main } from '../../src/cli/main.ts';
import { captureIo } from '../helpers/cli.ts';
import { FILLED_IN_SUBDOMAIN, filledInExamples } from '../helpers/example-rows.ts';
import { writeTemplate } from '../../src/core/templates/make-template.ts';
import { SHEET_KINDS } from '../../src/shared/types.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const SAMPLE = join(ROOT, 'templates', 'sample.xlsx');
const bad = (name: string): string => join(ROOT, 'test', 'fixtures', 'bad', name);
/** The sample's example admin password: a report must never contain it. */
const SAMPLE_PASSWORD = 'Sandbox-Pass7x9q';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pbx-cli-validate-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A filled-in PBX workbook whose admin password is also in the Admin email column (shifted cells). */
async function passwordAlsoInEmail(name: string, password: string): Promise<string> {
  const admin = 'cloudPbxInitialConfigRequest.administratorSettings';
  const pbx = filledInExamples().pbx.map((row) => ({
    ...row,
    [`${admin}.newPassword`]: password,
    [`${admin}.confirmPassword`]: password,
    [`${admin}.emailAddress`]: password,
  }));
  const file = join(dir, name);
  await writeTemplate(file, ['pbx'], { ...filledInExamples(), pbx });
  return file;
}

async function validate(...args: string[]) {
  const io = captureIo({ cwd: dir });
  const code = await main(['validate', ...args], io);
  return { code, out: io.out(), err: io.err() };
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

describe('pbx-bulk validate --report', () => {
  it('.json has {summary, rows:[{sheet,row,status,messages:[{column,level,message}]}]} with 1-based source rows', async () => {
    const { code } = await validate(SAMPLE, '--report', 'report.json');
    expect(code).toBe(1);
    const text = await readFile(join(dir, 'report.json'), 'utf8');
    expect(text).not.toContain(SAMPLE_PASSWORD);
    const report = JSON.parse(text) as {
      summary: { total: number; byStatus: Record<string, number> };
      rows: Array<{ sheet: string; row: number; status: string; messages: Array<Record<string, string>> }>;
    };
    expect(report.summary).toMatchObject({ total: 10, byStatus: { valid: 8, invalid: 2 } });
    const invalid = report.rows.filter((r) => r.status === 'invalid');
    expect(invalid.map((r) => [r.sheet, r.row])).toEqual([
      ['PBX', 4],
      ['PBX', 5],
    ]);
    expect(invalid[1]?.messages).toEqual([
      {
        column: 'Plan',
        level: 'error',
        message: "Write 'Enterprise Plan' exactly: values are case-sensitive.",
      },
    ]);
    for (const row of report.rows) {
      expect(Object.keys(row)).toEqual(expect.arrayContaining(['sheet', 'row', 'status', 'messages']));
      expect(['valid', 'invalid']).toContain(row.status);
    }
  });

  it('a password also typed into another column is masked in the messages on stdout and in JSON', async () => {
    const password = 'Zq9-Secret-Pw7x';
    const file = await passwordAlsoInEmail('shifted.xlsx', password);
    const { code, out } = await validate(file, '--report', 'shifted.json');
    expect(code).toBe(1);
    expect(out).toContain('Admin email');
    expect(out).toContain('••••••');
    expect(out).not.toContain(password);
    expect(await readFile(join(dir, 'shifted.json'), 'utf8')).not.toContain(password);
    // The CSV report keeps the user's cells, but not the password in the email column.
    expect((await validate(file, '--report', 'shifted.csv')).code).toBe(1);
    const csv = await readFile(join(dir, 'shifted.csv'), 'utf8');
    expect(csv).not.toContain(password);
    expect(csv).toContain(FILLED_IN_SUBDOMAIN);
    // A secret longer than the 80 characters a message quotes, and one shorter than 6, alike.
    for (const secret of [`Long-${'x'.repeat(90)}-Secret9`, 'Ab1x9']) {
      const file2 = await passwordAlsoInEmail('shifted2.xlsx', secret);
      const run2 = await validate(file2, '--report', 'shifted2.csv');
      const written = await readFile(join(dir, 'shifted2.csv'), 'utf8');
      for (const text of [run2.out, written]) {
        expect(text).not.toContain(secret.slice(0, 40));
        expect(text).not.toContain(`'${secret.slice(0, 5)}`);
      }
    }
  });

  it('a CSV report of a workbook lists every file it writes; sheets whose names clash get one each', async () => {
    const { code, out } = await validate(SAMPLE, '--report', 'multi.csv');
    expect(code).toBe(1);
    expect(out).toContain('Report written to 5 files:');
    for (const name of ['multi.PBX.csv', 'multi.DID_Bindings.csv', 'multi.Expansions.csv', 'multi.csv'])
      expect(out).toContain(join(dir, name));
  });

  it('the report of a sheet with values under no header reads back with the same results', async () => {
    const file = join(dir, 'unlabelled.csv');
    await writeFile(
      file,
      'PBX subdomain,Trunk,DIDs,Mode\r\nacme,US_Register_A1B2C3,+12025550111,add,a note\r\nacme,US_Register_A1B2C3,+12025550112,add\r\n',
    );
    const first = await validate(file, '--kind', 'did');
    expect(first.code).toBe(0);
    expect(first.out).toContain('It has 5 cells but the header has 4; the extra cells are ignored');
    for (const report of ['unlabelled-out.csv', 'unlabelled-out.xlsx']) {
      expect((await validate(file, '--kind', 'did', '--report', report)).code).toBe(0);
      const again = await validate(report, '--kind', 'did');
      expect(again.err).toBe('');
      expect(again.code).toBe(0);
      expect(again.out).toMatch(/2 rows: 2 valid/);
      expect(again.out).toContain('Column E has no header, but 1 row(s) have a value in it (row 2)');
    }
  });

  it("a ';' CSV gets a ';' CSV report (Excel in much of Europe), which reads back the same", async () => {
    const file = join(dir, 'semicolons.csv');
    await writeFile(
      file,
      'PBX subdomain;Trunk;DIDs;Mode\r\nacme;US_Register_A1B2C3;+12025550111, +12025550112;add\r\n',
    );
    expect((await validate(file, '--kind', 'did', '--report', 'semicolons-out.csv')).code).toBe(0);
    const text = await readFile(join(dir, 'semicolons-out.csv'), 'utf8');
    expect(text.split('\r\n')[0]).toBe(
      '\uFEFFPBX subdomain;Trunk;DIDs;Mode;Result: row;Result: status;Result: messages',
    );
    expect(text.split('\r\n')[1]).toMatch(
      /^acme;US_Register_A1B2C3;"\+12025550111, \+12025550112";add;2;valid;/,
    );
    const again = await validate('semicolons-out.csv', '--kind', 'did');
    expect(again.code).toBe(0);
    expect(again.out).toMatch(/1 row: 1 valid/);
  });

  it('a result report fed back in: a row whose last run ended unknown or pending is refused, a succeeded one stays succeeded', async () => {
    const file = join(dir, 'expansions.result.csv');
    await writeFile(
      file,
      [
        'PBX subdomain,Method,Add extensions,Billing cycle,Result: status,Result: messages',
        'globex,order,5,monthly,succeeded,',
        'hooli,order,5,monthly,unknown,the order may have been placed',
        'initech,order,5,monthly,failed,PP: timeout',
        'umbrella,order,5,monthly,pending,Order EK1 is pending',
      ].join('\r\n'),
    );
    const result = await validate(file, '--kind', 'expansion', '--report', 'unknown-out.json');
    expect(result.code).toBe(1);
    const report = JSON.parse(await readFile(join(dir, 'unknown-out.json'), 'utf8')) as {
      rows: Array<{ row: number; status: string; messages: Array<{ column?: string; message: string }> }>;
    };
    const byRow = new Map(report.rows.map((r) => [r.row, r]));
    expect(byRow.get(2)?.status).toBe('succeeded'); // as its report said, and the next one writes
    expect(byRow.get(2)?.messages).toEqual([expect.objectContaining({ reason: 'done-before' })]);
    expect(byRow.get(3)?.status).toBe('invalid');
    expect(byRow.get(3)?.messages).toContainEqual(
      expect.objectContaining({
        column: 'Result: status',
        level: 'error',
        message: expect.stringMatching(/may have been applied.*pbx-bulk resume/),
        reason: 'unknown-outcome',
      }),
    );
    expect(byRow.get(4)?.status).toBe('valid');
    // Placed, not final: ordering it again would bill twice; resume checks its status instead.
    expect(byRow.get(5)?.status).toBe('invalid');
    expect(byRow.get(5)?.messages).toContainEqual(
      expect.objectContaining({
        column: 'Result: status',
        message: expect.stringMatching(/pending.*not placed again.*pbx-bulk resume/),
        reason: 'order-pending',
      }),
    );
  });

  it('an order row without its billing cycle is refused offline, naming the column (the cycle is never guessed)', async () => {
    const file = join(dir, 'no-cycle.csv');
    await writeFile(file, 'PBX subdomain,Method,Add extensions\r\nglobex,order,5\r\nglobex,resize,\r\n');
    const result = await validate(file, '--kind', 'expansion');
    expect(result.code).toBe(1);
    expect(result.out).toMatch(/row 2, column "Billing cycle": An order sends the PBX's billing cycle/);
  });

  it('.csv keeps the user columns, adds the result, and masks the admin password', async () => {
    expect((await validate(SAMPLE, '--sheet', 'PBX', '--report', 'report.csv')).code).toBe(1);
    const text = await readFile(join(dir, 'report.csv'), 'utf8');
    expect(text).toContain('Admin password');
    expect(text).toContain('initech');
    expect(text).toMatch(/invalid/);
    expect(text).not.toContain(SAMPLE_PASSWORD);
    expect(text).not.toContain('Initech-1234x');
  });

  it('.xlsx is a workbook with the PBX sheet, statuses, and no clear-text password', async () => {
    expect((await validate(SAMPLE, '--report', 'report.xlsx')).code).toBe(1);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(join(dir, 'report.xlsx'));
    const pbx = workbook.getWorksheet('PBX');
    expect(pbx).toBeDefined();
    const texts: string[] = [];
    workbook.eachSheet((sheet) =>
      sheet.eachRow((row) => row.eachCell((cell) => texts.push(String(cell.text)))),
    );
    expect(texts).toContain('invalid');
    expect(texts.join('\n')).not.toContain(SAMPLE_PASSWORD);
    expect(texts.join('\n')).not.toContain('Initech-1234x');
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
