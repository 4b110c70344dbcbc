/**
 * One crash trial: a fresh standalone sandbox with a state file, the CLI `run` SIGKILLed once its
 * journal holds K entries (K drawn from the seed), sometimes the first `resume` killed too, then
 * `resume` until the run ends; the verdict compares the final report with the sandbox's state.
 */
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import type { Report } from '../../src/shared/types.ts';
import type { SandboxState } from '../../src/sandbox/state.ts';
import { readJournal } from '../../src/core/run/journal.ts';
import { checkRun, type Verdict } from './check.ts';
import { lineCount, prng, runCli, startSandboxProcess, targetEnv, type CliResult } from './processes.ts';
import type { BuiltWorkbook } from './workbook.ts';

/**
 * No pacing wait in the suites: the sandbox has no bucket unless a suite sets one. The sandbox
 * lists an order as soon as it is placed, so an unclear order waits 2 s, not a real portal's 15 min,
 * before it is sent again.
 */
export const FAST_RATE = ['--rate', '100000/100000/1', '--order-list-lag', '2'];

export interface TrialSetup {
  dir: string;
  workbook: string;
  built: BuiltWorkbook;
  /** Journal entries of an uninterrupted run (the kill point is drawn below it). */
  fullEntries: number;
}

/**
 * kill-cli: SIGKILL the CLI; kill-sandbox: SIGKILL and restart the sandbox; torn-journal: kill, then
 * tear the last line; kill-cli-faults: kill the CLI while the sandbox also injects 500s, resets after
 * commit and timeouts, so crashes land between ambiguous writes and their checks.
 */
export type TrialMode = 'kill-cli' | 'kill-sandbox' | 'torn-journal' | 'kill-cli-faults' | OrderTrialMode;

/**
 * Issue 15's billed-twice cases, each with order replies lost (reset after commit) so orders are
 * adopted: clock-fast / clock-slow: this machine's clock 10 minutes ahead of / behind the portal's;
 * two-runs: a second run of the sheet with its own journal started while the first runs;
 * cut-journal: the journal cut back to before its first order, then resumed.
 */
export type OrderTrialMode = 'clock-fast' | 'clock-slow' | 'two-runs' | 'cut-journal';

const ORDER_MODES: readonly string[] = ['clock-fast', 'clock-slow', 'two-runs', 'cut-journal'];

/** The sandbox options of a trial: faults, and the portal's clock for the clock trials. */
function sandboxArgs(mode: TrialMode, seed: number): string[] {
  if (mode === 'kill-cli-faults') return ['--faults', faultSpec(seed)];
  if (!ORDER_MODES.includes(mode)) return [];
  const lostOrders = ['--faults', `resetAfterCommit=0.5,only=/order/v1/save,seed=${seed}`];
  if (mode === 'clock-fast') return [...lostOrders, '--clock-offset=-600'];
  if (mode === 'clock-slow') return [...lostOrders, '--clock-offset=600'];
  return lostOrders;
}

/** Cuts a journal back to the line before its first order step began (a backup, a cut copy). */
export function cutBeforeOrders(journal: string): number {
  const lines = readFileSync(journal, 'utf8').split('\n');
  const at = lines.findIndex((l) => l.includes('"step":"order"'));
  if (at < 0) return 0;
  writeFileSync(journal, `${lines.slice(0, at).join('\n')}\n`);
  return lines.length - at;
}

/** The sandbox faults of kill-cli-faults trials (timeouts reply after 2.5 s, under the client's 30 s). */
export function faultSpec(seed: number): string {
  return `error500=0.05,resetAfterCommit=0.05,timeout=0.01,timeoutMs=2500,seed=${seed}`;
}

export interface TrialResult extends Verdict {
  trial: number;
  mode: TrialMode;
  killAt: number;
  resumes: number;
  adopted: number;
  log: string[];
}

function readState(file: string): SandboxState {
  return JSON.parse(readFileSync(file, 'utf8')) as SandboxState;
}

/**
 * A crash in the middle of a journal write, as it can really happen: when the last entry is an
 * 'end' (the step happened, its record did not finish) it is cut in half; when it is a 'begin'
 * (written and fsynced, so whole) half of a further 'begin' is appended, whose step never went out.
 */
export function tearLastLine(journal: string): void {
  const text = readFileSync(journal, 'utf8');
  const body = text.endsWith('\n') ? text.slice(0, -1) : text;
  const start = body.lastIndexOf('\n') + 1;
  const last = body.slice(start);
  if (last.startsWith('{"t":"end"')) {
    const cut = start + Math.max(1, Math.floor(last.length / 2));
    truncateSync(journal, Buffer.byteLength(body.slice(0, cut)));
    return;
  }
  const next = JSON.stringify({
    t: 'begin',
    key: 'PBX!9999!000000000000',
    step: 'createPbx',
    at: new Date().toISOString(),
  });
  appendFileSync(journal, next.slice(0, Math.floor(next.length / 2)));
}

/** Runs one trial; `seed` and `trial` fully decide the kill points. */
export async function runTrial(
  setup: TrialSetup,
  seed: number,
  trial: number,
  mode: TrialMode,
): Promise<TrialResult> {
  const random = prng(seed * 1000 + trial);
  const dir = join(setup.dir, `trial-${trial}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const stateFile = join(dir, 'state.json');
  const journal = join(dir, 'journal.jsonl');
  const report = join(dir, 'report.json');
  const log: string[] = [];
  const faults = sandboxArgs(mode, seed * 1000 + trial);
  let sandbox = await startSandboxProcess(stateFile, 0, faults);
  const env = targetEnv(sandbox.url, dir);
  const killAt = 1 + Math.floor(random() * Math.max(1, setup.fullEntries - 1));
  const note = (what: string, r: CliResult): void => {
    const tail =
      r.code !== null && r.code > 1 ? `: ${r.stderr.trim().split('\n').slice(-2).join(' | ')}` : '';
    log.push(
      `${what}: exit ${r.code ?? r.signal ?? '?'}${r.killedAt ? ` (killed at entry ${r.killedAt})` : ''}${tail}`,
    );
  };
  const runArgs = ['run', setup.workbook, '--yes', '--journal', journal, '--report', report, ...FAST_RATE];
  const resumeArgs = ['resume', journal, '--yes', '--report', report, ...FAST_RATE];
  try {
    if (mode === 'kill-sandbox') {
      let restarting: Promise<void> | undefined;
      const port = sandbox.port;
      const first = await runCli(runArgs, {
        env,
        journal,
        onEntries: (n) => {
          if (restarting || n < killAt) return;
          restarting = (async () => {
            await sandbox.kill();
            log.push(`sandbox killed at journal entry ${n}`);
            await new Promise((r) => setTimeout(r, 300));
            sandbox = await startSandboxProcess(stateFile, port, faults);
          })();
        },
      });
      await restarting;
      note('run (sandbox killed mid-run)', first);
    } else if (mode === 'two-runs') {
      // The same sheet, another journal, the same machine, started while the first run works.
      const second = join(dir, 'second.journal.jsonl');
      const secondArgs = [
        'run',
        setup.workbook,
        '--yes',
        '--journal',
        second,
        '--report',
        join(dir, 'second.json'),
      ];
      // Started once the first run holds its journal (and so the account): it must be refused.
      let started: Promise<CliResult> | undefined;
      const a = await runCli(runArgs, {
        env,
        journal,
        onEntries: (n) => {
          if (!started && n >= 1) started = runCli([...secondArgs, ...FAST_RATE], { env });
        },
      });
      note('run', a);
      if (started) {
        const b = await started;
        note('second run, other journal', b);
        if (b.code === 0) log.push('second run: exit 0 (it ran the rows again)');
      }
    } else if (mode === 'cut-journal') {
      note('run', await runCli(runArgs, { env, journal }));
      log.push(`journal cut before its first order (${cutBeforeOrders(journal)} lines dropped)`);
    } else {
      note('run', await runCli(runArgs, { env, journal, killAtEntries: killAt }));
      if (mode === 'torn-journal' && existsSync(journal) && statSync(journal).size > 0) {
        tearLastLine(journal);
        log.push('journal: last line torn');
      }
    }
    let resumes = 0;
    // With faults a resume may end with failed rows (exit 1): resume again until none are left.
    const done = (code: number | null): boolean =>
      code === 0 || (code === 1 && (faults.length === 0 || mode === 'cut-journal'));
    for (; resumes < 10; resumes++) {
      const hasHeader = existsSync(journal) && readJournal(journal).header !== undefined;
      const killAgain =
        resumes === 0 && mode !== 'kill-sandbox' && mode !== 'torn-journal' && random() < 0.25;
      const args = hasHeader ? resumeArgs : runArgs;
      const again = killAgain ? lineCount(journal) + 1 + Math.floor(random() * 100) : undefined;
      const r = await runCli(args, { env, journal, ...(again !== undefined && { killAtEntries: again }) });
      note(hasHeader ? 'resume' : 'run again (no journal header yet)', r);
      if (done(r.code)) break;
    }
    if (!existsSync(report)) {
      const problems = [`no final report after ${resumes + 1} resume(s)`];
      return { problems, byStatus: {}, trial, mode, killAt, resumes: resumes + 1, adopted: 0, log };
    }
    const verdict = checkRun(
      setup.built,
      JSON.parse(readFileSync(report, 'utf8')) as Report,
      readState(stateFile),
    );
    // A journal cut before its orders no longer accounts for them: each is refused as a repeat.
    const refused =
      mode === 'cut-journal'
        ? (JSON.parse(readFileSync(report, 'utf8')) as Report).rows.filter(
            (r) =>
              r.status === 'failed' &&
              r.messages.some((m) => /Not ordered: the Partner Portal has order/.test(m.message)),
          ).length
        : 0;
    if (
      mode === 'cut-journal' &&
      refused !== setup.built.rows.expansion.filter((r) => r['method'] === 'order').length
    )
      verdict.problems.push(
        `cut journal: ${refused} order rows refused as repeats, expected every order row`,
      );
    if ((verdict.byStatus['succeeded'] ?? 0) + refused !== setup.built.total)
      verdict.problems.push(
        `only ${verdict.byStatus['succeeded'] ?? 0} of ${setup.built.total} rows succeeded (no faults but the crash)`,
      );
    const adopted = (existsSync(journal) ? readFileSync(journal, 'utf8') : '')
      .split('\n')
      .filter((l) => l.includes('"outcome":"adopted"')).length;
    return { ...verdict, trial, mode, killAt, resumes: resumes + 1, adopted, log };
  } finally {
    await sandbox.stop();
  }
}
