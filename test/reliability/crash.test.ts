/**
 * The crash suite, shortened for CI (8 trials and the disk-full cases; `npm run test:crash` runs 50+). Real child processes:
 * a standalone sandbox with a state file and the CLI killed with SIGKILL, then resumed.
 * CRASH_SEED replays a failing seed.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAST_RATE, runTrial, type TrialMode, type TrialSetup } from './crash-trial.ts';
import { diskFull } from './disk-full.ts';
import { lineCount, runCli, startSandboxProcess, targetEnv } from './processes.ts';
import { CRASH_SHAPE, writeWorkbook } from './workbook.ts';

const SEED = Number(process.env['CRASH_SEED'] ?? 20261123);
let setup: TrialSetup;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pbx-crash-test-'));
  const workbook = join(dir, 'crash.xlsx');
  const built = await writeWorkbook(workbook, { ...CRASH_SHAPE, tag: 'ct' });
  mkdirSync(join(dir, 'baseline'));
  const sandbox = await startSandboxProcess(join(dir, 'baseline', 'state.json'));
  const journal = join(dir, 'baseline', 'journal.jsonl');
  const base = await runCli(
    [
      'run',
      workbook,
      '--yes',
      '--journal',
      journal,
      '--report',
      join(dir, 'baseline', 'r.json'),
      ...FAST_RATE,
    ],
    { env: targetEnv(sandbox.url, join(dir, 'baseline')) },
  );
  await sandbox.stop();
  expect(base.code).toBe(0);
  setup = { dir, workbook, built, fullEntries: lineCount(journal) };
}, 120_000);

afterAll(() => {
  if (setup) rmSync(setup.dir, { recursive: true, force: true });
});

async function trial(n: number, mode: TrialMode): Promise<void> {
  // Every mode but cut-journal ends with every row succeeded exactly once.
  const r = await runTrial(setup, SEED, n, mode);
  // The seed and the kill point are in the message, so a failure can be replayed.
  expect(r.problems, `seed ${SEED} trial ${n} ${mode} kill@${r.killAt}: ${r.log.join('; ')}`).toEqual([]);
  expect(r.byStatus).toEqual({ succeeded: setup.built.total });
}

describe('a run killed at any point loses nothing and doubles nothing', () => {
  it('has a 200-row workbook covering PBXs (some with inline DIDs), DID bindings, orders, resizes and profiles', () => {
    const { rows, total } = setup.built;
    expect(total).toBe(200);
    expect(rows.pbx.filter((r) => r['dids']).length).toBeGreaterThan(0);
    expect(rows.expansion.map((r) => r['method'])).toEqual(expect.arrayContaining(['order', 'resize']));
    expect(rows.did.length).toBeGreaterThan(0);
    expect(rows.myreports.length).toBeGreaterThan(0);
  });

  it.each([1, 2, 3, 4, 5])(
    'CLI SIGKILLed at a seeded journal position (trial %i), then resumed: every row succeeds exactly once',
    (n) => trial(n, 'kill-cli'),
    120_000,
  );

  it(
    'the sandbox killed and restarted mid-run (same state file): the run still ends with every row once',
    () => trial(6, 'kill-sandbox'),
    120_000,
  );

  it(
    'a journal torn in its last line: resume reads what is whole and finishes without duplicates',
    () => trial(7, 'torn-journal'),
    120_000,
  );

  it(
    'the CLI SIGKILLed while the sandbox injects 500s, resets after commit and timeouts: resumed to the end, nothing doubled',
    () => trial(8, 'kill-cli-faults'),
    180_000,
  );

  it(
    "lost order replies with this machine's clock 10 minutes fast, then killed and resumed: no order twice",
    () => trial(9, 'clock-fast'),
    180_000,
  );

  it(
    "lost order replies with this machine's clock 10 minutes slow, then killed and resumed: no order twice",
    () => trial(10, 'clock-slow'),
    180_000,
  );

  it(
    'a second run of the sheet with its own journal on this machine is refused while the first runs: no order twice',
    () => trial(11, 'two-runs'),
    180_000,
  );

  it('a journal cut back to before its orders, then resumed: every order row is refused as a repeat, none placed twice', async () => {
    const r = await runTrial(setup, SEED, 12, 'cut-journal');
    expect(r.problems, `seed ${SEED} trial 12 cut-journal: ${r.log.join('; ')}`).toEqual([]);
  }, 180_000);

  it('a full disk for the journal stops the run clearly, writes nothing unjournaled, and resume finishes', async () => {
    const r = await diskFull(setup.dir, setup.workbook, setup.built);
    expect(r.problems, r.log.join('\n')).toEqual([]);
  }, 180_000);
});
