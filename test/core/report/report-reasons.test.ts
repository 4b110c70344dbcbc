/**
 * Reason codes (issue 19, item 4) are for code: the JSON report carries them, the CSV and XLSX
 * reports people read are byte for byte what they were without them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { writeReport } from '../../../src/core/report/write-report.ts';
import type { Report } from '../../../src/shared/types.ts';
import { sampleReport, sampleSource, tempDir } from './sample-report.ts';

/** The run sample with reasons on its failed row's message. */
function withReasons(): Report {
  const report = sampleReport('run');
  report.rows = report.rows.map((r) =>
    r.status === 'failed'
      ? { ...r, messages: r.messages.map((m) => ({ ...m, reason: 'step-failed' as const })) }
      : r,
  );
  return report;
}

async function cellsOf(file: string): Promise<unknown[][]> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(file);
  const rows: unknown[][] = [];
  book.getWorksheet('PBX')?.eachRow((row) => rows.push(row.values as unknown[]));
  return rows;
}

describe('reason codes in reports', () => {
  it('JSON: each message with a reason has it; messages without one have none', async () => {
    const out = join(tempDir(), 'r.json');
    await writeReport(out, withReasons(), sampleSource());
    const json = JSON.parse(readFileSync(out, 'utf8')) as {
      rows: Array<{ status: string; messages: Array<{ reason?: string }> }>;
    };
    const failed = json.rows.find((r) => r.status === 'failed');
    expect(failed?.messages.map((m) => m.reason)).toEqual(['step-failed']);
    const others = json.rows.filter((r) => r.status !== 'failed').flatMap((r) => r.messages);
    expect(others.every((m) => !('reason' in m))).toBe(true);
  });

  it('CSV and XLSX: the same as without reasons', async () => {
    const dir = tempDir();
    await writeReport(join(dir, 'a.csv'), withReasons(), sampleSource());
    await writeReport(join(dir, 'b.csv'), sampleReport('run'), sampleSource());
    expect(readFileSync(join(dir, 'a.csv'), 'utf8')).toBe(readFileSync(join(dir, 'b.csv'), 'utf8'));
    await writeReport(join(dir, 'a.xlsx'), withReasons(), sampleSource());
    await writeReport(join(dir, 'b.xlsx'), sampleReport('run'), sampleSource());
    expect(await cellsOf(join(dir, 'a.xlsx'))).toEqual(await cellsOf(join(dir, 'b.xlsx')));
  });
});
