/**
 * `node bin/run-ts.mjs test/reliability/probe-input.ts FILE`: validates FILE in a fresh process and
 * prints one JSON line: the InputError message, or the row outcomes, plus the longest message and
 * the process's peak RSS (VmHWM; maxRSS would report a forked parent's peak). Used by the
 * bad-input suite for files whose memory use is the point (zip bombs, 1M rows, huge cells).
 */
import { readFileSync, renameSync, truncateSync } from 'node:fs';
import { InputError } from '../../src/core/model.ts';
import { validateFile } from '../../src/core/validate/validate-file.ts';

export interface ProbeResult {
  inputError?: string;
  crash?: string;
  byStatus?: Record<string, number>;
  rows?: number;
  longestMessage?: number;
  peakRssMb: number;
  /** Wall time of the validation, in ms (not of starting the process). */
  ms: number;
}

function peakRssMb(): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return Math.round(Number(m?.[1] ?? 0) / 1024);
}

const file = process.argv[2] ?? '';
// `replace:OTHER` renames OTHER over the file, `truncate:BYTES` truncates it in place, once its
// reading has begun (a measurement, not a test: the suites change files at a chosen row).
const change = process.argv[3];
if (change)
  setTimeout(() => {
    const [how, arg = ''] = change.split(/:(.*)/s);
    if (how === 'replace') renameSync(arg, file);
    else if (how === 'truncate') truncateSync(file, Number(arg));
  }, 300);
const result: ProbeResult = { peakRssMb: 0, ms: 0 };
const started = performance.now();
try {
  const r = await validateFile(file, {});
  result.byStatus = { ...r.report.summary.byStatus } as Record<string, number>;
  result.rows = r.report.rows.length;
  let longest = 0;
  for (const row of r.report.rows)
    for (const m of row.messages) longest = Math.max(longest, m.message.length);
  for (const m of r.report.summary.fileMessages) longest = Math.max(longest, m.message.length);
  result.longestMessage = longest;
} catch (error) {
  if (error instanceof InputError) result.inputError = error.message;
  else result.crash = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
result.ms = Math.round(performance.now() - started);
result.peakRssMb = peakRssMb();
process.stdout.write(`${JSON.stringify(result)}\n`);
