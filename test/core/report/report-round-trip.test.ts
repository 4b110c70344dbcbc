/**
 * A result report fed back in, again and again: its Result columns are replaced, never doubled, and
 * a row an earlier run did keeps `succeeded` and its IDs however many times the report goes round.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { writeReport } from '../../../src/core/report/write-report.ts';
import type { ReportSource } from '../../../src/core/report/write-report.ts';
import type { Report } from '../../../src/shared/types.ts';
import { tempDir } from './sample-report.ts';

const HEADERS = ['PBX subdomain', 'Method', 'Add extensions'];
/** The report of the first run, fed back as the input of the second. */
const SOURCE: ReportSource = {
  sheets: [
    {
      name: 'Expansions',
      kind: 'expansion',
      headerRow: 1,
      headers: [...HEADERS, 'Result: status', 'Result: messages', 'Result: orderNo', 'Result: startedAt'],
      rows: [
        { row: 2, cells: ['globex', 'order', '5', 'succeeded', '', 'SO-0001', '2026-12-02T10:00:00Z'] },
        { row: 3, cells: ['hooli', 'order', '5', 'failed', 'PP: timeout', '', '2026-12-02T10:00:01Z'] },
      ],
    },
  ],
};
/** The second run: row 2 done before (not run again), row 3 ordered this time. */
const REPORT: Report = {
  summary: {
    file: 'exp.result.csv',
    mode: 'run',
    total: 2,
    byStatus: { succeeded: 2 },
    errors: 0,
    warnings: 0,
    fileMessages: [],
  },
  rows: [
    {
      sheet: 'Expansions',
      row: 2,
      kind: 'expansion',
      status: 'succeeded',
      messages: [
        {
          level: 'info',
          message: 'Done in an earlier run (Result: status is succeeded); not run again.',
          reason: 'done-before',
        },
      ],
    },
    {
      sheet: 'Expansions',
      row: 3,
      kind: 'expansion',
      status: 'succeeded',
      messages: [],
      ids: { orderNo: 'SO-0002' },
    },
  ],
};

describe('a result report fed back in', () => {
  it('CSV: one set of Result columns; the done row keeps succeeded and its order number', async () => {
    const out = join(tempDir(), 'again.csv');
    await writeReport(out, REPORT, SOURCE);
    const [header = [], ...rows] = parse(readFileSync(out), { bom: true }) as string[][];
    expect(header.slice(0, 3)).toEqual(HEADERS);
    expect(header.filter((h) => h === 'Result: status')).toHaveLength(1);
    const at = (name: string): number => header.indexOf(name);
    expect(rows.map((r) => [r[0], r[at('Result: status')], r[at('Result: orderNo')]])).toEqual([
      ['globex', 'succeeded', 'SO-0001'],
      ['hooli', 'succeeded', 'SO-0002'],
    ]);
  });

  it('XLSX: the same', async () => {
    const out = join(tempDir(), 'again.xlsx');
    await writeReport(out, REPORT, SOURCE);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(out);
    const sheet = book.getWorksheet('Expansions');
    const header = (sheet?.getRow(1).values as unknown[]).slice(1);
    expect(header.filter((h) => h === 'Result: status')).toHaveLength(1);
    const at = (name: string): number => header.indexOf(name) + 1;
    expect(sheet?.getRow(2).getCell(at('Result: status')).value).toBe('succeeded');
    expect(sheet?.getRow(2).getCell(at('Result: orderNo')).value).toBe('SO-0001');
    expect(sheet?.getRow(3).getCell(at('Result: orderNo')).value).toBe('SO-0002');
  });
});
