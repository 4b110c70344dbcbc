/** The reconcile report (issue 18): the user's columns kept, secrets masked, extras in their own sheet. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { ReconcileResult } from '../../../src/core/reconcile/types.ts';
import { writeReconcileReport } from '../../../src/core/reconcile/write-reconcile.ts';
import type { ReportSource } from '../../../src/core/report/report-layout.ts';

const SECRET = 'Sup3rSecretPw9';
const source: ReportSource = {
  sheets: [
    {
      name: 'PBX',
      kind: 'pbx',
      headerRow: 1,
      headers: ['Subdomain', 'Extensions', 'Admin password', 'Notes', 'Result: status'],
      rows: [{ row: 2, cells: ['acme', '50', SECRET, '=cmd()', 'succeeded'] }],
    },
  ],
};
const result: ReconcileResult = {
  summary: { file: 'x.xlsx', total: 1, byOutcome: { drifted: 1 }, extra: 1 },
  rows: [
    {
      sheet: 'PBX',
      row: 2,
      kind: 'pbx',
      outcome: 'drifted',
      cloudPbxId: 42100,
      differences: [
        {
          kind: 'field',
          column: 'Extensions',
          inSheet: '50',
          onAccount: '40',
          message: 'Extensions: sheet 50, account 40',
        },
      ],
    },
  ],
  extra: [{ cloudPbxId: 42101, name: 'Legacy', url: 'legacy.example', sn: 'SN1', pbxStatus: 'Running' }],
};

describe('writeReconcileReport', () => {
  it('CSV: one file per sheet with the outcome and differences, the secret masked, an Extra PBXs file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'reconcile-write-'));
    const files = await writeReconcileReport(join(dir, 'rec.csv'), result, source);
    expect(files.map((f) => f.slice(dir.length + 1))).toEqual([
      'rec.PBX.csv',
      'rec.Extra_PBXs.csv',
      'rec.csv',
    ]);
    const pbx = readFileSync(join(dir, 'rec.PBX.csv'), 'utf8');
    expect(pbx).not.toContain(SECRET);
    expect(pbx).toContain('Subdomain,Extensions,Admin password,Notes,Result: reconcile,Result: differences');
    expect(pbx).toContain("'=cmd()");
    expect(pbx).toContain('drifted,"Extensions: sheet 50, account 40"');
    expect(pbx).not.toContain('succeeded');
    expect(readFileSync(join(dir, 'rec.Extra_PBXs.csv'), 'utf8')).toContain(
      '42101,Legacy,legacy.example,SN1,Running',
    );
  });

  it('XLSX: the sheets, then Extra PBXs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'reconcile-write-'));
    await writeReconcileReport(join(dir, 'rec.xlsx'), result, source);
    const book = await new ExcelJS.Workbook().xlsx.readFile(join(dir, 'rec.xlsx'));
    expect(book.worksheets.map((s) => s.name)).toEqual(['PBX', 'Extra PBXs']);
    const row = book.getWorksheet('PBX')?.getRow(2);
    expect(row?.getCell(3).text).not.toContain(SECRET);
    expect(row?.getCell(5).text).toBe('drifted');
  });
});
