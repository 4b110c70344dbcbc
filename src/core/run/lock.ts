/**
 * An exclusive lock on a journal for the whole of a run, so two runs of one journal (two `run`s of
 * the same sheet, or `run` and `resume`) can never both send its steps: each would place every
 * billed order again. The lock is `JOURNAL.lock`, created with O_EXCL and holding the owner's pid
 * and host. It is removed when the run ends, however it ends (the process's 'exit' covers the paths
 * that skip `release`); a lock left by a process that no longer exists (killed, crashed) is stale
 * and taken over.
 */
import {
  closeSync,
  existsSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  realpathSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { createHash } from 'node:crypto';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { JournalWriteError } from './journal.ts';
import { whyNotWritable } from '../util/atomic-file.ts';

/** Who holds a journal's lock, as its lock file says. */
export interface JournalLockHolder {
  pid: number;
  host: string;
  since: string;
}

/** Who holds a lock, in words. */
function describeHolder(holder: JournalLockHolder | undefined): string {
  return holder
    ? `process ${holder.pid}${holder.host === hostname() ? '' : ` on ${holder.host}`}, since ${holder.since}`
    : 'a process that is just starting';
}

/** Raised when another live run holds the journal. */
export class JournalLockedError extends Error {
  override readonly name = 'JournalLockedError';

  constructor(
    readonly journal: string,
    readonly lockFile: string,
    readonly holder: JournalLockHolder | undefined,
  ) {
    const who = describeHolder(holder);
    super(
      `The journal ${journal} is in use by another run (${who}). Wait for that run to finish; if no such process is running any more, delete ${lockFile} and try again.`,
    );
  }
}

/**
 * Raised when another live run works against the same account on this machine: two runs at once
 * (two windows, two team members on one server) could each place an order before either records
 * it (issue 15: 25 orders for 20 rows).
 */
export class AccountLockedError extends Error {
  override readonly name = 'AccountLockedError';

  constructor(
    readonly target: string,
    readonly lockFile: string,
    readonly holder: JournalLockHolder | undefined,
  ) {
    const who = describeHolder(holder);
    super(
      `Another run is working against this account (${target || 'unnamed target'}) on this machine (${who}); two runs at once could both place the same order. Wait for it to finish; if no such process is running any more, delete ${lockFile} and try again.`,
    );
  }
}

export interface JournalLock {
  readonly lockFile: string | undefined;
  release(): void;
}

/** A lock file whose content cannot be read yet is given this long to get its pid written. */
const UNREADABLE_GRACE_MS = 10_000;
const ATTEMPTS = 5;

/** Lock files this process holds, with the exact text it wrote, removed at exit if still held. */
const held = new Map<string, string>();
let exitHookInstalled = false;

function removeIfOurs(lockFile: string, text: string): void {
  try {
    if (readFileSync(lockFile, 'utf8') === text) unlinkSync(lockFile);
  } catch {
    // Already gone: nothing to release.
  }
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const [lockFile, text] of held) removeIfOurs(lockFile, text);
    held.clear();
  });
}

/** `JOURNAL.lock`, next to the journal's real path, so two spellings of one journal share a lock. */
export function lockFileFor(journal: string): string {
  try {
    if (existsSync(journal)) return `${realpathSync(journal)}.lock`;
    return `${join(realpathSync(dirname(journal)), basename(journal))}.lock`;
  } catch {
    return `${journal}.lock`;
  }
}

function parseHolder(text: string): JournalLockHolder | undefined {
  try {
    const value = JSON.parse(text) as Partial<JournalLockHolder>;
    if (typeof value.pid === 'number' && Number.isInteger(value.pid) && value.pid > 0)
      return {
        pid: value.pid,
        host: typeof value.host === 'string' ? value.host : '',
        since: typeof value.since === 'string' ? value.since : '?',
      };
  } catch {
    // Not JSON: a lock whose writer died between creating and filling it, or not ours at all.
  }
  return undefined;
}

/** Whether the holder may still be running. A process on another host cannot be checked: yes. */
function alive(holder: JournalLockHolder): boolean {
  if (holder.host !== hostname()) return true;
  if (holder.pid === process.pid) return true;
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readLock(lockFile: string): { text: string; mtimeMs: number } | undefined {
  try {
    return { text: readFileSync(lockFile, 'utf8'), mtimeMs: statSync(lockFile).mtimeMs };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/**
 * Moves a stale lock out of the way, unless it changed since it was judged stale (another run
 * took it over first): then it is put back and false returned.
 */
function takeOver(lockFile: string, staleText: string): boolean {
  const aside = `${lockFile}.stale-${process.pid}-${Date.now()}`;
  try {
    renameSync(lockFile, aside);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
  let moved = '';
  try {
    moved = readFileSync(aside, 'utf8');
  } catch {
    // Unreadable: treated as changed below.
  }
  if (moved !== staleText) {
    try {
      linkSync(aside, lockFile);
    } catch {
      // Someone created a new lock meanwhile: theirs stands.
    }
  }
  try {
    unlinkSync(aside);
  } catch {
    // Best effort.
  }
  return moved === staleText;
}

/**
 * Takes the journal's lock or throws JournalLockedError naming who holds it. A journal that is not
 * a regular file (a device such as /dev/full) keeps nothing between runs and is not locked.
 */
export function lockJournal(journal: string): JournalLock {
  if (existsSync(journal) && !statSync(journal).isFile()) return { lockFile: undefined, release: () => {} };
  const lockFile = lockFileFor(journal);
  return takeLock(lockFile, {
    locked: (holder) => new JournalLockedError(journal, lockFile, holder),
    cannot: (why) =>
      new JournalWriteError(
        `Cannot lock the journal ${journal}: ${why}; nothing was run. Choose a journal in a folder you can write to.`,
      ),
  });
}

/**
 * Takes the lock of one target account (its identity: hosts, client IDs, MyReports account) in
 * `dir` (the tool's home, beside the sandbox state), or throws AccountLockedError.
 */
export function lockAccount(dir: string, target: string): JournalLock {
  const lockFile = join(
    dir,
    'locks',
    `account-${createHash('sha256').update(target).digest('hex').slice(0, 24)}.lock`,
  );
  try {
    mkdirSync(dirname(lockFile), { recursive: true, mode: 0o700 });
  } catch {
    // Reported by takeLock, which cannot create the file either.
  }
  return takeLock(lockFile, {
    locked: (holder) => new AccountLockedError(target, lockFile, holder),
    cannot: (why) => new JournalWriteError(`Cannot lock the account for this run: ${why}; nothing was run.`),
  });
}

/**
 * Creates `lockFile` holding `text`, or throws EEXIST when it exists. Written to a file of its own
 * and linked into place, so a lock is never seen empty: a run killed between creating the lock
 * and filling it used to leave an empty one, which the next run had to wait out (CI, once).
 */
function createFilled(lockFile: string, text: string): void {
  const draft = `${lockFile}.new-${process.pid}-${Date.now()}`;
  const fd = openSync(draft, 'wx', 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } catch (err) {
    closeSync(fd);
    unlinkSync(draft);
    const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw Object.assign(new Error(`cannot write ${lockFile} (${code}); free some space`), { code: 'EWRITE' });
  }
  closeSync(fd);
  try {
    linkSync(draft, lockFile);
  } finally {
    unlinkSync(draft);
  }
}

/** Creates `lockFile` with O_EXCL (taking over a stale one) or throws what `errors` make. */
function takeLock(
  lockFile: string,
  errors: { locked: (holder: JournalLockHolder | undefined) => Error; cannot: (why: string) => Error },
): JournalLock {
  const text = `${JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString() })}\n`;
  let lastHolder: JournalLockHolder | undefined;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    try {
      createFilled(lockFile, text);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EWRITE') throw errors.cannot((err as Error).message);
      if (code !== 'EEXIST') {
        throw errors.cannot(
          whyNotWritable(code, lockFile) ?? `cannot create ${lockFile} (${code ?? (err as Error).message})`,
        );
      }
      const found = readLock(lockFile);
      if (!found) continue; // released meanwhile: try again
      const holder = parseHolder(found.text);
      lastHolder = holder;
      if (holder ? alive(holder) : Date.now() - found.mtimeMs < UNREADABLE_GRACE_MS)
        throw errors.locked(holder);
      takeOver(lockFile, found.text);
      continue;
    }
    held.set(lockFile, text);
    installExitHook();
    let released = false;
    return {
      lockFile,
      release: () => {
        if (released) return;
        released = true;
        held.delete(lockFile);
        removeIfOurs(lockFile, text);
      },
    };
  }
  throw errors.locked(lastHolder);
}
