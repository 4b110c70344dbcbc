// pbx-bulk validate --report: the JSON, CSV and XLSX reports, masked passwords, reports fed back
// in. Exit codes and bad input are in validate.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { FILLED_IN_SUBDOMAIN, filledInExamples } from '../helpers/example-rows.ts';
import { writeTemplate } from '../../src/core/templates/make-template.ts';
import { SAMPLE, SAMPLE_PASSWORD, validateIn } from './validate-helpers.ts';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pbx-cli-validate-reports-'));
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
  return validateIn(dir, args);
}

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
