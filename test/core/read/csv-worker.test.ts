import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { SourceRow } from '../../../src/core/model.ts';
import { openRecordSource, workerCanLoad } from '../../../src/core/read/csv-sources.ts';
import { readCsv } from '../../../src/core/read/read-csv.ts';
import { csvCorpus, fixture } from './read-helpers.ts';

/**
 * Reads a CSV whole with csv-parse (the fast path off), in this thread (Infinity) or through the
 * parse worker (0): rows, issues or the error.
 */
async function readWith(file: string, workerFromBytes: number): Promise<unknown> {
  try {
    const sheet = await readCsv(file, { workerFromBytes, split: false });
    const rows: SourceRow[] = [];
    for await (const row of sheet.rows) rows.push(row);
    return { headers: sheet.headers, headerRow: sheet.headerRow, rows, issues: sheet.issues };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

const ROOT = join(import.meta.dirname, '..', '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'pbx-csv-worker-'));
const write = (name: string, text: string | Buffer): string => {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
};

describe('large CSVs parsed in a worker thread read exactly as in-thread', () => {
  const corpus = csvCorpus();

  it('the worker really starts here (so the comparisons below are not in-thread against in-thread)', async () => {
    const spec = { file: fixture('read', 'utf8-bom-comma.csv'), start: 3, encoding: 'utf8', delimiter: ',' };
    const viaWorker = await openRecordSource(spec, { workerFromBytes: 0, split: false });
    expect(viaWorker.via).toBe('worker');
    expect(await viaWorker.next()).toEqual(['Name', 'Subdomain', 'DID', 'Customer ID', 'Notes']);
    viaWorker.close();
    const inThread = await openRecordSource(spec, { workerFromBytes: Infinity, split: false });
    expect(inThread.via).toBe('thread');
    inThread.close();
  });

  it('when the worker cannot start (its script missing, as in a package that left it out), the file is read in-thread', async () => {
    const spec = { file: fixture('read', 'utf8-bom-comma.csv'), start: 3, encoding: 'utf8', delimiter: ',' };
    const missing = new URL('./no-such-worker.mjs', import.meta.url);
    const source = await openRecordSource(spec, { workerFromBytes: 0, split: false }, missing);
    expect(source.via).toBe('thread');
    const records: string[][] = [];
    for (let record = await source.next(); record; record = await source.next()) records.push(record);
    expect(records).toHaveLength(4);
    expect(records[1]?.[0]).toBe('Société Générale');
  });

  it('inside an asar archive (the packaged app) no worker is tried: worker threads cannot load from it', async () => {
    const spec = { file: fixture('read', 'utf8-bom-comma.csv'), start: 3, encoding: 'utf8', delimiter: ',' };
    // A real, loadable copy of the worker in a folder named like an archive: only the name stops it.
    const asar = join(ROOT, `.tmp-asar-${process.pid}`, 'app.asar');
    mkdirSync(asar, { recursive: true });
    try {
      const script = join(asar, 'csv-records.mjs');
      copyFileSync(join(ROOT, 'src/core/read/csv-records.mjs'), script);
      const plain = join(asar, '..', 'csv-records.mjs');
      copyFileSync(script, plain);
      const control = await openRecordSource(
        spec,
        { workerFromBytes: 0, split: false },
        pathToFileURL(plain),
      );
      expect(control.via).toBe('worker');
      control.close();
      const source = await openRecordSource(
        spec,
        { workerFromBytes: 0, split: false },
        pathToFileURL(script),
      );
      expect(source.via).toBe('thread');
      expect(await source.next()).toEqual(['Name', 'Subdomain', 'DID', 'Customer ID', 'Notes']);
      source.close();
    } finally {
      rmSync(join(asar, '..'), { recursive: true, force: true });
    }
    expect(workerCanLoad(new URL('file:///C:/Program%20Files/PBX/resources/app.asar/dist/x.mjs'))).toBe(
      false,
    );
    expect(workerCanLoad(new URL('file:///opt/pbx/resources/app.asar.unpacked/dist/x.mjs'))).toBe(true);
  });

  it.each(corpus)('%s: same rows, cells, row numbers, notes or error', async (file) => {
    const inThread = await readWith(file, Infinity);
    expect(await readWith(file, 0)).toEqual(inThread);
  });

  it('a 30,000-row file with quoted newlines, accents, emoji and a lone \\r comes through in order', async () => {
    const lines = ['Name,Subdomain,Notes'];
    for (let i = 0; i < 30_000; i++) {
      const notes = i % 7 === 0 ? `"line 1\nline ""2"", Zürich 📞 ${i}"` : `plain ${i}`;
      lines.push(`Customer ${i},sub-${i},${notes}`);
    }
    const file = write('big.csv', lines.join('\r\n').replace('\r\nCustomer 5,', '\rCustomer 5,'));
    const result = (await readWith(file, 0)) as { rows: SourceRow[] };
    expect(result.rows).toHaveLength(30_000);
    expect(result.rows[29_999]).toEqual({
      row: 30_001,
      cells: ['Customer 29999', 'sub-29999', 'plain 29999'],
    });
    expect(result.rows[7]?.cells[2]).toBe('line 1\nline "2", Zürich 📞 7');
    expect(await readWith(file, 0)).toEqual(await readWith(file, Infinity));
  });

  it('an unclosed quote deep in the file is the same clear error, with the same row number', async () => {
    const lines = ['Name,Subdomain'];
    for (let i = 0; i < 5_000; i++) lines.push(`Customer ${i},sub-${i}`);
    lines.push('"Broken,sub-x');
    const file = write('unclosed.csv', lines.join('\n'));
    const viaWorker = (await readWith(file, 0)) as { error?: string };
    expect(viaWorker.error).toMatch(/^A quote opened in row 5002 is never closed/);
    expect(viaWorker).toEqual(await readWith(file, Infinity));
  });

  it('a reader that stops after the first row lets the worker go: the process ends by itself', () => {
    const lines = ['Name,Subdomain'];
    for (let i = 0; i < 50_000; i++) lines.push(`Customer ${i},sub-${i}`);
    const file = write('stop.csv', lines.join('\n'));
    const root = join(import.meta.dirname, '..', '..', '..');
    const child = spawnSync(process.execPath, ['bin/run-ts.mjs', 'test/core/read/stop-early.ts', file], {
      cwd: root,
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(child.signal).toBeNull(); // not killed by the timeout: nothing kept it alive
    expect(child.status).toBe(0);
    expect(JSON.parse(child.stdout)).toEqual({ row: 2, cells: ['Customer 0', 'sub-0'] });
  });
});
