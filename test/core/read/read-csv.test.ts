import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFile } from 'node:fs/promises';
import { sniffDelimiter, sniffEncoding } from '../../../src/core/read/detect.ts';
import { CORPUS_HEADERS, CORPUS_ROWS, fixture, readSheet } from './read-helpers.ts';

// Each file holds the same table; the writer, encoding and delimiter differ (scripts/make-fixtures.sh).
const CASES = [
  { file: 'utf8-bom-comma.csv', writer: 'Python', encoding: 'utf8', delimiter: ',' },
  { file: 'utf8-nobom-semicolon.csv', writer: 'Python', encoding: 'utf8', delimiter: ';' },
  { file: 'libreoffice-utf8-comma.csv', writer: 'LibreOffice', encoding: 'utf8', delimiter: ',' },
  { file: 'libreoffice-tab.tsv', writer: 'LibreOffice', encoding: 'utf8', delimiter: '\t' },
  {
    file: 'libreoffice-utf16le-bom-semicolon.csv',
    writer: 'LibreOffice',
    encoding: 'utf16le',
    delimiter: ';',
  },
  { file: 'utf16le-nobom-comma.csv', writer: 'Python', encoding: 'utf16le', delimiter: ',' },
  { file: 'utf16be-bom-tab.tsv', writer: 'Python', encoding: 'utf16be', delimiter: '\t' },
  { file: 'utf16be-nobom-comma.csv', writer: 'iconv', encoding: 'utf16be', delimiter: ',' },
  { file: 'win1252-accents-semicolon.csv', writer: 'Python', encoding: 'win1252', delimiter: ';' },
  { file: 'libreoffice-win1252-semicolon.csv', writer: 'LibreOffice', encoding: 'win1252', delimiter: ';' },
] as const;

describe('CSV reading keeps every value exactly as the user typed it', () => {
  it.each(CASES)(
    '$file ($writer, $encoding, delimiter $delimiter): accents, +, leading zeros and 19-digit IDs survive',
    async ({ file }) => {
      const sheet = await readSheet(fixture('read', file));
      expect(sheet.headers).toEqual(CORPUS_HEADERS);
      expect(sheet.rows.map((r) => r.cells)).toEqual(CORPUS_ROWS);
      // Row numbers are the user's line numbers: the header is row 1.
      expect(sheet.rows.map((r) => r.row)).toEqual([2, 3, 4]);
    },
  );

  it.each(CASES)('$file: the encoding and delimiter are detected, not assumed', async (c) => {
    const bytes = await readFile(fixture('read', c.file));
    const sniff = sniffEncoding(bytes);
    expect(sniff.encoding).toBe(c.encoding);
    const text = new TextDecoder(
      c.encoding === 'utf16le'
        ? 'utf-16le'
        : c.encoding === 'utf16be'
          ? 'utf-16be'
          : c.encoding === 'win1252'
            ? 'windows-1252'
            : 'utf-8',
    ).decode(bytes.subarray(sniff.bomLength));
    expect(sniffDelimiter(text)).toBe(c.delimiter);
  });

  it('tells the user when a file was not UTF-8 (so a wrong guess can be overridden)', async () => {
    const sheet = await readSheet(fixture('read', 'win1252-accents-semicolon.csv'));
    expect(sheet.issues.map((i) => i.message)).toContainEqual(expect.stringContaining('Windows-1252'));
  });

  it('a forced encoding and delimiter override detection', async () => {
    const sheet = await readSheet(fixture('read', 'win1252-accents-semicolon.csv'), undefined, {
      encoding: 'win1252',
      delimiter: ';',
    });
    expect(sheet.rows.map((r) => r.cells)).toEqual(CORPUS_ROWS);
  });

  it('accepts \\r\\n, \\n and lone \\r line endings in one file', async () => {
    const sheet = await readSheet(fixture('read', 'mixed-line-endings.csv'));
    expect(sheet.rows.map((r) => [r.row, ...r.cells])).toEqual([
      [2, 'Acme', 'acme', '+12025550101'],
      [3, 'Globex', 'globex', '+12025550102'],
      [4, 'Initech', 'initech', '+12025550103'],
    ]);
  });

  it('finds the header after blank lines, skips empty rows and reports them, keeping line numbers', async () => {
    const sheet = await readSheet(fixture('read', 'header-after-blank-lines.csv'));
    expect(sheet.headerRow).toBe(4);
    expect(sheet.headers).toEqual(['Name', 'Subdomain', 'DID']);
    expect(sheet.rows.map((r) => [r.row, ...r.cells])).toEqual([
      [5, 'Acme', 'acme', '+12025550101'],
      [8, 'Globex', 'globex', '+12025550102'],
    ]);
    expect(sheet.issues.map((i) => i.message)).toContain('2 empty row(s) skipped.');
  });
});

describe('Excel\'s ="..." text cells in a CSV', () => {
  it('are read as the text inside the quotes, as Excel shows them, and said once', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'pbx-text-formula-')), 'dids.csv');
    writeFileSync(
      file,
      'PBX subdomain,Trunk,DIDs,Mode\r\nexistingco,US_Register_A1B2C3,"=""07911123456""",add\r\n' +
        'existingco,"=""a """"b""""""","=1+1",add\r\n',
    );
    const sheet = await readSheet(file);
    expect(sheet.rows.map((row) => row.cells)).toEqual([
      ['existingco', 'US_Register_A1B2C3', '07911123456', 'add'],
      // A quote inside is written twice, as in any Excel formula text; a real formula stays as written.
      ['existingco', 'a "b"', '=1+1', 'add'],
    ]);
    expect(sheet.issues.map((issue) => issue.message)).toContain(
      `2 cell(s) written as ="..." (Excel's way to keep leading zeros in a CSV) were read as the text inside the quotes, as Excel shows them.`,
    );
  });
});

describe('a CSV in neither UTF-8 nor Windows-1252', () => {
  // Excel for Mac's "CSV" is Mac Roman: ç is 0x8D, which Windows-1252 has no character for.
  const macRoman = Buffer.concat([
    Buffer.from('PBX name,Subdomain\r\nFran'),
    Buffer.from([0x8d]),
    Buffer.from('ais '),
    Buffer.from([0x8e]),
    Buffer.from('t'),
    Buffer.from([0x8e]),
    Buffer.from(',fr\r\n'),
  ]);

  it('is refused naming the byte and its line, rather than read with its letters changed', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'pbx-macroman-')), 'mac.csv');
    writeFileSync(file, macRoman);
    await expect(readSheet(file)).rejects.toThrow(
      /^Byte 24 \(line 2\) is neither UTF-8 nor a character in Windows-1252.*pass --encoding macroman/,
    );
  });

  it('reads right with --encoding macroman', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'pbx-macroman-')), 'mac.csv');
    writeFileSync(file, macRoman);
    const sheet = await readSheet(file, undefined, { encoding: 'macroman' });
    expect(sheet.rows[0]?.cells).toEqual(['Français été', 'fr']);
  });
});
