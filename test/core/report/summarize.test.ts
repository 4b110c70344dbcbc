import { describe, expect, it } from 'vitest';
import { summarizeReport } from '../../../src/core/report/summarize.ts';
import type { Report } from '../../../src/shared/types.ts';
import { sampleReport } from './sample-report.ts';

describe('summarizeReport', () => {
  it('gives counts by status, error and warning totals, and file-level problems', () => {
    const text = summarizeReport(sampleReport());
    expect(text).toContain('3 rows: 2 valid, 1 invalid');
    expect(text).toContain('1 error, 1 warning');
    expect(text).toContain('warning: Sheet "PBX", column "Colour": unknown column, ignored');
  });

  it('names sheet, row and column of each error, as the user wrote them', () => {
    const text = summarizeReport(sampleReport('run'));
    expect(text).toContain('Sheet "PBX" row 5: subDomain already taken [1000123]');
  });

  it('lists only the first errors and says how many there are', () => {
    const report: Report = {
      summary: {
        file: 'f.csv',
        mode: 'validate',
        total: 30,
        byStatus: { invalid: 30 },
        errors: 30,
        warnings: 0,
        fileMessages: [],
      },
      rows: Array.from({ length: 30 }, (_, i) => ({
        sheet: 'PBX',
        row: i + 2,
        kind: 'pbx' as const,
        status: 'invalid' as const,
        messages: [{ column: 'Admin password', level: 'error' as const, message: 'needs a digit' }],
      })),
    };
    report.rows.forEach((row, i) => {
      if (i % 3 === 0) row.messages = [{ column: `Extra ${i}`, level: 'error', message: 'is not a date' }];
    });
    const text = summarizeReport(report, { maxErrors: 3 });
    // 20 rows share one cause, 10 have one each: 11 causes, the first 3 listed.
    expect(text).toContain('First 3 of 11 causes of 30 errors:');
    expect(text).toContain('  Sheet "PBX" row 2, column "Extra 0": is not a date');
    expect(text).toContain(
      '  20 rows, Sheet "PBX" column "Admin password" (rows 3, 4, 6, 7, 9 and 15 more): needs a digit',
    );
    expect(text).toContain('  Sheet "PBX" row 5, column "Extra 3": is not a date');
    expect(text).not.toContain('row 8,');
  });

  it('lists the warnings by cause only when asked (--show-warnings)', () => {
    const report = sampleReport();
    report.rows.push(
      ...[7, 8, 9].map((row) => ({
        sheet: 'PBX',
        row,
        kind: 'pbx' as const,
        status: 'valid' as const,
        messages: [{ column: 'Plan', level: 'warning' as const, message: "'pro' read as 'Pro'" }],
      })),
    );
    report.summary.warnings += 3;
    expect(summarizeReport(report)).not.toContain("read as 'Pro'");
    expect(summarizeReport(report)).toContain('--show-warnings');
    const text = summarizeReport(report, { showWarnings: true });
    expect(text).toContain('  3 rows, Sheet "PBX" column "Plan" (rows 7, 8, 9): \'pro\' read as \'Pro\'');
  });

  it('scrubs secret values a message might echo', () => {
    const text = summarizeReport(sampleReport(), { secrets: ['short'] });
    expect(text).not.toContain('short');
    expect(text).toContain('you typed ••••••');
  });
});

describe('summarizeReport on a terminal', () => {
  it('prints control characters and bidi overrides a message quotes as visible escapes', () => {
    const report = sampleReport();
    report.summary.fileMessages.push({
      sheet: 'PBX\u202e',
      level: 'warning',
      message: "Column 'x\u001b[2J\u001b[31mHACKED' is not known",
    });
    const text = summarizeReport(report);
    // eslint-disable-next-line no-control-regex -- control characters are what this looks for
    expect(text).not.toMatch(/[\u001b\u202e]/);
    expect(text).toContain(
      'warning: Sheet "PBX\\u202e": Column \'x\\u001b[2J\\u001b[31mHACKED\' is not known',
    );
    // The line breaks between lines are the summary's own.
    expect(text.split('\n').length).toBeGreaterThan(4);
  });
});
