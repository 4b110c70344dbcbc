/**
 * The journal's disk fills up. Two ways: the journal is /dev/full (every write fails with ENOSPC,
 * so the very first entry cannot be written), and a file-size limit (`ulimit -f`, EFBIG) that lets
 * the run write part of its journal and then fails mid-run, tearing the last line. Either way the
 * run must stop with a clear message and a non-zero exit, nothing may be written to the target
 * without its journal entry, and `resume` (with space again) must finish with no duplicates.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Report } from '../../src/shared/types.ts';
import type { SandboxState } from '../../src/sandbox/state.ts';
import { readJournal } from '../../src/core/run/journal.ts';
import { checkRun } from './check.ts';
import { FAST_RATE } from './crash-trial.ts';
import { BIN, ROOT, runCli, startSandboxProcess, targetEnv } from './processes.ts';
import type { BuiltWorkbook } from './workbook.ts';

export interface DiskFullResult {
  problems: string[];
  log: string[];
}

/** File-size limit for the mid-run case, in 512-byte blocks: about 80 journal entries. */
export const FSIZE_BLOCKS = 40;

function limitedRun(args: string[], env: NodeJS.ProcessEnv, blocks: number | 'unlimited') {
  return spawnSync('sh', ['-c', `ulimit -f ${blocks}; exec "$0" "$@"`, process.execPath, BIN, ...args], {
    cwd: ROOT,
    env,
    encoding: 'utf8',
  });
}

function state(file: string): SandboxState {
  return JSON.parse(readFileSync(file, 'utf8')) as SandboxState;
}

/** Runs both disk-full cases against a fresh sandbox; returns the problems found. */
export async function diskFull(dir: string, workbook: string, built: BuiltWorkbook): Promise<DiskFullResult> {
  const problems: string[] = [];
  const log: string[] = [];
  const work = join(dir, 'disk-full');
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const stateFile = join(work, 'state.json');
  const sandbox = await startSandboxProcess(stateFile);
  const env = targetEnv(sandbox.url, work);
  const before = state(stateFile).ycm.pbxs.length;
  try {
    // 1. /dev/full: the run header cannot be written, so nothing may be created.
    const full = limitedRun(
      ['run', workbook, '--yes', '--journal', '/dev/full', '--report', join(work, 'r0.json'), ...FAST_RATE],
      env,
      'unlimited',
    );
    const fullLine = full.stderr.split('\n').find((l) => l.includes('journal')) ?? '';
    log.push(`/dev/full: exit ${full.status ?? '?'}: ${fullLine}`);
    if (full.status === 0 || full.status === null)
      problems.push(`/dev/full: exit ${full.status ?? 'signal'}`);
    if (!/Cannot write the journal \/dev\/full \(ENOSPC\)/.test(full.stderr))
      problems.push(`/dev/full: no clear message: ${full.stderr.slice(-300)}`);
    if (state(stateFile).ycm.pbxs.length !== before)
      problems.push('/dev/full: PBXs were created without a journal');

    // 2. The disk fills mid-run (EFBIG at FSIZE_BLOCKS * 512 bytes).
    const journal = join(work, 'journal.jsonl');
    const report = join(work, 'report.json');
    const mid = limitedRun(
      ['run', workbook, '--yes', '--journal', journal, '--report', report, ...FAST_RATE],
      env,
      FSIZE_BLOCKS,
    );
    log.push(`mid-run: exit ${mid.status ?? '?'}: ${mid.stderr.trim().split('\n').slice(-2).join(' | ')}`);
    if (mid.status === 0 || mid.status === null) problems.push(`mid-run: exit ${mid.status ?? 'signal'}`);
    if (!/EFBIG|Cannot write the journal/.test(mid.stderr))
      problems.push(`mid-run: no clear message: ${mid.stderr.slice(-300)}`);
    const js = readJournal(journal);
    log.push(`mid-run: journal has ${js.steps.size} steps, ${js.skippedLines} torn line(s)`);
    if (js.skippedLines > 1)
      problems.push(`mid-run: ${js.skippedLines} unreadable journal lines (only the last may be torn)`);
    const begun = [...js.steps.values()].filter((s) => s.begun).length;
    const created = state(stateFile).ycm.pbxs.length - before;
    if (created > begun) problems.push(`mid-run: ${created} PBXs created but only ${begun} steps journaled`);
    log.push(`mid-run: ${created} PBXs created, ${begun} steps begun in the journal`);

    // 3. Space again: resume finishes, nothing doubled.
    const resumed = await runCli(['resume', journal, '--yes', '--report', report, ...FAST_RATE], { env });
    log.push(`resume: exit ${resumed.code ?? '?'}`);
    if (resumed.code !== 0)
      problems.push(`resume after disk full: exit ${resumed.code ?? '?'}: ${resumed.stderr.slice(-300)}`);
    const verdict = checkRun(built, JSON.parse(readFileSync(report, 'utf8')) as Report, state(stateFile));
    problems.push(...verdict.problems.map((p) => `after disk full: ${p}`));
  } finally {
    await sandbox.stop();
  }
  return { problems, log };
}
