/**
 * `node bin/run-ts.mjs test/reliability/measure-hostile.ts [DIR]`: writes every reading case of
 * issue 16 (hostile-xlsx.ts, and a file changed while it is read) and validates each in a fresh
 * process (probe-input.ts), printing its time, peak RSS and outcome as the rows of a Markdown table
 * (docs/RELIABILITY.md section 4). Figures, not assertions: the suites assert the messages.
 */
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HOSTILE_CASES, writeHostile, type HostileCase } from './hostile-xlsx.ts';
import { probeFile } from './probe.ts';
import { changingCsv, changingXlsx } from './changing-files.ts';

const dir = process.argv[2] ?? mkdtempSync(join(tmpdir(), 'pbx-hostile-'));
const rows: string[] = [];
const line = (input: string, file: string, change?: string): void => {
  const r = probeFile(file, change);
  const outcome =
    r.inputError ??
    r.crash ??
    `read: ${Object.entries(r.byStatus ?? {})
      .map(([k, v]) => `${v} ${k}`)
      .join(', ')}`;
  const row = `| ${input} | ${(statSync(file).size / 1024).toFixed(0)} KB | ${(r.ms / 1000).toFixed(1)} s | ${r.peakRssMb} MB | ${outcome.replace(/\|/g, '\\|')} |`;
  rows.push(row);
  process.stdout.write(`${row}\n`);
};
for (const which of Object.keys(HOSTILE_CASES) as HostileCase[]) {
  const file = join(dir, `${which}.xlsx`);
  await writeHostile(which, file);
  line(HOSTILE_CASES[which], file);
}
const xlsx = await changingXlsx(dir);
line('xlsx replaced (rename) while it is read', xlsx.file, `replace:${xlsx.other}`);
const csv = changingCsv(dir);
line('CSV of 100,000 rows truncated in place to half while it is read', csv.file, `truncate:${csv.half}`);
