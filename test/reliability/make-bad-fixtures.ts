/**
 * Writes the exceljs-made cases of test/fixtures/bad/ added by the reliability suite (formulas,
 * merged cells, numbers as DIDs, dates in three locales, RTL and emoji).
 * Usage: node bin/run-ts.mjs test/reliability/make-bad-fixtures.ts test/fixtures/bad
 */
import ExcelJS from 'exceljs';
import { writeFileSync } from 'node:fs';
import { csvTemplate } from '../../src/core/templates/make-template.ts';
import { EXAMPLE_ROWS } from '../../src/core/templates/sample-rows.ts';
const out = process.argv[2];
const H = ['PBX subdomain', 'Trunk', 'DIDs', 'Mode'];
async function book(name: string, fill: (wb: ExcelJS.Workbook) => void) {
  const wb = new ExcelJS.Workbook();
  fill(wb);
  await wb.xlsx.writeFile(`${out}/${name}`);
}
await book('header-only.xlsx', (wb) => {
  wb.addWorksheet('DID Bindings').addRow(H);
});
await book('duplicate-headers.xlsx', (wb) => {
  const s = wb.addWorksheet('DID Bindings');
  s.addRow(['PBX subdomain', 'Trunk', 'DIDs', 'Trunk']);
  s.addRow(['existingco', 'US_Register_A1B2C3', '+12025550150', 'x']);
});
await book('formula-cells.xlsx', (wb) => {
  const s = wb.addWorksheet('DID Bindings');
  s.addRow(H);
  s.addRow([
    'existingco',
    'US_Register_A1B2C3',
    { formula: '"+1202555"&"0150"', result: '+12025550150' },
    'add',
  ]);
  s.addRow([
    { formula: 'HYPERLINK("http://evil.example","x")', result: 'x' },
    'US_Register_A1B2C3',
    '+12025550151',
    'add',
  ]);
});
await book('merged-cells.xlsx', (wb) => {
  const s = wb.addWorksheet('DID Bindings');
  s.addRow(H);
  s.addRow(['existingco', 'US_Register_A1B2C3', '+12025550150', 'add']);
  s.addRow(['', 'US_Register_A1B2C3', '+12025550151', 'add']);
  s.mergeCells('A2:A3');
});
await book('numbers-as-dids.xlsx', (wb) => {
  const s = wb.addWorksheet('DID Bindings');
  s.addRow(H);
  s.addRow(['existingco', 'US_Register_A1B2C3', 12025550150, 'add']);
  s.addRow(['existingco', 'US_Register_A1B2C3', 1.2025550151e10, 'add']);
});
await book('dates-three-locales.xlsx', (wb) => {
  const s = wb.addWorksheet('Expansions');
  s.addRow(['PBX subdomain', 'Method', 'Extensions to add', 'PO number']);
  const d = new Date(Date.UTC(2026, 2, 4));
  for (const fmt of ['m/d/yyyy', 'dd.mm.yyyy', 'yyyy/mm/dd']) {
    const r = s.addRow(['existingco', 'order', 5, d]);
    r.getCell(4).numFmt = fmt;
  }
});
await book('unknown-sheet-names.xlsx', (wb) => {
  const s = wb.addWorksheet('Sheet1');
  s.addRow(['Colour', 'Size']);
  s.addRow(['red', 'L']);
  const t = wb.addWorksheet('Hidden', { state: 'hidden' });
  t.addRow(H);
});
const pbx = { ...(EXAMPLE_ROWS.pbx[0] ?? {}) };
delete pbx['dids'];
const rows = [
  { ...pbx, name: 'شركة الأفق', subDomain: 'rtlone' },
  { ...pbx, name: 'חברת אופק 🚀', subDomain: 'rtltwo' },
  { ...pbx, name: 'Emoji 👩‍💻 Ltd', subDomain: 'emoji🚀' },
];
writeFileSync(`${out}/rtl-emoji.csv`, csvTemplate('pbx', rows));
