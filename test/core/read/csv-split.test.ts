import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import type { SourceRow } from '../../../src/core/model.ts';
import { openCsvSource } from '../../../src/core/read/csv-records.ts';
import { splitRecords } from '../../../src/core/read/csv-split.ts';
import { readCsv } from '../../../src/core/read/read-csv.ts';
import { validateFile } from '../../../src/core/validate/validate-file.ts';
import { csvCorpus } from './read-helpers.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'pbx-csv-split-'));
const write = (name: string, text: string): string => {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
};

/** Reads a CSV whole, with the fast path (split) or with csv-parse alone: rows, issues or the error. */
async function readWith(file: string, split: boolean, encoding?: string): Promise<unknown> {
  try {
    const sheet = await readCsv(file, {
      split,
      ...(encoding !== undefined && { encoding }),
    });
    const rows: SourceRow[] = [];
    for await (const row of sheet.rows) rows.push(row);
    return { headers: sheet.headers, headerRow: sheet.headerRow, rows, issues: sheet.issues };
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

const CSV_OPTIONS = { relax_column_count: true, relax_quotes: true, skip_empty_lines: false };

/** csv-parse's records of `text`, or its error code. */
function reference(text: string, delimiter: string, eol: string): string[][] | string {
  try {
    return parse(text, { ...CSV_OPTIONS, delimiter, record_delimiter: [eol] }) as string[][];
  } catch (error) {
    return String((error as { code?: unknown }).code);
  }
}

describe('the CSV fast path gives csv-parse’s records exactly', () => {
  it('on 3,000 random texts of quotes, delimiters and line endings (a region then csv-parse for the rest)', () => {
    const next = generator(7);
    let regular = 0;
    let irregular = 0;
    for (let n = 0; n < 3_000; n++) {
      const crlf = next(2) === 1;
      const eol = crlf ? '\r\n' : '\n';
      const delimiter = [',', ';', '\t'][next(3)] ?? ',';
      const pieces = ['a', 'Zürich', '📞', ' ', delimiter, delimiter, '"', '"', '""', eol, eol, 'x y'];
      let text = '';
      for (let k = next(40); k >= 0; k--) text += pieces[next(pieces.length)];
      const expected = reference(text, delimiter, eol);
      const records: string[][] = [];
      const { at, stop } = splitRecords(text, { delimiter, crlf }, true, records);
      if (stop === 'open') {
        // Only a quote never closed leaves a record open at the end of the file.
        expect(expected, JSON.stringify(text)).toBe('CSV_QUOTE_NOT_CLOSED');
        continue;
      }
      if (stop === 'irregular') irregular++;
      else regular++;
      const rest = stop === 'irregular' ? reference(text.slice(at), delimiter, eol) : [];
      if (typeof rest === 'string') expect(expected, JSON.stringify(text)).toBe(rest);
      else expect([...records, ...rest], JSON.stringify(text)).toEqual(expected);
    }
    // Both ways were taken often, so both were compared.
    expect(regular).toBeGreaterThan(300);
    expect(irregular).toBeGreaterThan(300);
  });

  it('on every CSV and TSV of the fixture corpus: same rows, cells, row numbers, notes or error', async () => {
    const corpus = csvCorpus();
    for (const file of corpus) expect(await readWith(file, true), file).toEqual(await readWith(file, false));
  });

  it.each([
    ['LF, UTF-8', '\n', 'utf8'],
    ['CRLF, UTF-8', '\r\n', 'utf8'],
    ['CRLF, Windows-1252 (Excel\'s "CSV")', '\r\n', 'win1252'],
    ['LF, Mac Roman (given)', '\n', 'macroman'],
  ])(
    'on 400 KB files (%s) whose quoted cells hold line breaks across the 64 KB reads, and stray quotes',
    async (_, eol, encoding) => {
      for (const seed of [1, 2, 3]) {
        const next = generator(seed);
        // Text after a closing quote (seed 2 only) hands the rest of the file to csv-parse sooner or
        // later; the other files are split by the fast path from start to end.
        const irregular = seed === 2;
        const lines = ['Name,Subdomain,Notes,DIDs'];
        for (let i = 0; lines.join(eol).length < 400_000; i++) {
          const kind = next(20);
          const notes =
            kind === 0
              ? `"${Array.from({ length: 1 + next(300) }, (_, k) => `line ${k}, ""q""`).join(eol)}"`
              : kind === 1
                ? `12" screen`
                : kind === 2 && irregular
                  ? `"closed"then text`
                  : kind === 3
                    ? ''
                    : `plain ${i}`;
          lines.push(`Customer ${i} Zürich,sub-${i},${notes},"+4420${i}, +4421${i}"`);
          if (next(50) === 0) lines.push('');
        }
        const file = join(dir, `big-${seed}-${eol.length}-${encoding}.csv`);
        writeFileSync(file, iconv.encode(lines.join(eol) + (seed === 2 ? '' : eol), encoding));
        const source = await openCsvSource({ file, start: 0, encoding, delimiter: ',' });
        expect(source.via).toBe('split');
        while ((await source.next()) !== undefined);
        expect(source.via).toBe(irregular ? 'thread' : 'split');
        source.close();
        // Windows-1252 is found by the reader; Mac Roman (no byte tells it apart) is given.
        const given = encoding === 'macroman' ? encoding : undefined;
        const fast = (await readWith(file, true, given)) as { rows?: SourceRow[] };
        expect(fast.rows?.length).toBeGreaterThan(1_000);
        expect(fast.rows?.[0]?.cells[0]).toBe('Customer 0 Zürich');
        expect(fast).toEqual(await readWith(file, false, given));
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
    const result = (await readWith(file, true)) as { rows: SourceRow[] };
    expect(result.rows).toHaveLength(30_000);
    expect(result.rows[29_999]).toEqual({
      row: 30_001,
      cells: ['Customer 29999', 'sub-29999', 'plain 29999'],
    });
    expect(result.rows[7]?.cells[2]).toBe('line 1\nline "2", Zürich 📞 7');
  });

  it('a quote never closed deep in the file is the same error with the same row number', async () => {
    const lines = ['Name,Subdomain'];
    // Quoted cells before it (the fast path's), none after (a later quote would close it).
    for (let i = 0; i < 20_000; i++)
      lines.push(i < 15_000 ? `Customer ${i},"sub-${i}"` : `Customer ${i},sub-${i}`);
    lines.splice(15_001, 0, '"Broken,sub-x');
    const file = write('unclosed.csv', lines.join('\n'));
    const fast = (await readWith(file, true)) as { error?: string };
    expect(fast.error).toMatch(/^A quote opened in row 15002 is never closed/);
    expect(fast).toEqual(await readWith(file, false));
  });

  it('a record over a megabyte (a cell far past Excel’s limit) is csv-parse’s and the reader’s same error', async () => {
    const lines = ['Name,Notes'];
    for (let i = 0; i < 3_000; i++) lines.push(`Customer ${i},note ${i}`);
    lines.push(`Huge,${'x'.repeat(1_200_000)}`, 'After,note');
    const file = write('huge.csv', lines.join('\n'));
    const fast = (await readWith(file, true)) as { error?: string };
    expect(fast.error).toMatch(/has 1,200,000 characters, over Excel's limit/);
    expect(fast).toEqual(await readWith(file, false));
  });

  it('a quote opened in the last line is named by its own row, by both readers', async () => {
    for (const [text, row] of [
      ['Name,Sub\nA,b\n"', 3],
      ['Name,Sub\nA,b\n\n"', 4],
      ['Name,Sub\r\nA,b\r\n"x,y', 3],
    ] as const) {
      const file = write(`last-quote-${row}.csv`, text);
      for (const split of [true, false]) {
        const result = (await readWith(file, split)) as { error?: string };
        expect(result.error, `${JSON.stringify(text)} split=${split}`).toMatch(
          new RegExp(`^A quote opened in row ${row} is never closed`),
        );
      }
    }
  });

  it('a line over 16 MB without a line end, and a quote left open a megabyte before the end, end as csv-parse ends them', async () => {
    const long = write('no-line-end.csv', `Name,Notes\nA,${'x'.repeat(17_000_000)}`);
    const fast = (await readWith(long, true)) as { error?: string };
    expect(fast.error).toMatch(/Max Record Size/);
    expect(fast).toEqual(await readWith(long, false));

    const lines = ['Name,Notes', 'A,"open'];
    for (let i = 0; i < 60_000; i++) lines.push(`Customer ${i},note ${i}`);
    const open = write('open-early.csv', lines.join('\n'));
    const source = await openCsvSource({ file: open, start: 0, encoding: 'utf8', delimiter: ',' });
    expect(await source.next()).toEqual(['Name', 'Notes']);
    await expect(source.next()).rejects.toThrow(/Quote Not Closed/);
    expect(source.via).toBe('thread'); // handed over to csv-parse
    source.close();
    expect(await readWith(open, true)).toEqual(await readWith(open, false));
  });

  it('a file replaced on disk while it is read (as Excel saves) is read to the end from the file first opened', async () => {
    const lines = ['Name,Subdomain'];
    for (let i = 0; i < 20_000; i++) lines.push(`Customer ${i},"sub-${i}"`);
    const file = write('replaced.csv', `${lines.join('\n')}\n"oops`);
    const other = write('replacement.csv', `${lines.join('\n')}\nMore,more\n`);
    for (const split of [true, false]) {
      writeFileSync(file, `${lines.join('\n')}\n"oops`);
      const sheet = await readCsv(file, { split });
      let rows = 0;
      let error = '';
      try {
        for await (const _row of sheet.rows) {
          if (rows++ === 0) renameSync(other, file);
        }
      } catch (caught) {
        error = caught instanceof Error ? caught.message : String(caught);
      }
      writeFileSync(other, `${lines.join('\n')}\nMore,more\n`);
      expect({ split, rows, error: error.slice(0, 40) }).toEqual({
        split,
        rows: 20_000,
        error: 'A quote opened in row 20002 is never clo',
      });
    }
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
        await readWith(good, true);
        await readWith(bad, true);
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
    for (const options of [{ split: true }, { split: false }]) {
      for (const after of [0, 1, 700, 3_000, 20_000]) {
        const sheet = await readCsv(file, options);
        const rows = sheet.rows[Symbol.asyncIterator]();
        for (let i = 0; i < after; i++) await rows.next();
        const [last, end] = await Promise.all([rows.next(), rows.return?.(undefined)]);
        expect({ ...options, after, last, end }).toEqual({
          ...options,
          after,
          last: { done: false, value: { row: after + 2, cells: [`Customer ${after}`, `note ${after}`] } },
          end: { done: true, value: undefined },
        });
      }
    }
  });

  it('a file that mixes line endings is left to csv-parse', async () => {
    const file = write('mixed.csv', 'Name,Subdomain\r\nA,a\nB,b\r\n');
    const source = await openCsvSource({ file, start: 0, encoding: 'utf8', delimiter: ',' });
    expect(source.via).toBe('thread');
    source.close();
    expect(await readWith(file, true)).toEqual(await readWith(file, false));
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
    expect(child.signal).toBeNull();
    expect(child.status).toBe(0);
    expect(JSON.parse(child.stdout)).toEqual({ row: 2, cells: ['Customer 0', 'sub-0'] });
  });
});
