/** A small validate/run report with its source cells, shared by the report tests. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ReportSource } from '../../../src/core/report/write-report.ts';
import type { Report, ReportRow } from '../../../src/shared/types.ts';

export const PASSWORD = 'Sup3rSecret!x';
export const HEADERS = ['subDomain', 'Admin password', 'DID', 'Account code', 'Notes'];

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'report-'));
}

export function sampleSource(): ReportSource {
  return {
    sheets: [
      {
        name: 'PBX',
        kind: 'pbx',
        headerRow: 1,
        headers: HEADERS,
        rows: [
          { row: 2, cells: ['acme', PASSWORD, '+12025550101', '00123', '=HYPERLINK("http://evil","x")'] },
          { row: 3, cells: ['beta', 'short', '+44 20 7946 1101', '-5', '-2+3'] },
          { row: 5, cells: ['gamma, "quoted"', '', '12025550102', ' padded ', 'line\nbreak'] },
        ],
      },
    ],
  };
}

export function sampleReport(mode: 'validate' | 'run' = 'validate'): Report {
  const row5: ReportRow = { sheet: 'PBX', row: 5, kind: 'pbx', status: 'valid', messages: [] };
  const row3: ReportRow = {
    sheet: 'PBX',
    row: 3,
    kind: 'pbx',
    status: 'invalid',
    messages: [
      {
        column: 'Admin password',
        level: 'error',
        message: 'must be at least 10 characters (you typed short)',
      },
      { column: 'DID', level: 'warning', message: 'check the country code' },
    ],
  };
  const row2: ReportRow = { sheet: 'PBX', row: 2, kind: 'pbx', status: 'valid', messages: [] };
  const rows: ReportRow[] = [row5, row3, row2];
  if (mode === 'run') {
    rows[0] = {
      ...row5,
      status: 'failed',
      messages: [{ level: 'error', message: 'subDomain already taken', code: '1000123' }],
      startedAt: '2026-01-01T00:00:00.000Z',
      finishedAt: '2026-01-01T00:00:01.000Z',
    };
    rows[2] = {
      ...row2,
      status: 'succeeded',
      ids: {
        cloudPbxId: '1234567890123456789',
        sn: 'SN001',
        url: 'acme.example.com',
        requestIds: ['r1', 'r2'],
      },
    };
    rows[1] = { ...row3, status: 'skipped' };
  }
  const byStatus: Report['summary']['byStatus'] = {};
  for (const row of rows) byStatus[row.status] = (byStatus[row.status] ?? 0) + 1;
  return {
    summary: {
      file: 'customers.xlsx',
      mode,
      total: rows.length,
      byStatus,
      errors: 1,
      warnings: 1,
      fileMessages: [
        { sheet: 'PBX', column: 'Colour', level: 'warning', message: 'unknown column, ignored' },
      ],
    },
    rows,
  };
}
