/**
 * A customer sheet as people send it (issue 17's acceptance sheet): a merged group-header row
 * above the real headers, near-miss column names, and every 13th plan in lower case.
 */
import { join } from 'node:path';
import ExcelJS from 'exceljs';

export const HEADERS = [
  'Company name',
  'Subdomain',
  'Plan',
  'Extension count',
  'Concurrent calls',
  'Recording',
  'Recording minutes',
  'Region',
  'Domain',
  'Firmware',
  'Type',
  'Customer emails',
  'Upgrade in PBX',
  'Internal chat',
  'Passwordless login',
  'Superior passwordless login',
];
/** As the acceptance sheet: 300 rows; every 13th has its plan in lower case. */
export const ROWS = 300;
export const CASE_ERRORS = Math.floor(ROWS / 13);

/** A customer sheet: "Customer" and "Capacity" merged over the headers, 40 rows, 3 plans in lower case. */
export async function customerSheet(dir: string): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('PBX');
  ws.addRow(['Customer', '', '', 'Capacity', '', '', '', 'Where']);
  ws.mergeCells('A1:C1');
  ws.mergeCells('D1:G1');
  ws.getRow(1).font = { bold: true, color: { argb: 'FF1F5FBF' } };
  ws.addRow(HEADERS);
  for (let i = 1; i <= ROWS; i++) {
    ws.addRow([
      `Customer ${String(i).padStart(3, '0')}`,
      `cust${i}`,
      i % 13 === 0 ? 'enterprise  plan' : 'Enterprise Plan',
      20,
      5,
      'Disabled',
      0,
      'US East (Virginia)',
      'yeastarcloud.com',
      '84.21.0.70',
      'Commercial',
      // Customers the sandbox has (cust001…cust120@example.test), so the dry run finds them.
      `cust${String(((i - 1) % 120) + 1).padStart(3, '0')}@example.test`,
      'Disabled',
      'Enabled',
      'Disabled',
      'Disabled',
    ]);
  }
  ws.getColumn(1).width = 31;
  const file = join(dir, 'customers.xlsx');
  await wb.xlsx.writeFile(file);
  return file;
}
