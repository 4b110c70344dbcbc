/**
 * Append-only JSONL journal of a run (PRODUCT.md, Run). Every entry is written and fsync'ed before
 * the next step starts, so after a crash the journal tells exactly which steps finished, which
 * never began, and which began but have no outcome (those must be checked before any retry).
 *
 * A torn last line (the process died mid-write) is ignored on read: everything whole is kept.
 */
import {
  closeSync,
  existsSync,
  fsyncSync,
  openSync,
  readFileSync,
  readSync,
  statSync,
  writeSync,
} from 'node:fs';
import type { RowResultIds, SheetKind } from '../../shared/types.ts';

/** A step's name; each kind names its own (`journalSteps`, src/core/kinds/<kind>/index.ts). */
export type StepName = string;

/** `pending`: an order placed whose status was not final yet (checked again, never re-placed). */
export type StepOutcome = 'succeeded' | 'failed' | 'adopted' | 'unknown' | 'pending';

/** How the run read its input (`--sheet`, `--kind`, `--encoding`, `--delimiter`, `--header-row`, `--map`), for `resume`. */
export interface JournalValidateOptions {
  sheet?: string;
  kind?: SheetKind;
  encoding?: string;
  delimiter?: string;
  /** `--header-row`. */
  headerRow?: number;
  /** `--map FILE`: the file's name and the mapping it held then (no secrets: headers and labels). */
  savedMapping?: { file: string; sheets: Record<string, Record<string, string | null>> };
  /** `retry`: the original file whose secrets fill the report's masked cells (its path only). */
  secretsFrom?: string;
  /**
   * How the original (secretsFrom) was read, when not as the report is: its `--header-row`,
   * encoding and delimiter (a result report has its headers on row 1).
   */
  secretsFromRead?: { headerRow?: number; encoding?: string; delimiter?: string };
}

/** Written when a run starts (each run and resume of the journal adds one). */
export interface JournalHeader {
  t: 'run';
  v: 1;
  file: string;
  fileHash: string;
  target: string;
  startedAt: string;
  /** Absent in journals written before it was recorded, and when the run used no such option. */
  validate?: JournalValidateOptions;
}

export interface JournalBegin {
  t: 'begin';
  key: string;
  step: StepName;
  at: string;
  /** The vendor's own time just before the write (an order: the portal's `Date` header), ms. */
  portalTimeMs?: number;
  /** The SN an order is for (to pair unclear orders of one PBX with what the portal lists). */
  productNo?: string;
}

export interface JournalEnd {
  t: 'end';
  key: string;
  step: StepName;
  outcome: StepOutcome;
  at: string;
  ids?: RowResultIds;
  message?: string;
  code?: string;
}

export type JournalEntry = JournalHeader | JournalBegin | JournalEnd;

/** What the journal says about one step of one row. */
export interface StepRecord {
  begun: boolean;
  /** The vendor's time when the step's first attempt began, when recorded (JournalBegin). */
  portalTimeMs?: number;
  /** An order's SN, when recorded (JournalBegin). */
  productNo?: string;
  outcome?: StepOutcome;
  ids?: RowResultIds;
  message?: string;
}

/** Raised when the journal cannot be written (disk full, read-only...): the run must stop at once. */
export class JournalWriteError extends Error {
  override readonly name = 'JournalWriteError';
}

/**
 * Raised when a journal written against one target is used against another: its finished steps
 * say nothing about the other target, and following them would skip every row there.
 */
export class JournalTargetError extends Error {
  override readonly name = 'JournalTargetError';

  constructor(
    readonly journal: string,
    readonly journalTarget: string,
    readonly target: string,
  ) {
    super(
      `The journal ${journal} was written against ${journalTarget || 'an unnamed target'}, not the current target ${target || '(unnamed)'}: the rows it records as done were not done there. Use another journal file for this target, or move that one away.`,
    );
  }
}

/** Refuses (JournalTargetError) a journal that another target's run started. */
export function checkJournalTarget(journal: string, state: JournalState, target: string): void {
  const recorded = state.header?.target;
  if (recorded !== undefined && recorded !== target && !legacyTarget(recorded, target)) {
    throw new JournalTargetError(journal, recorded, target);
  }
}

/**
 * Journals written before targets named their accounts (2026-12-03) are still theirs: the CLI's
 * `LIVE host, host` when the current target has exactly those hosts, and the desktop app's label
 * for any live target (what those journals were checked against when they were written).
 */
function legacyTarget(recorded: string, target: string): boolean {
  if (!target.startsWith('LIVE ')) return false;
  if (recorded === 'Live (entered in Connect)' || recorded === 'Live (from environment)') return true;
  const hosts = [...target.matchAll(/(?:^LIVE |; )(?:YCM|Partner Portal|MyReports) (\S+)/g)].map((m) => m[1]);
  return recorded === `LIVE ${hosts.join(', ')}`;
}

export interface JournalState {
  /** The first run's entry: the file and target the journal belongs to. */
  header?: JournalHeader;
  /** The latest run's entry (the header in a journal run once): what `resume` continues. */
  lastRun?: JournalHeader;
  steps: Map<string, StepRecord>;
  /** Lines that could not be parsed (at most the torn last one after a crash). */
  skippedLines: number;
  /** When each step's first attempt began: what it may have created is no older than this. */
  firstBegunAt: Map<string, string>;
}

/*
 * Key formats are the journal's own: a row key is built here (rowKey) and a step's entry in
 * `JournalState.steps` is `rowKey NUL stepName`; code outside this file asks the functions below
 * (isStepDone, isStepInterrupted, journalSteps, journalRowKeys) and never splits a key itself.
 */
function stepKey(key: string, step: StepName): string {
  return `${key}\u0000${step}`;
}

/**
 * A row's key: its sheet, a hash of its non-secret cells, and how many rows of that sheet before
 * it have the same cells (`PBX!3f2a…#0`). Not its row number: a row that moves is the same work.
 */
export function rowKey(sheet: string, contentHash: string, occurrence: number): string {
  return `${sheet}!${contentHash}#${occurrence}`;
}

/** The key journals written before keys were position-free gave a row (`sheet!row!hash`). */
export function legacyRowKey(sheet: string, row: number, contentHash: string): string {
  return `${sheet}!${row}!${contentHash}`;
}

/** A step finished: succeeded, or found after an unclear write and adopted. */
function finished(rec: StepRecord | undefined): boolean {
  return rec?.outcome === 'succeeded' || rec?.outcome === 'adopted';
}

/** A step begun without a clear end (a crash in between, or an unclear write): check before any retry. */
function unclear(rec: StepRecord | undefined): boolean {
  return Boolean(rec && ((rec.begun && rec.outcome === undefined) || rec.outcome === 'unknown'));
}

/** Whether the journal records this step of this row as done (succeeded or adopted). */
export function isStepDone(state: JournalState, key: string, step: StepName): boolean {
  return finished(journalStep(state, key, step));
}

/** Whether an earlier attempt began this step without a clear end (it may have been applied). */
export function isStepInterrupted(state: JournalState, key: string, step: StepName): boolean {
  return unclear(journalStep(state, key, step));
}

/** Every step the journal records, with its row key and step name, in the order first seen. */
export function journalSteps(
  state: JournalState,
): Array<{ key: string; step: StepName; record: StepRecord }> {
  return [...state.steps].map(([k, record]) => {
    const cut = k.indexOf('\u0000');
    return { key: k.slice(0, cut), step: k.slice(cut + 1) as StepName, record };
  });
}

/** The row keys the journal has steps for. */
export function journalRowKeys(state: JournalState): Set<string> {
  return new Set(journalSteps(state).map((s) => s.key));
}

/** Reads a journal file; a missing file gives an empty state. Never throws on a torn last line. */
export function readJournal(path: string): JournalState {
  const state: JournalState = { steps: new Map(), skippedLines: 0, firstBegunAt: new Map() };
  // Only regular files hold entries (a device such as /dev/full would read forever).
  if (!existsSync(path) || !statSync(path).isFile()) return state;
  const lines = readFileSync(path, 'utf8').split('\n');
  for (const line of lines) {
    if (!line.trim()) continue;
    let entry: JournalEntry;
    try {
      entry = JSON.parse(line) as JournalEntry;
    } catch {
      state.skippedLines++;
      continue;
    }
    applyEntry(state, entry);
  }
  return state;
}

function applyEntry(state: JournalState, entry: JournalEntry): void {
  if (entry.t === 'run') {
    state.header ??= entry;
    state.lastRun = entry;
    return;
  }
  const k = stepKey(entry.key, entry.step);
  const rec = state.steps.get(k) ?? { begun: false };
  if (entry.t === 'begin') {
    rec.begun = true;
    if (!state.firstBegunAt.has(k)) state.firstBegunAt.set(k, entry.at);
    if (entry.portalTimeMs !== undefined) rec.portalTimeMs ??= entry.portalTimeMs;
    if (entry.productNo !== undefined) rec.productNo = entry.productNo;
    // A new attempt after an 'unknown' or 'failed' outcome: the outcome is open again.
    delete rec.outcome;
  } else {
    rec.outcome = entry.outcome;
    if (entry.ids) rec.ids = { ...rec.ids, ...entry.ids };
    if (entry.message !== undefined) rec.message = entry.message;
  }
  state.steps.set(k, rec);
}

/** Whether a regular, non-empty file's last byte is not a newline (a torn last entry). */
function endsTorn(path: string): boolean {
  if (!existsSync(path) || !statSync(path).isFile()) return false;
  const size = statSync(path).size;
  if (size === 0) return false;
  const fd = openSync(path, 'r');
  try {
    const last = Buffer.alloc(1);
    readSync(fd, last, 0, 1, size - 1);
    return last[0] !== 0x0a;
  } finally {
    closeSync(fd);
  }
}

/** When a step's first attempt began (ISO time), if it ever began. */
export function firstBegunAt(state: JournalState, key: string, step: StepName): string | undefined {
  return state.firstBegunAt.get(stepKey(key, step));
}

/** Looks up one step in a journal state. */
export function journalStep(state: JournalState, key: string, step: StepName): StepRecord | undefined {
  return state.steps.get(stepKey(key, step));
}

/** An open journal: appends entries durably and keeps the in-memory state current. */
export class Journal {
  readonly state: JournalState;
  private fd: number | undefined;

  private constructor(
    readonly path: string,
    state: JournalState,
  ) {
    this.state = state;
  }

  /** Opens (or creates) a journal for appending; existing entries are read first. */
  static open(path: string): Journal {
    const journal = new Journal(path, readJournal(path));
    try {
      journal.fd = openSync(path, 'a', 0o600); // private to the user, as reports are
    } catch (err) {
      throw new JournalWriteError(`Cannot open the journal ${path} for writing: ${(err as Error).message}`);
    }
    // A torn last line (crash or full disk mid-write) is closed off first, so the next entry
    // starts on a line of its own instead of being glued to the fragment and lost with it.
    if (endsTorn(path)) journal.write('\n');
    return journal;
  }

  /** Writes all of `text` and fsyncs; a short write (disk full) is retried until it errors. */
  private write(text: string): void {
    if (this.fd === undefined) throw new JournalWriteError(`The journal ${this.path} is closed.`);
    const bytes = Buffer.from(text, 'utf8');
    try {
      for (let off = 0; off < bytes.length;) {
        const n = writeSync(this.fd, bytes, off, bytes.length - off);
        if (n <= 0) throw Object.assign(new Error('no bytes written'), { code: 'ENOSPC' });
        off += n;
      }
      fsyncSync(this.fd);
    } catch (err) {
      throw new JournalWriteError(
        `Cannot write the journal ${this.path} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); the run stopped so no step goes unrecorded.`,
      );
    }
  }

  /** Appends one entry and fsyncs it before returning. */
  append(entry: JournalEntry): void {
    // writeSync may write only part of a line when the disk fills (found by the crash suite's
    // disk-full case: the torn 'begin' was taken as written and the create went out unrecorded).
    this.write(`${JSON.stringify(entry)}\n`);
    applyEntry(this.state, entry);
  }

  begin(key: string, step: StepName, extra: Pick<JournalBegin, 'portalTimeMs' | 'productNo'> = {}): void {
    this.append({ t: 'begin', key, step, at: new Date().toISOString(), ...extra });
  }

  end(
    key: string,
    step: StepName,
    outcome: StepOutcome,
    extra: Omit<JournalEnd, 't' | 'key' | 'step' | 'outcome' | 'at'> = {},
  ): void {
    this.append({ t: 'end', key, step, outcome, at: new Date().toISOString(), ...extra });
  }

  step(key: string, step: StepName): StepRecord | undefined {
    return journalStep(this.state, key, step);
  }

  isDone(key: string, step: StepName): boolean {
    return isStepDone(this.state, key, step);
  }

  /** The ids a done step recorded (an empty set when it recorded none); undefined when not done. */
  doneIds(key: string, step: StepName): RowResultIds | undefined {
    return this.isDone(key, step) ? (this.step(key, step)?.ids ?? {}) : undefined;
  }

  isInterrupted(key: string, step: StepName): boolean {
    return isStepInterrupted(this.state, key, step);
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}
