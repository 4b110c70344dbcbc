/**
 * The rows the Results grid and the Run screen list: the problem in plain words beside the
 * vendor's code, pages filtered by status with the counts of the whole report.
 */
import { describe, expect, it } from 'vitest';
import { plainProblem, resultRows } from '../../src/app/result-rows.ts';
import type { ReportRow } from '../../src/shared/types.ts';

const row = (n: number, status: ReportRow['status'], extra: Partial<ReportRow> = {}): ReportRow => ({
  sheet: 'PBX',
  row: n,
  kind: 'pbx',
  status,
  messages: [],
  ...extra,
});

describe('result rows', () => {
  it('says a known vendor code in plain words and keeps the vendor text and code beside it', () => {
    const p = plainProblem([
      { level: 'warning', message: 'quota is low' },
      {
        level: 'error',
        message:
          'YCM POST /dm/open_api/v1/cloud_pbx/instances failed: 1000007 DATA_ALREADY_EXISTS (HTTP 200, requestId r1)',
        code: '1000007',
      },
    ]);
    expect(p).toEqual({
      problem: 'It exists already (same subdomain or the same data).',
      detail: '1000007 DATA_ALREADY_EXISTS (HTTP 200, requestId r1)',
      code: '1000007',
    });
    // An engine message is already in plain words: kept as it is, with no code.
    expect(plainProblem([{ level: 'error', message: 'Not run: the run stopped first' }])).toEqual({
      problem: 'Not run: the run stopped first',
    });
    expect(plainProblem([])).toEqual({});
  });

  it('pages the rows of one status and counts every status of the report', () => {
    const rows = [
      row(2, 'succeeded', { ids: { url: 'a.yeastarcloud.com', cloudPbxId: '1' } }),
      row(3, 'failed'),
      row(4, 'succeeded'),
      row(5, 'failed'),
      row(6, 'failed'),
    ];
    const names = new Map([['PBX', new Map([[3, 'Contoso Dental']])]]);
    const page = resultRows(rows, names, { status: 'failed', start: 1, count: 1 });
    expect(page.total).toBe(3);
    expect(page.byStatus).toEqual({ succeeded: 2, failed: 3 });
    expect(page.rows.map((r) => r.row)).toEqual([5]);
    const first = resultRows(rows, names, { status: 'all', start: 0, count: 2 });
    expect(first.rows.map((r) => [r.row, r.name, r.ids?.url])).toEqual([
      [2, '', 'a.yeastarcloud.com'],
      [3, 'Contoso Dental', undefined],
    ]);
    expect(resultRows(rows, names, { status: 'all', start: 99, count: 5 }).rows).toEqual([]);
  });
});
