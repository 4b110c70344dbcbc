import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCsvRecords } from '../../../src/core/read/csv-records.ts';
import { scanCsvBytes, type CsvStreamSpec } from '../../../src/core/read/csv-scan.ts';
import { fixture } from './read-helpers.ts';

const ANY = ['\r\n', '\n', '\r'];
const dir = mkdtempSync(join(tmpdir(), 'pbx-line-endings-'));
const write = (name: string, text: string | Buffer): string => {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
};
const lineEndingsOf = async (spec: CsvStreamSpec): Promise<string[]> =>
  (await scanCsvBytes(spec)).lineEndings;
const utf8 = (file: string, start = 0): CsvStreamSpec => ({ file, start, encoding: 'utf8', delimiter: ',' });

async function records(spec: CsvStreamSpec, lineEndings?: string[]): Promise<unknown> {
  const rows: string[][] = [];
  try {
    for await (const record of openCsvRecords(spec, lineEndings)) rows.push(record as string[]);
    return rows;
  } catch (error) {
    return { rows, error: error instanceof Error ? error.message : String(error) };
  }
}

// One MB past the header: the scan reads 1 MB chunks, so a CRLF can straddle two of them.
const MB = 1 << 20;
const straddling = (second: string): string => {
  const first = 'a,b\r\n';
  const padding = 'x'.repeat(MB - first.length - 1);
  return `${first}${padding}\r${second}c,d\r\n`;
};

const CASES: Array<[string, string, string[]]> = [
  ['LF only', 'Name,Notes\nAcme,"two\nlines"\nBeta,x\n', ['\n']],
  ['CRLF only, a quoted CRLF too', 'Name,Notes\r\nAcme,"two\r\nlines"\r\nBeta,x\r\n', ['\r\n']],
  ['no line ending at all', 'Name,Notes', ['\n']],
  ['CRLF with one bare LF', 'Name,Notes\r\nAcme,x\nBeta,y\r\n', ANY],
  ['LF with a quoted CRLF', 'Name,Notes\nAcme,"two\r\nlines"\nBeta,y\n', ANY],
  ['CRLF with a quoted lone CR', 'Name,Notes\r\nAcme,"two\rlines"\r\nBeta,y\r\n', ANY],
  ['CR only (old Mac)', 'Name,Notes\rAcme,x\rBeta,y\r', ANY],
  ['a CRLF split between two read chunks', straddling('\n'), ['\r\n']],
  ['a lone CR at the end of a read chunk', straddling('z'), ANY],
  ['CRLF, then a lone CR that ends the file', 'a,b\r\nc,d\r', ANY],
  ['LF only in the first read chunk, CRLF in the next', `a,b\n${'x'.repeat(MB)}\r\nc,d\r\n`, ANY],
  ['CRLF in the first read chunk, a bare LF in the next', `a,b\r\n${'x'.repeat(MB)}\nc,d\n`, ANY],
  ['a file that starts with a bare LF', '\na,b\r\nc,d\r\n', ANY],
];

describe('the line endings csv-parse is given', () => {
  it.each(CASES)('%s', async (name, text, expected) => {
    const file = write(`${name.replace(/\W+/g, '-')}.csv`, text);
    expect(await lineEndingsOf(utf8(file))).toEqual(expected);
    // Whatever is chosen, the records are the ones any mix of line endings gives.
    expect(await records(utf8(file), expected)).toEqual(await records(utf8(file)));
  });

  it('the scan starts after the BOM; a one-byte encoding is scanned as UTF-8 is, UTF-16 gets any mix without a scan', async () => {
    const file = write(
      'bom.csv',
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('a,b\r\nc,d\r\n')]),
    );
    expect(await lineEndingsOf(utf8(file, 3))).toEqual(['\r\n']);
    const win1252 = write('win1252.csv', Buffer.from('Soci\xe9t\xe9,b\nc,d\n', 'latin1'));
    expect(await lineEndingsOf({ ...utf8(win1252), encoding: 'win1252' })).toEqual(['\n']);
    expect(await lineEndingsOf({ ...utf8(win1252), encoding: 'macroman' })).toEqual(['\n']);
    expect(await lineEndingsOf({ ...utf8(file), encoding: 'utf16le' })).toEqual(ANY);
    expect(await lineEndingsOf(utf8(join(dir, 'no-such-file.csv')))).toEqual(ANY);
  });

  it('every UTF-8 CSV of the corpus gives the same records as with any mix of line endings', async () => {
    const corpus = [
      ...readdirSync(fixture('read')).map((f) => fixture('read', f)),
      ...readdirSync(fixture('bad')).map((f) => fixture('bad', f)),
    ].filter((f) => /\.(csv|tsv|txt)$/.test(f));
    let checked = 0;
    for (const file of corpus) {
      const head = readFileSync(file).subarray(0, 4);
      const bom = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
      const delimiter = file.endsWith('.tsv') ? '\t' : /semicolon/.test(file) ? ';' : ',';
      const spec = { ...utf8(file, bom), delimiter };
      expect(await records(spec, await lineEndingsOf(spec)), file).toEqual(await records(spec));
      checked++;
    }
    expect(checked).toBeGreaterThan(10);
  });
});
