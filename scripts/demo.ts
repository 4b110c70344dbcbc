/**
 * `npm run demo`: the whole flow on the shipped sample against a fresh sandbox — validate, plan,
 * run — in a temporary folder, so a new user sees every step without credentials.
 */
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { main } from '../src/cli/main.ts';
import { processIo } from '../src/cli/io.ts';

const dir = mkdtempSync(join(tmpdir(), 'pbx-bulk-demo-'));
const sample = join(dir, 'sample.xlsx');
copyFileSync(join(import.meta.dirname, '..', 'templates', 'sample.xlsx'), sample);
// Only the sandbox: credentials in the caller's environment are left out on purpose.
const env = Object.fromEntries(
  Object.entries(process.env).filter(([key]) => !/^(YCM|PP|MYREPORTS)_/.test(key)),
);
const io = { ...processIo(), env: { ...env, PBX_BULK_HOME: join(dir, 'home') }, cwd: dir };

const steps: [string, string[]][] = [
  ['1. Validate offline', ['validate', 'sample.xlsx', '--report', 'validation.xlsx']],
  ['2. Plan (online dry run, writes nothing)', ['plan', 'sample.xlsx']],
  ['3. Run (creates PBXs, binds DIDs, expands, adds MyReports profiles)', ['run', 'sample.xlsx', '--yes']],
  ['4. Run again with the same journal: nothing is done twice', ['run', 'sample.xlsx', '--yes']],
];
for (const [title, argv] of steps) {
  process.stdout.write(`\n=== ${title}: pbx-bulk ${argv.join(' ')}\n`);
  const code = await main(argv, io);
  process.stdout.write(`(exit ${code})\n`);
}
// The billed step, as the result report has it: the order's number and the portal's status.
const result = await new ExcelJS.Workbook().xlsx.readFile(join(dir, 'sample.result.xlsx'));
const sheet = result.getWorksheet('Expansions');
const headers = (sheet?.getRow(1).values ?? []) as unknown[];
const at = (name: string): number => headers.indexOf(name);
sheet?.eachRow((row, n) => {
  if (n === 1 || !row.getCell(at('Result: orderNo')).text) return;
  process.stdout.write(
    `\nExpansions row ${n}: order ${row.getCell(at('Result: orderNo')).text}, status '${row.getCell(at('Result: orderStatus')).text}', transaction ${row.getCell(at('Result: transactionNo')).text} (Result: columns of sample.result.xlsx).\n`,
  );
});
process.stdout.write(
  `\nFiles are in ${dir}: the validation report, the run's journal (sample.journal.jsonl) and result report (sample.result.xlsx).\nThe sample has two rows with deliberate mistakes (exit 1); fix them in sample.result.xlsx and run it again.\n`,
);
