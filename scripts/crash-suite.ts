/**
 * `npm run test:crash [-- --trials N] [--seed S] [--keep]`: the crash suite (docs/RELIABILITY.md).
 * A 200-row workbook against a standalone sandbox with a state file; per trial the CLI `run` is
 * SIGKILLed at a seeded point (or the sandbox is killed and restarted, or the journal's last line
 * torn), then `resume` runs until done. Each trial checks that every row is final, that no PBX,
 * order or profile exists twice, and that the report matches the sandbox. Then the disk-full cases.
 * Prints the seed; the same seed replays the same kill points. Exit 1 on any problem.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runTrial, FAST_RATE, type TrialMode, type TrialResult } from '../test/reliability/crash-trial.ts';
import { diskFull } from '../test/reliability/disk-full.ts';
import { lineCount, runCli, startSandboxProcess, targetEnv } from '../test/reliability/processes.ts';
import { CRASH_SHAPE, writeWorkbook } from '../test/reliability/workbook.ts';

const { values } = parseArgs({
  options: {
    trials: { type: 'string', default: '50' },
    seed: { type: 'string' },
    keep: { type: 'boolean', default: false },
    /** Replays one trial of the seed (its kill points do not depend on the other trials). */
    trial: { type: 'string' },
  },
});
const trials = Number(values.trials);
const seed = values.seed !== undefined ? Number(values.seed) : Math.floor(Math.random() * 1e6);
/**
 * Of every ten trials: 2 kill the sandbox, 2 tear the journal, 2 add wire faults, 2 kill the CLI,
 * and 2 of issue 15's billed-twice cases in turn (clock 10 min fast, slow, two runs at once, a
 * journal cut before its orders).
 */
const ORDER_MODES: readonly TrialMode[] = ['clock-fast', 'clock-slow', 'two-runs', 'cut-journal'];
function modeOf(trial: number): TrialMode {
  if (trial % 5 === 4) return 'kill-sandbox';
  if (trial % 5 === 2) return 'torn-journal';
  if (trial % 10 === 1 || trial % 10 === 3) {
    // The order trials in turn: 1 clock-fast, 3 clock-slow, 11 two-runs, 13 cut-journal, 21 …
    const k = Math.floor(trial / 10) * 2 + (trial % 10 === 3 ? 1 : 0);
    return ORDER_MODES[k % ORDER_MODES.length] ?? 'kill-cli';
  }
  return trial % 5 === 0 ? 'kill-cli-faults' : 'kill-cli';
}

const dir = mkdtempSync(join(tmpdir(), 'pbx-crash-'));
console.log(
  `Crash suite: ${trials} trials, seed ${seed} (replay: npm run test:crash -- --seed ${seed} --trials ${trials})`,
);
const started = Date.now();
const workbook = join(dir, 'crash.xlsx');
const built = await writeWorkbook(workbook, { ...CRASH_SHAPE, tag: 'cr' });

// Baseline: one uninterrupted run gives the journal length the kill points are drawn from.
mkdirSync(join(dir, 'baseline'));
const baseState = join(dir, 'baseline', 'state.json');
const baseJournal = join(dir, 'baseline', 'journal.jsonl');
const sandbox = await startSandboxProcess(baseState);
const t0 = Date.now();
const base = await runCli(
  [
    'run',
    workbook,
    '--yes',
    '--journal',
    baseJournal,
    '--report',
    join(dir, 'baseline', 'r.json'),
    ...FAST_RATE,
  ],
  { env: targetEnv(sandbox.url, join(dir, 'baseline')) },
);
await sandbox.stop();
const fullEntries = lineCount(baseJournal);
console.log(
  `Baseline: ${built.total} rows, exit ${base.code ?? '?'}, ${fullEntries} journal entries, ${((Date.now() - t0) / 1000).toFixed(1)} s`,
);

const results: TrialResult[] = [];
const only = values.trial !== undefined ? Number(values.trial) : undefined;
for (let trial = only ?? 1; trial <= (only ?? trials); trial++) {
  const r = await runTrial({ dir, workbook, built, fullEntries }, seed, trial, modeOf(trial));
  results.push(r);
  const status = r.problems.length ? `FAIL (${r.problems.length} problems)` : 'ok';
  console.log(
    `trial ${String(trial).padStart(3)} ${r.mode.padEnd(12)} kill@${String(r.killAt).padStart(3)} resumes ${r.resumes} adopted ${r.adopted}: ${status}  [${r.log.join('; ')}]`,
  );
  for (const p of r.problems.slice(0, 10)) console.log(`    - ${p}`);
}
const disk = await diskFull(dir, workbook, built);
for (const l of disk.log) console.log(`disk full: ${l}`);
for (const p of disk.problems) console.log(`    - ${p}`);

const failed = results.filter((r) => r.problems.length > 0);
const byMode = new Map<string, number>();
for (const r of results) byMode.set(r.mode, (byMode.get(r.mode) ?? 0) + 1);
console.log('');
console.log(
  `Trials: ${results.length} (${[...byMode].map(([m, n]) => `${n} ${m}`).join(', ')}), failed: ${failed.length}`,
);
console.log(
  `Rows checked: ${results.length * built.total}; duplicate PBXs/orders/profiles: ${results.reduce((n, r) => n + r.problems.filter((p) => /exists \d+ times|\d+ orders|\d+ profiles/.test(p)).length, 0)}`,
);
console.log(
  `Adopted after a crash: ${results.reduce((n, r) => n + r.adopted, 0)} steps; resumes: ${results.reduce((n, r) => n + r.resumes, 0)}`,
);
console.log(`Disk full: ${disk.problems.length === 0 ? 'ok' : `FAIL (${disk.problems.length})`}`);
console.log(`Seed ${seed}; ${((Date.now() - started) / 1000).toFixed(0)} s`);
if (!values.keep) rmSync(dir, { recursive: true, force: true });
else console.log(`Kept ${dir}`);
process.exitCode = failed.length > 0 || disk.problems.length > 0 ? 1 : 0;
