import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { RESULT_HEADERS, writeReport } from '../../../src/core/report/write-report.ts';
import { SECRET_MASK } from '../../../src/core/util/cell-safety.ts';
import { HEADERS, PASSWORD, sampleReport, sampleSource, tempDir } from './sample-report.ts';

function readCsv(path: string): string[][] {
  return parse(readFileSync(path), { bom: true, relax_column_count: false }) as string[][];
}

describe('JSON report', () => {
  it('has the summary and one entry per row, ordered by sheet then row', async () => {
    const out = join(tempDir(), 'report.json');
    await writeReport(out, sampleReport(), sampleSource());
    const json = JSON.parse(readFileSync(out, 'utf8')) as {
      summary: { total: number; mode: string };
      rows: Array<Record<string, unknown>>;
    };
    expect(json.summary).toMatchObject({ total: 3, mode: 'validate' });
    expect(json.rows.map((r) => r['row'])).toEqual([2, 3, 5]);
    expect(json.rows[1]).toEqual({
      sheet: 'PBX',
      row: 3,
      kind: 'pbx',
      status: 'invalid',
      messages: [
        {
          column: 'Admin password',
          level: 'error',
          message: `must be at least 10 characters (you typed ${SECRET_MASK})`,
        },
        { column: 'DID', level: 'warning', message: 'check the country code' },
      ],
    });
  });

  it('carries ids, times and vendor codes in a run report', async () => {
    const out = join(tempDir(), 'run.json');
    await writeReport(out, sampleReport('run'));
    const json = JSON.parse(readFileSync(out, 'utf8')) as { rows: Array<Record<string, unknown>> };
    expect(json.rows[0]).toMatchObject({
      row: 2,
      status: 'succeeded',
      ids: { cloudPbxId: '1234567890123456789', requestIds: ['r1', 'r2'] },
    });
    expect(json.rows[2]).toMatchObject({
      status: 'failed',
      messages: [{ code: '1000123', level: 'error' }],
      startedAt: '2026-01-01T00:00:00.000Z',
    });
  });

  it('leaves no temporary file behind', async () => {
    const dir = tempDir();
    await writeReport(join(dir, 'r.json'), sampleReport());
    expect(readdirSync(dir)).toEqual(['r.json']);
  });
});

describe('CSV report', () => {
  it('keeps the user columns and cell text, adds result columns, opens right in Excel (BOM)', async () => {
    const out = join(tempDir(), 'report.csv');
    await writeReport(out, sampleReport(), sampleSource());
    const bytes = readFileSync(out);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...rows] = readCsv(out);
    expect(header).toEqual([...HEADERS, 'Result: row', 'Result: status', 'Result: messages']);
    expect(RESULT_HEADERS).toContain('Result: status');
    expect(rows).toHaveLength(3);
    const [r2, r3, r5] = rows as [string[], string[], string[]];
    expect(r2.slice(2, 4)).toEqual(['+12025550101', '00123']); // DID and leading zeros kept
    expect(r2[4]).toBe(`'=HYPERLINK("http://evil","x")`); // formula neutralised
    expect(r3.slice(2, 5)).toEqual(['+44 20 7946 1101', '-5', `'-2+3`]);
    expect(r5).toEqual(['gamma, "quoted"', '', '12025550102', ' padded ', 'line\nbreak', '5', 'valid', '']);
    expect(r3.slice(5)).toEqual([
      '3',
      'invalid',
      `Admin password: must be at least 10 characters (you typed ${SECRET_MASK}) | [warning] DID: check the country code`,
    ]);
  });

  it('never writes a password in clear', async () => {
    const out = join(tempDir(), 'report.csv');
    await writeReport(out, sampleReport(), sampleSource());
    const text = readFileSync(out, 'utf8');
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain('short');
    const rows = readCsv(out);
    expect(rows.map((r) => r[1])).toEqual(['Admin password', SECRET_MASK, SECRET_MASK, '']);
  });

  it('adds ids, request ids, times and the vendor error code for a run report', async () => {
    const out = join(tempDir(), 'run.csv');
    await writeReport(out, sampleReport('run'), sampleSource());
    const [header, r2, , r5] = readCsv(out) as [string[], string[], string[], string[]];
    const at = (row: string[], name: string): string | undefined => row[header.indexOf(name)];
    expect(at(r2, 'Result: cloudPbxId')).toBe('1234567890123456789');
    expect(at(r2, 'Result: requestIds')).toBe('r1 r2');
    expect(at(r2, 'Result: status')).toBe('succeeded');
    expect(at(r5, 'Result: errorCode')).toBe('1000123');
    expect(at(r5, 'Result: finishedAt')).toBe('2026-01-01T00:00:01.000Z');
  });

  it('without a source, writes one generic line per report row', async () => {
    const out = join(tempDir(), 'plain.csv');
    await writeReport(out, sampleReport());
    const [header, ...rows] = readCsv(out);
    expect(header).toEqual(['sheet', 'kind', 'Result: row', 'Result: status', 'Result: messages']);
    expect(rows.map((r) => r.slice(0, 4))).toEqual([
      ['PBX', 'pbx', '2', 'valid'],
      ['PBX', 'pbx', '3', 'invalid'],
      ['PBX', 'pbx', '5', 'valid'],
    ]);
  });

  it('for several sheets, writes one CSV per sheet next to the generic one', async () => {
    const dir = tempDir();
    const source = sampleSource();
    source.sheets.push({
      name: 'DID Bindings',
      kind: 'did',
      headerRow: 1,
      headers: ['pbx', 'dids'],
      rows: [{ row: 2, cells: ['acme', '+12025550199'] }],
    });
    const report = sampleReport();
    report.rows.push({ sheet: 'DID Bindings', row: 2, kind: 'did', status: 'valid', messages: [] });
    await writeReport(join(dir, 'out.csv'), report, source);
    expect(readdirSync(dir).sort()).toEqual(['out.DID_Bindings.csv', 'out.PBX.csv', 'out.csv']);
    expect(readCsv(join(dir, 'out.DID_Bindings.csv'))[1]).toEqual(['acme', '+12025550199', '2', 'valid', '']);
    expect(readCsv(join(dir, 'out.csv')).map((r) => r[0])).toEqual([
      'sheet',
      'PBX',
      'PBX',
      'PBX',
      'DID Bindings',
    ]);
  });
  it('two sheets whose file names would clash ("DID Bindings", "did_bindings") each get their own CSV', async () => {
    const dir = tempDir();
    const source = sampleSource();
    const report = sampleReport();
    for (const [name, did] of [
      ['DID Bindings', '+12025550101'],
      ['did_bindings', '+12025550202'],
    ] as const) {
      source.sheets.push({
        name,
        kind: 'did',
        headerRow: 1,
        headers: ['pbx', 'dids'],
        rows: [{ row: 2, cells: ['acme', did] }],
      });
      report.rows.push({ sheet: name, row: 2, kind: 'did', status: 'valid', messages: [] });
    }
    const files = await writeReport(join(dir, 'out.csv'), report, source);
    expect(files.map((f) => f.slice(dir.length + 1))).toEqual([
      'out.PBX.csv',
      'out.DID_Bindings.csv',
      'out.did_bindings-2.csv',
      'out.csv',
    ]);
    expect(readCsv(join(dir, 'out.DID_Bindings.csv'))[1]?.[1]).toBe('+12025550101');
    expect(readCsv(join(dir, 'out.did_bindings-2.csv'))[1]?.[1]).toBe('+12025550202');
  });

  it('is never written over the file the rows were read from', async () => {
    const dir = tempDir();
    const input = join(dir, 'in.csv');
    writeFileSync(input, 'the user sheet');
    await expect(writeReport(input, sampleReport(), sampleSource(), input)).rejects.toThrow(
      /it is the file being read/,
    );
    expect(readFileSync(input, 'utf8')).toBe('the user sheet');
  });
});

describe('report format', () => {
  it('refuses an unknown extension with a message naming it', async () => {
    const out = join(tempDir(), 'report.ods');
    await expect(writeReport(out, sampleReport())).rejects.toThrow(/"\.ods".*\.json, \.csv or \.xlsx/);
    expect(existsSync(out)).toBe(false);
  });
});
