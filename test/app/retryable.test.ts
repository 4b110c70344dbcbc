/**
 * "Retry failed rows" counts from row statuses and reason codes (issue 19, item 4): a message
 * reworded keeps its count, and text that only reads like a retryable outcome does not count.
 */
import { describe, expect, it } from 'vitest';
import { countRetryable } from '../../src/app/run-session.ts';
import type { Report, ReportRow, RowMessage, RowStatus } from '../../src/shared/types.ts';

function row(n: number, status: RowStatus, messages: RowMessage[] = []): ReportRow {
  return { sheet: 'PBX', row: n, kind: 'pbx', status, messages };
}

function report(rows: ReportRow[]): Report {
  return {
    summary: {
      file: 'x.xlsx',
      mode: 'run',
      total: rows.length,
      byStatus: {},
      errors: 0,
      warnings: 0,
      fileMessages: [],
    },
    rows,
  };
}

describe('countRetryable', () => {
  it('counts failed, unknown and pending rows, and skipped rows left unrun or whose PBX was not created', () => {
    expect(
      countRetryable(
        report([
          row(2, 'failed'),
          row(3, 'unknown'),
          row(4, 'pending'),
          row(5, 'succeeded'),
          row(6, 'skipped', [
            { level: 'info', message: 'Left out when the run stopped.', reason: 'not-run' },
          ]),
          row(7, 'skipped', [
            { level: 'warning', message: 'Its PBX is missing.', reason: 'dependency-not-created' },
          ]),
        ]),
      ),
    ).toBe(5);
  });

  it('does not count skipped rows by their text: done, already there or a PBX row to fix are not retried', () => {
    expect(
      countRetryable(
        report([
          row(2, 'skipped', [
            { level: 'info', message: 'Not run: the run stopped first', reason: 'done-before' },
          ]),
          row(3, 'skipped', [
            {
              level: 'warning',
              message: "Skipped: the PBX 'a' of this workbook was not created.",
              reason: 'dependency-invalid',
            },
          ]),
          row(4, 'skipped', [{ level: 'info', message: 'Not run: no reason code (an older report)' }]),
          row(5, 'skipped', [
            { level: 'info', message: 'Already exists as PBX 7.', reason: 'already-exists' },
          ]),
        ]),
      ),
    ).toBe(0);
  });
});
