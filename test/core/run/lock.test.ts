/**
 * The journal lock (PRODUCT.md, Run): one run per journal at a time; a lock left by a process that
 * is gone is taken over; a lock is released on release() and when the process exits.
 */
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JournalLockedError, lockJournal } from '../../../src/core/run/lock.ts';

const ROOT = join(import.meta.dirname, '../../..');

function tempJournal(): string {
  return join(mkdtempSync(join(tmpdir(), 'journal-lock-')), 'run.jsonl');
}

/** The pid of a process that has exited (so no process has it, barring reuse). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '']);
  return child.pid ?? 0;
}

function lockError(fn: () => unknown): JournalLockedError {
  try {
    fn();
  } catch (err) {
    if (err instanceof JournalLockedError) return err;
    throw err;
  }
  throw new Error('expected JournalLockedError');
}

describe('journal lock', () => {
  it('lets one holder in, refuses a second naming the journal and the pid, and frees it on release', () => {
    const journal = tempJournal();
    const lock = lockJournal(journal);
    expect(lock.lockFile).toBe(`${journal}.lock`);
    expect(JSON.parse(readFileSync(`${journal}.lock`, 'utf8'))).toMatchObject({
      pid: process.pid,
      host: hostname(),
    });
    const err = lockError(() => lockJournal(journal));
    expect(err.holder?.pid).toBe(process.pid);
    expect(err.message).toContain(journal);
    expect(err.message).toContain(`process ${process.pid}`);
    expect(err.message).toContain(`${journal}.lock`);
    lock.release();
    expect(existsSync(`${journal}.lock`)).toBe(false);
    lockJournal(journal).release();
  });

  it('is shared by two spellings of one journal (a symlinked folder)', () => {
    const journal = tempJournal();
    const dir = join(journal, '..');
    const alias = join(mkdtempSync(join(tmpdir(), 'journal-alias-')), 'link');
    symlinkSync(dir, alias);
    const lock = lockJournal(journal);
    expect(() => lockJournal(join(alias, 'run.jsonl'))).toThrow(JournalLockedError);
    lock.release();
  });

  it('takes over a lock whose process is gone', () => {
    const journal = tempJournal();
    const pid = deadPid();
    writeFileSync(`${journal}.lock`, JSON.stringify({ pid, host: hostname(), since: 'earlier' }));
    const lock = lockJournal(journal);
    expect(JSON.parse(readFileSync(`${journal}.lock`, 'utf8'))).toMatchObject({ pid: process.pid });
    lock.release();
    expect(existsSync(`${journal}.lock`)).toBe(false);
  });

  it('refuses a lock held on another host (its process cannot be checked from here)', () => {
    const journal = tempJournal();
    writeFileSync(`${journal}.lock`, JSON.stringify({ pid: deadPid(), host: 'elsewhere', since: 'now' }));
    expect(lockError(() => lockJournal(journal)).message).toMatch(/on elsewhere/);
  });

  it('gives a lock file without a pid a grace period, then takes it over', () => {
    const journal = tempJournal();
    writeFileSync(`${journal}.lock`, '');
    expect(() => lockJournal(journal)).toThrow(/just starting/);
    const old = new Date(Date.now() - 60_000);
    utimesSync(`${journal}.lock`, old, old);
    lockJournal(journal).release();
  });

  it('does not lock a journal that is a device (it keeps nothing between runs)', () => {
    const lock = lockJournal('/dev/null');
    expect(lock.lockFile).toBeUndefined();
    expect(existsSync('/dev/null.lock')).toBe(false);
    lock.release();
  });

  it('says why, in words, and what to do when the lock cannot be created (a folder that does not exist)', () => {
    const journal = join(tempJournal(), '..', 'missing', 'run.jsonl');
    expect(() => lockJournal(journal)).toThrow(
      `Cannot lock the journal ${journal}: the folder ${dirname(journal)} does not exist; nothing was run. Choose a journal in a folder you can write to.`,
    );
  });

  it('is removed when the process exits without releasing it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'journal-lock-exit-'));
    mkdirSync(dir, { recursive: true });
    const journal = join(dir, 'run.jsonl');
    const script = join(dir, 'hold.mts');
    writeFileSync(
      script,
      `import { existsSync, writeSync } from 'node:fs';
import { lockJournal } from ${JSON.stringify(join(ROOT, 'src/core/run/lock.ts'))};
lockJournal(${JSON.stringify(journal)});
writeSync(1, existsSync(${JSON.stringify(`${journal}.lock`)}) ? 'held' : 'none');
process.exit(0);
`,
    );
    const child = spawnSync(process.execPath, [join(ROOT, 'bin/run-ts.mjs'), script], { encoding: 'utf8' });
    expect(child.stderr).toBe('');
    expect(child.stdout).toBe('held');
    expect(existsSync(`${journal}.lock`)).toBe(false);
  });
});
