import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import type { SourceRow } from '../../../src/core/model.ts';
import { openCsvSource } from '../../../src/core/read/csv-records.ts';
import { readCsv } from '../../../src/core/read/read-csv.ts';
import { validateFile } from '../../../src/core/validate/validate-file.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'pbx-csv-stream-'));
const write = (name: string, text: string): string => {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
};

/** Reads a CSV whole: rows, issues or the error. */
async function readWith(file: string, encoding?: string): Promise<{ rows?: SourceRow[]; error?: string }> {
  try {
    const sheet = await readCsv(file, { ...(encoding !== undefined && { encoding }) });
    const rows: SourceRow[] = [];
    for await (const row of sheet.rows) rows.push(row);
    return { rows };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

/** A small seeded generator, so a failing case can be run again. */
function generator(seed: number): (below: number) => number {
  let state = seed >>> 0;
  return (below) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) % below) as number;
  };
}

describe('the CSV record stream (csv-parse over the file, in this thread)', () => {
  it.each([
    ['LF, UTF-8', '\n', 'utf8'],
    ['CRLF, UTF-8', '\r\n', 'utf8'],
    ['CRLF, Windows-1252 (Excel\'s "CSV")', '\r\n', 'win1252'],
    ['LF, Mac Roman (given)', '\n', 'macroman'],
  ])(
    'reads 400 KB files (%s) whose quoted cells hold line breaks across reads as csv-parse reads the whole text',
    async (_, eol, encoding) => {
      for (const seed of [1, 2]) {
        const next = generator(seed);
        const lines = ['Name,Subdomain,Notes,DIDs'];
        for (let i = 0; lines.join(eol).length < 400_000; i++) {
          const kind = next(20);
          const notes =
            kind === 0
              ? `"${Array.from({ length: 1 + next(300) }, (_, k) => `line ${k}, ""q""`).join(eol)}"`
              : kind === 1
                ? `12" screen`
                : kind === 2
                  ? `"closed"then text`
                  : `plain ${i}`;
          lines.push(`Customer ${i} Zürich,sub-${i},${notes},"+4420${i}, +4421${i}"`);
          if (next(50) === 0) lines.push('');
        }
        const text = lines.join(eol) + (seed === 2 ? '' : eol);
        const file = join(dir, `big-${seed}-${eol.length}-${encoding}.csv`);
        writeFileSync(file, iconv.encode(text, encoding));
        const expected = (
          parse(text, { relax_column_count: true, relax_quotes: true, skip_empty_lines: true }) as string[][]
        ).slice(1);
        // Windows-1252 is found by the reader; Mac Roman (no byte tells it apart) is given.
        const read = await readWith(file, encoding === 'macroman' ? encoding : undefined);
        expect(read.rows?.length).toBeGreaterThan(1_000);
        expect(read.rows?.map((r) => r.cells)).toEqual(expected);
      }
    },
  );

  it('a 30,000-row file with quoted newlines, accents, emoji and a lone \\r comes through in order', async () => {
    const lines = ['Name,Subdomain,Notes'];
    for (let i = 0; i < 30_000; i++) {
      const notes = i % 7 === 0 ? `"line 1\nline ""2"", Zürich 📞 ${i}"` : `plain ${i}`;
      lines.push(`Customer ${i},sub-${i},${notes}`);
    }
    const file = write('big.csv', lines.join('\r\n').replace('\r\nCustomer 5,', '\rCustomer 5,'));
    const result = await readWith(file);
    expect(result.rows).toHaveLength(30_000);
    expect(result.rows?.[29_999]).toEqual({
      row: 30_001,
      cells: ['Customer 29999', 'sub-29999', 'plain 29999'],
    });
    expect(result.rows?.[7]?.cells[2]).toBe('line 1\nline "2", Zürich 📞 7');
  });

  it('a quote never closed deep in the file is named by its row', async () => {
    const lines = ['Name,Subdomain'];
    // Quoted cells before it, none after (a later quote would close it).
    for (let i = 0; i < 20_000; i++)
      lines.push(i < 15_000 ? `Customer ${i},"sub-${i}"` : `Customer ${i},sub-${i}`);
    lines.splice(15_001, 0, '"Broken,sub-x');
    const read = await readWith(write('unclosed.csv', lines.join('\n')));
    expect(read.error).toMatch(/^A quote opened in row 15002 is never closed/);
  });

  it('a record over a megabyte (a cell far past Excel’s limit) is refused with the cell’s length', async () => {
    const lines = ['Name,Notes'];
    for (let i = 0; i < 3_000; i++) lines.push(`Customer ${i},note ${i}`);
    lines.push(`Huge,${'x'.repeat(1_200_000)}`, 'After,note');
    const read = await readWith(write('huge.csv', lines.join('\n')));
    expect(read.error).toMatch(/has 1,200,000 characters, over Excel's limit/);
  });

  it('a quote opened in the last line is named by its own row', async () => {
    for (const [text, row] of [
      ['Name,Sub\nA,b\n"', 3],
      ['Name,Sub\nA,b\n\n"', 4],
      ['Name,Sub\r\nA,b\r\n"x,y', 3],
    ] as const) {
      const read = await readWith(write(`last-quote-${row}.csv`, text));
      expect(read.error, JSON.stringify(text)).toMatch(
        new RegExp(`^A quote opened in row ${row} is never closed`),
      );
    }
  });

  it('a line over 16 MB without a line end stops at csv-parse’s record bound, naming the row', async () => {
    const read = await readWith(write('no-line-end.csv', `Name,Notes\nA,${'x'.repeat(17_000_000)}`));
    expect(read.error).toMatch(/^Cannot read the CSV near row 2: .*Max Record Size/);
  });

  it('a file replaced on disk while it is read (as Excel saves) is read to the end from the file first opened', async () => {
    const lines = ['Name,Subdomain'];
    for (let i = 0; i < 20_000; i++) lines.push(`Customer ${i},"sub-${i}"`);
    const file = write('replaced.csv', `${lines.join('\n')}\n"oops`);
    const other = write('replacement.csv', `${lines.join('\n')}\nMore,more\n`);
    const sheet = await readCsv(file);
    let rows = 0;
    let error = '';
    try {
      for await (const _row of sheet.rows) {
        if (rows++ === 0) renameSync(other, file);
      }
    } catch (caught) {
      error = caught instanceof Error ? caught.message : String(caught);
    }
    expect({ rows, error: error.slice(0, 40) }).toEqual({
      rows: 20_000,
      error: 'A quote opened in row 20002 is never clo',
    });
  });

  it.runIf(existsSync('/proc/self/fd'))(
    'closes the file whether the reader reads to the end, stops after the headers, or meets an error',
    async () => {
      const good = write('fd-good.csv', 'Name,Subdomain\nA,"a"\nB,b\n');
      const bad = write('fd-bad.csv', 'Name,Subdomain\nA,"a\n');
      const wrongKind = write('PBX.csv', 'Name,Subdomain\nA,a\n');
      const open = (): number => readdirSync('/proc/self/fd').length;
      const before = open();
      for (let i = 0; i < 20; i++) {
        await readWith(good);
        await readWith(bad);
        const sheet = await readCsv(good);
        await sheet.rows[Symbol.asyncIterator]().return?.(undefined);
        // A sheet refused after its headers (a kind its name contradicts) is given up on unread.
        await expect(validateFile(wrongKind, { kind: 'did' })).rejects.toThrow();
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(open()).toBe(before);
    },
  );

  it('a delimiter that is half a character (a lone surrogate) is refused, not split between the halves of 📞', async () => {
    const file = write('surrogate.csv', 'Name\ufffdSub\nA📞x,a\n');
    await expect(readCsv(file, { delimiter: '\ud83d' })).rejects.toThrow(
      /^The delimiter must be one character/,
    );
  });

  it('a reader that stops while a row is still being read gets that row, then the end (no hang, no false error)', async () => {
    const lines = ['Name,Notes'];
    for (let i = 0; i < 50_000; i++) lines.push(`Customer ${i},"note ${i}"`);
    const file = write('stop-mid.csv', lines.join('\n'));
    for (const after of [0, 1, 700, 3_000, 20_000]) {
      const sheet = await readCsv(file);
      const rows = sheet.rows[Symbol.asyncIterator]();
      for (let i = 0; i < after; i++) await rows.next();
      const [last, end] = await Promise.all([rows.next(), rows.return?.(undefined)]);
      expect({ after, last, end }).toEqual({
        after,
        last: { done: false, value: { row: after + 2, cells: [`Customer ${after}`, `note ${after}`] } },
        end: { done: true, value: undefined },
      });
    }
  });

  it('a file that mixes line endings gives every line ending to csv-parse', async () => {
    const file = write('mixed.csv', 'Name,Subdomain\r\nA,a\nB,b\rC,c\r\n');
    const source = await openCsvSource({ file, start: 0, encoding: 'utf8', delimiter: ',' });
    const records: string[][] = [];
    for (let record = await source.next(); record; record = await source.next()) records.push(record);
    expect(records).toEqual([
      ['Name', 'Subdomain'],
      ['A', 'a'],
      ['B', 'b'],
      ['C', 'c'],
    ]);
    expect((await readWith(file)).rows).toHaveLength(3);
  });

  it('a reader that stops after the first row closes the file: the process ends by itself', () => {
    const lines = ['Name,Subdomain'];
    for (let i = 0; i < 50_000; i++) lines.push(`Customer ${i},sub-${i}`);
    const file = write('stop.csv', lines.join('\n'));
    const child = spawnSync(process.execPath, ['bin/run-ts.mjs', 'test/core/read/stop-early.ts', file], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(child.signal).toBeNull(); // not killed by the timeout: nothing kept it alive
    expect(child.status).toBe(0);
    expect(JSON.parse(child.stdout)).toEqual({ row: 2, cells: ['Customer 0', 'sub-0'] });
  });
});
