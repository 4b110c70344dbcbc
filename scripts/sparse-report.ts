/**
 * Times the xlsx report of a sparse sheet (issue 16 item 3): a normal sheet with two data rows and
 * one stray cell far below, read and reported by `pbx-bulk validate --report OUT.xlsx` in a child
 * process. Prints one line per row number: seconds, and the rows the report holds.
 * Usage: node bin/run-ts.mjs scripts/sparse-report.ts [ROW...] (default 50000 1048576 2000000000);
 * TIMEOUT_S (default 300) stops a report that does not end.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';

const ROOT = join(import.meta.dirname, '..');

/** An xlsx with a header, two data rows and a Notes cell at row `row` (written as the XML says, not as exceljs would). */
export async function sparseWorkbook(path: string, row: number): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('DID Bindings');
  sheet.addRow(['PBX subdomain', 'Trunk', 'DIDs', 'Mode', 'Notes']);
  sheet.addRow(['existingco', 'US_Register_A1B2C3', '+12025550150', 'add', 'first']);
  sheet.addRow(['existingco', 'US_Register_A1B2C3', '+12025550151', 'add', 'second']);
  sheet.getCell('E9').value = 'stray';
  await workbook.xlsx.writeFile(path);
  const zip = await JSZip.loadAsync(readFileSync(path));
  const part = 'xl/worksheets/sheet1.xml';
  const xml = (await zip.file(part)?.async('string')) ?? '';
  zip.file(
    part,
    xml
      .replace('<row r="9"', `<row r="${row}"`)
      .replace('r="E9"', `r="E${row}"`)
      .replace(/<dimension[^>]*\/>/, ''),
  );
  writeFileSync(path, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
}

if (process.argv[1] === import.meta.filename) {
  const rows = process.argv.slice(2).map(Number);
  const timeout = Number(process.env['TIMEOUT_S'] ?? 300) * 1000;
  const dir = mkdtempSync(join(tmpdir(), 'pbx-sparse-'));
  for (const row of rows.length > 0 ? rows : [50_000, 1_048_576, 2_000_000_000]) {
    const input = join(dir, `sparse-${row}.xlsx`);
    const out = join(dir, `sparse-${row}.report.xlsx`);
    await sparseWorkbook(input, row);
    const started = process.hrtime.bigint();
    const child = spawnSync(
      process.execPath,
      [join(ROOT, 'bin/pbx-bulk.mjs'), 'validate', input, '--report', out],
      { timeout, encoding: 'utf8' },
    );
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    let rowsOut = '';
    if (child.status !== null && child.error === undefined) {
      const zip = await JSZip.loadAsync(readFileSync(out));
      const xml = (await zip.file('xl/worksheets/sheet1.xml')?.async('string')) ?? '';
      rowsOut = [...xml.matchAll(/<row r="(\d+)"/g)].map((m) => m[1]).join(',');
    }
    const outcome = child.status === null ? `killed after ${timeout / 1000} s` : `exit ${child.status}`;
    console.log(
      `row ${row.toLocaleString('en-US')}: ${seconds.toFixed(2)} s, ${outcome}, report rows ${rowsOut}`,
    );
  }
}
