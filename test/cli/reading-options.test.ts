/**
 * `--header-row N`, `--map FILE` and `--show-warnings` (issue 17, item 9): a sheet whose headers
 * are under a merged group-header row, a sheet with the customer's own headers and a saved
 * mapping, and warnings listed by cause only when asked.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import type { JournalHeader } from '../../src/core/run/journal.ts';
import type { Report } from '../../src/shared/types.ts';
import { captureIo } from '../helpers/cli.ts';
import { pbxRow, writeWorkbook } from '../core/engine/engine-helpers.ts';

function home(): string {
  return mkdtempSync(join(tmpdir(), 'cli-reading-'));
}

/** The engine's PBX workbook with a merged group-header row ("Company" over A:B, "Admin" over C:E) above its headers. */
async function withGroupHeaderRow(dir: string): Promise<string> {
  const file = await writeWorkbook(dir, { pbx: [pbxRow(77, 'grouped-a'), pbxRow(78, 'grouped-b')] });
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.getWorksheet('PBX');
  if (!ws) throw new Error('no PBX sheet');
  ws.spliceRows(1, 0, ['Company', '', 'Admin', '', '']);
  ws.mergeCells('A1:B1');
  ws.mergeCells('C1:E1');
  await wb.xlsx.writeFile(file);
  return file;
}

/** Opens `file`, lets `edit` change its PBX sheet, saves it. */
async function editPbxSheet(file: string, edit: (ws: ExcelJS.Worksheet) => void): Promise<void> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.getWorksheet('PBX');
  if (!ws) throw new Error('no PBX sheet');
  edit(ws);
  await wb.xlsx.writeFile(file);
}

async function cli(dir: string, args: string[]) {
  const io = captureIo({ env: { PBX_BULK_HOME: dir }, cwd: dir });
  const code = await main(args, io);
  return { code, out: io.out(), err: io.err() };
}

describe('--header-row', () => {
  it('reads the headers from the row given, under a merged group-header row', async () => {
    const dir = home();
    const file = await withGroupHeaderRow(dir);
    // Found by itself too: the group-header row has blanks between its names, the next row is full.
    const guessed = await cli(dir, ['validate', file]);
    expect(guessed.out).toMatch(/2 rows: 2 valid/);
    expect(guessed.code).toBe(0);
    const given = await cli(dir, ['validate', file, '--header-row', '2']);
    expect(given.out).toMatch(/2 rows: 2 valid/);
    expect(given.code).toBe(0);
    const report = join(dir, 'r.json');
    expect((await cli(dir, ['validate', file, '--header-row', '2', '--report', report])).code).toBe(0);
    expect((JSON.parse(readFileSync(report, 'utf8')) as Report).rows.map((r) => r.row)).toEqual([3, 4]);
  });

  it('is recorded in the journal so that resume reads the sheet the same way', async () => {
    const dir = home();
    const file = await withGroupHeaderRow(dir);
    const journal = join(dir, 'j.jsonl');
    const args = ['run', file, '--yes', '--header-row', '2', '--journal', journal];
    expect((await cli(dir, [...args, '--report', join(dir, 'r.json')])).code).toBe(0);
    const header = JSON.parse(readFileSync(journal, 'utf8').split('\n')[0] ?? '') as JournalHeader;
    expect(header.validate).toEqual({ headerRow: 2 });
    const resumed = await cli(dir, ['resume', journal, '--yes', '--report', join(dir, 'r2.json')]);
    expect(resumed.err).toContain('--header-row 2');
    expect(resumed.code).toBe(0);
  });

  it('refuses a row number that is not one', async () => {
    const dir = home();
    const bad = await cli(dir, ['validate', 'x.xlsx', '--header-row', 'two']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--header-row must be a row number');
  });
});

describe('--map', () => {
  it("maps the customer's own headers by a saved mapping of field labels; null leaves a column out", async () => {
    const dir = home();
    const file = await writeWorkbook(dir, { pbx: [pbxRow(79, 'mapped-a')] });
    await editPbxSheet(file, (ws) => {
      const headers = ws.getRow(1);
      const last = headers.cellCount;
      headers.eachCell((cell) => {
        if (cell.text === 'subDomain') cell.value = 'Web address';
        if (cell.text === 'name') cell.value = 'Company';
      });
      headers.getCell(last + 1).value = 'Extra notes';
      ws.getRow(2).getCell(last + 1).value = 'call Bob';
    });
    const without = await cli(dir, ['validate', file]);
    expect(without.code).toBe(1);
    writeFileSync(
      join(dir, 'mapping.json'),
      JSON.stringify({ PBX: { 'Web address': 'Subdomain', Company: 'PBX name', 'Extra notes': null } }),
    );
    const mapped = await cli(dir, ['validate', file, '--map', 'mapping.json']);
    expect(mapped.out).toMatch(/1 row: 1 valid/);
    expect(mapped.out).not.toContain('Extra notes');
    expect(mapped.code).toBe(0);
  });

  it('names the mapping file, sheet and header of a field that does not exist', async () => {
    const dir = home();
    const file = await writeWorkbook(dir, { pbx: [pbxRow(79, 'mapped-b')] });
    const map = join(dir, 'mapping.json');
    writeFileSync(map, JSON.stringify({ PBX: { subDomain: 'Web adress' } }));
    const result = await cli(dir, ['validate', file, '--map', map]);
    expect(result.code).toBe(2);
    expect(result.err).toContain(
      `The saved mapping ${map} maps 'subDomain' to 'Web adress', which is not a pbx field`,
    );
    expect(result.err).toContain("sheet 'PBX'");
    writeFileSync(map, '{"PBX": ["subDomain"]}');
    const shape = await cli(dir, ['validate', file, '--map', map]);
    expect(shape.code).toBe(2);
    expect(shape.err).toContain(`--map ${map}: sheet "PBX" must map headers to field names`);
    const missing = await cli(dir, ['validate', file, '--map', join(dir, 'nope.json')]);
    expect(missing.err).toMatch(/nope\.json: it cannot be read/);
  });
});

describe('--show-warnings and messages by cause', () => {
  it('prints one line per cause with its count and first rows; warnings only when asked', async () => {
    const dir = home();
    const rows = [80, 81, 82, 83, 84, 85, 86].map((n, i) =>
      pbxRow(n, `cause-${n}`, {
        expirationDate: i < 6 ? '31/12/2027' : '2027-12-31',
        allowRunAfterExpirationDate: 'true',
      }),
    );
    const file = await writeWorkbook(dir, { pbx: rows });
    const plain = await cli(dir, ['validate', file]);
    expect(plain.out).toContain(
      '  6 rows, Sheet "PBX" column "expirationDate" (rows 2, 3, 4, 5, 6 and 1 more): \'31/12/2027\' is not a date.',
    );
    expect(plain.out).not.toContain('has no time zone');
    expect(plain.out).toContain('--show-warnings');
    const shown = await cli(dir, ['validate', file, '--show-warnings']);
    expect(shown.out).toMatch(
      /^Warnings:\n {2}Sheet "PBX" row 8, column "expirationDate": The date 2027-12-31 has no time zone/m,
    );
  });
});
