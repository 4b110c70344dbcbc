import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../../../src/core/model.ts';
import { fixture, readAll } from './read-helpers.ts';
import { cannotRead } from '../../../src/core/read/read-workbook.ts';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pbx-bad-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function readError(file: string): Promise<InputError> {
  try {
    await readAll(file);
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error(`${file} was read without an error`);
}

describe('unusable input is refused with one clear reason', () => {
  it.each([
    ['empty.csv', /empty/i],
    ['pdf-named.csv', /not a spreadsheet/],
    ['binary-garbage.csv', /not a spreadsheet/],
    ['truncated.xlsx', /damaged, truncated/],
    ['csv-named.xlsx', /plain text, not an Excel workbook.*Rename it to \.csv/],
    ['password-protected.xlsx', /password/],
    ['old-excel.xls', /old \.xls/],
    ['libreoffice.ods', /OpenDocument/],
    ['duplicate-headers.csv', /'trunk' appears twice \(columns B and D\)/],
  ])('%s', async (name, reason) => {
    const error = await readError(fixture('bad', name));
    expect(error.message).toMatch(reason);
    expect(error.file).toContain(name);
  });

  it('a header-only CSV is read as a header with no rows (validate then refuses it)', async () => {
    const [sheet] = await readAll(fixture('bad', 'header-only.csv'));
    expect(sheet?.headers).toEqual(['PBX subdomain', 'Trunk', 'DIDs']);
    expect(sheet?.rows).toEqual([]);
  });

  it('a 1 MB cell is refused as not a PBX value, naming its row and column', async () => {
    const file = join(dir, 'one-mb-cell.csv');
    await writeFile(file, `PBX subdomain,Trunk,DIDs\r\nacme,T,"${'9'.repeat(1 << 20)}"\r\n`);
    const error = await readError(file);
    expect(error.message).toMatch(/1,048,576 characters, over Excel's limit of 32,767/);
    expect(error.where).toMatchObject({ row: 2, column: 'DIDs' });
  });

  it('an .xlsx named .csv is recognised by its content and read as a workbook', async () => {
    const sheets = await readAll(fixture('bad', 'xlsx-named.csv'));
    expect(sheets.map((s) => s.name)).toEqual(['Notes', 'DID Bindings']);
  });
});

describe('a file that exists but cannot be opened', () => {
  it('is said in words: no permission, or locked by another program (Excel on Windows)', () => {
    expect(cannotRead('EACCES')).toMatch(/^You have no permission to read this file/);
    expect(cannotRead('EPERM')).toMatch(/^You have no permission to read this file/);
    expect(cannotRead('EBUSY')).toMatch(/is it open in Excel\?/);
    expect(cannotRead('EIO')).toBe('The file cannot be read (EIO).');
  });

  it.skipIf(process.getuid?.() === 0 || process.platform === 'win32')(
    'an unreadable file is refused with that reason, not a raw system error',
    async () => {
      const dir = await mkdtemp(join(tmpdir(), 'pbx-noperm-'));
      const file = join(dir, 'locked.csv');
      await writeFile(file, 'PBX subdomain\r\nacme\r\n', { mode: 0o000 });
      await expect(readAll(file)).rejects.toThrow(/You have no permission to read this file/);
      await rm(dir, { recursive: true, force: true });
    },
  );
});
