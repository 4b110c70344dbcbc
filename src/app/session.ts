/**
 * The engine side of the bridge for both transports (Electron IPC, browser-mode HTTP): one opened
 * workbook, edited in memory and re-validated through a working copy, plus the run and the account
 * calls. Transports own only theirs: file dialogs, uploads over HTTP, windows and cookies.
 */
import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import type { BridgeCallMap, BridgeEvent, BridgeEventMap, FileRef, OpenResult } from '../shared/bridge.ts';
import { InputError, inputErrorWhere } from '../core/model.ts';
import { TargetRegistry } from './target-registry.ts';
import { journalReport } from './journal-report.ts';
import { initRowChecks, type RowChecks } from './row-checks.ts';
import type { MessageLevel } from '../shared/types.ts';
import { SessionError } from './session-error.ts';
import { exportContent } from './report-export.ts';
import type { SessionPorts } from './ports.ts';
import { privateDir, removeStaleScratch, scratchDir, writePrivate } from './private-files.ts';
import { AccountCalls } from './account-calls.ts';
import { RunSession } from './run-session.ts';
import { resultsPage } from './result-rows.ts';
import type { TargetConfig } from './targets.ts';
import { translateReport, writeWorkingCopy, type WorkingCopy } from './working-copy.ts';
import { correctedName, writeCorrected } from './corrected-sheet.ts';
import { ExportStore } from './export-store.ts';
import { SheetEdits } from './sheet-edits.ts';
import {
  applyMapping,
  applyReport,
  createWorkbookState,
  openResultOf,
  type SheetState,
  type WorkbookState,
} from './workbook-state.ts';

export interface SessionOptions {
  ports: SessionPorts;
  /**
   * A directory this session owns (uploads, working copies, exports, journals). Uploads, working
   * copies and exports go to `scratch/<pid>/` in it, removed by close() and, after a crash, by the
   * next session to start; the runs stay (their journals are what a retry needs).
   */
  workDir: string;
  targets: TargetConfig[];
  /** Where saved credentials live: Electron's keychain, or this session's memory (browser mode). */
  credentialStore?: 'keychain' | 'session';
}

type Listener = <E extends BridgeEvent>(event: E, payload: BridgeEventMap[E]) => void;
type Result<K extends keyof BridgeCallMap> = Promise<BridgeCallMap[K]['result']>;

const SAFE_NAME = /[^\w.\- ()]+/g;

/** One user's session: what both transports call. Calls that only a transport can do are not here. */
export class Session {
  private readonly files = new Map<string, { path: string; name: string }>();
  /** Files written for the user to take away (reports, the corrected sheet, account exports). */
  readonly exports = new ExportStore((id) => this.scratchPath('exports', id));
  private readonly listeners = new Set<Listener>();
  private state: WorkbookState | undefined;
  private copy: WorkingCopy | undefined;
  /** Kept from the last full validation so an inline edit re-validates one row (row-checks.ts). */
  private checks: RowChecks | undefined;
  private copies = 0;
  /** This launch's scratch folder, made (and the stale ones of dead launches removed) on first use. */
  private scratch: Promise<string> | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly targets: TargetRegistry;
  readonly run: RunSession;
  readonly edits: SheetEdits;
  readonly account: AccountCalls = new AccountCalls(this);

  constructor(private readonly options: SessionOptions) {
    this.targets = new TargetRegistry(options.targets, options.credentialStore ?? 'session');
    this.run = new RunSession({
      ports: options.ports,
      workDir: options.workDir,
      emit: (e, p) => this.emit(e, p),
      workbook: () => this.workbook(),
      engineFile: () => this.engineFile(),
      translate: (r) => (this.copy ? translateReport(r, this.copy) : r),
      target: (id) => this.target(id),
    });
    this.edits = new SheetEdits({
      workbook: () => this.workbook(),
      sheet: (name) => this.sheet(name),
      assertIdle: () => this.run.assertIdle(),
      touched: () => {
        this.workbook().dirty = true;
        // The working copy is now stale; it is written again only when plan or run needs a file.
        this.copy = undefined;
        this.run.invalidatePlan();
      },
      rowChecks: () => this.checks,
      revalidateAll: () => this.revalidate(),
    });
  }

  /** The directory this session keeps uploads, copies, exports and runs in. */
  get workDir(): string {
    return this.options.workDir;
  }

  /** A private folder `kind/name` in this launch's scratch folder. */
  async scratchPath(...parts: string[]): Promise<string> {
    const root = join(this.options.workDir, 'scratch');
    this.scratch ??= removeStaleScratch(root).then(() => scratchDir(root));
    const dir = join(await this.scratch, ...parts);
    await privateDir(dir);
    return dir;
  }

  /** Removes the working copies (the sheet as edited) once their sheet is closed, after the queue. */
  private dropCopies(): Promise<void> {
    this.copy = undefined;
    const scratch = this.scratch;
    if (!scratch) return Promise.resolve();
    const next = this.queue.then(async () =>
      rm(join(await scratch, 'copies'), { recursive: true, force: true }),
    );
    this.queue = next.catch(() => undefined);
    return next;
  }

  /**
   * Ends the session's files: cancels a run (journalled), then removes this launch's scratch folder
   * (uploads, working copies, exports). Runs and their journals stay.
   */
  async close(): Promise<void> {
    await this.run.cancelAndWait();
    await this.queue;
    const scratch = this.scratch;
    this.scratch = undefined;
    if (scratch) await rm(await scratch, { recursive: true, force: true });
  }

  /** Subscribes to every event; returns the unsubscribe function. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit<E extends BridgeEvent>(event: E, payload: BridgeEventMap[E]): void {
    for (const l of this.listeners) l(event, payload);
  }

  log(level: MessageLevel, message: string): void {
    this.emit('log', { time: new Date().toISOString(), level, message });
  }

  /** A target by id; the active one (plan and run go there) when no id is given. */
  target(id?: string): TargetConfig {
    return this.targets.get(id);
  }

  async getTargets(): Result<'getTargets'> {
    return this.targets.describe();
  }

  async testConnection(args: { target: string }): Result<'testConnection'> {
    return this.options.ports.testConnection(this.target(args.target));
  }

  /** Tests credentials as typed (blank fields keep the saved ones), without saving them. */
  async testCredentials(args: BridgeCallMap['testCredentials']['args']): Result<'testCredentials'> {
    return this.options.ports.testConnection(this.targets.entered(args.credentials));
  }

  /** Makes entered credentials the active live target. Nothing secret is sent back. */
  async saveCredentials(args: BridgeCallMap['saveCredentials']['args']): Result<'saveCredentials'> {
    this.run.assertIdle();
    const t = this.targets.entered(args.credentials);
    // Only credentials that connect become the active target (the form says "Test", then "Save").
    const check = await this.options.ports.testConnection(t);
    if (!check.ok) {
      const failed = check.systems
        .filter((s) => !s.ok && s.message !== 'not configured')
        .map((s) => `${s.system}: ${s.message}`);
      throw new SessionError(
        failed.length > 0
          ? `Not saved: these credentials did not connect (${failed.join('; ')}).`
          : 'Not saved: no system is configured; enter the credentials of YCM, the Partner Portal or MyReports.',
      );
    }
    this.targets.put(t);
    this.log('info', `Live credentials saved (${this.targets.store}); ${t.label} is active.`);
    return { targets: this.targets.describe(), stored: this.targets.store };
  }

  async selectTarget(args: { target: string }): Result<'selectTarget'> {
    this.run.assertIdle();
    this.targets.select(args.target);
    return this.targets.describe();
  }

  /** Reopens a past run: the file it ran, its last report (or the journal's outcomes), retry ready. */
  async openRun(args: { runId: string }): Result<'openRun'> {
    this.run.assertIdle();
    const { files, report, recent } = await this.run.history.load(args.runId);
    const v = await this.options.ports.validateFile(files.file, { keepRecords: true, keepCells: true });
    const state = createWorkbookState(files.file, files.displayName, v);
    const shown = report ?? journalReport(files.journal, v.records, v.report);
    applyReport(state, shown);
    await this.dropCopies();
    this.state = state;
    this.checks = undefined;
    this.run.reopen(files, recent, shown);
    this.log('info', `Reopened run ${args.runId} (${files.displayName}).`);
    return { run: recent, workbook: this.openResult(), report: shown };
  }

  /** Registers a file main picked with its own dialog (Electron); the renderer gets only a ref. */
  registerFile(path: string): FileRef {
    const ref = { id: randomUUID(), name: basename(path) };
    this.files.set(ref.id, { path, name: ref.name });
    return ref;
  }

  async uploadFile(args: { name: string; data: Uint8Array }): Result<'uploadFile'> {
    const ext = extname(args.name).toLowerCase();
    if (!['.xlsx', '.csv', '.tsv', '.txt'].includes(ext)) {
      throw new SessionError(`'${args.name}' is not a sheet this tool reads (.xlsx, .csv, .tsv, .txt).`);
    }
    const id = randomUUID();
    const dir = await this.scratchPath('uploads', id);
    // The name is only a label: strip anything that could act as a path.
    const name = basename(args.name).replace(SAFE_NAME, '_') || `upload${ext}`;
    const path = join(dir, name);
    await writePrivate(path, args.data);
    this.files.set(id, { path, name });
    return { id, name };
  }

  async openSheet(args: BridgeCallMap['openSheet']['args']): Result<'openSheet'> {
    const f = this.files.get(args.file.id);
    if (!f) throw new SessionError('That file is no longer available: open it again.');
    return this.load(f.path, f.name, args.headerRows);
  }

  /** Reads the file again with this sheet's headers on `row` (Map screen); edits and remaps are dropped. */
  async setHeaderRow(args: BridgeCallMap['setHeaderRow']['args']): Result<'setHeaderRow'> {
    const old = this.workbook();
    const sheet = this.sheet(args.sheet);
    return this.load(old.file, old.displayName, { ...old.headerRows, [sheet.name]: args.row });
  }

  /** Reads and validates a file into the workbook on screen, in place of the one there. */
  private async load(path: string, name: string, headerRows?: Record<string, number>): Result<'openSheet'> {
    this.run.assertIdle();
    const opts = { keepRecords: true, keepCells: true, ...(headerRows && { headerRows }) };
    let v: Awaited<ReturnType<SessionPorts['validateFile']>>;
    try {
      v = await this.options.ports.validateFile(path, opts);
    } catch (error) {
      // Named by the file the user chose (another may still be open on screen), never its path here.
      if (error instanceof InputError) {
        throw new SessionError(`${name}${inputErrorWhere(error)}: ${error.message}`);
      }
      throw error;
    }
    await this.dropCopies();
    // With a chosen header row, plan and run read a working copy (the engine would look for it).
    this.state = { ...createWorkbookState(path, name, v), ...(headerRows && { headerRows, dirty: true }) };
    this.checks = initRowChecks(this.state, v);
    this.run.reset();
    this.log('info', `Opened ${name}: ${v.report.summary.total} rows in ${v.sheets.length} sheet(s).`);
    return this.openResult();
  }

  private workbook(): WorkbookState {
    if (!this.state) throw new SessionError('Open a sheet first.');
    return this.state;
  }

  sheet(name: string): SheetState {
    const s = this.workbook().sheets.get(name);
    if (!s) throw new SessionError(`The workbook has no sheet '${name}'.`);
    return s;
  }

  private openResult(): OpenResult {
    return openResultOf(this.workbook());
  }

  /** The open workbook as openSheet returned it: a reloaded page gets it back. */
  async getWorkbook(): Result<'getWorkbook'> {
    return this.state ? openResultOf(this.state) : null;
  }

  async getResultRows(args: BridgeCallMap['getResultRows']['args']): Result<'getResultRows'> {
    return resultsPage(this.state, args);
  }

  async getRows(args: BridgeCallMap['getRows']['args']): Result<'getRows'> {
    return this.edits.getRows(args);
  }

  async updateCell(args: BridgeCallMap['updateCell']['args']): Result<'updateCell'> {
    return this.edits.updateCell(args);
  }

  async setMapping(args: BridgeCallMap['setMapping']['args']): Result<'setMapping'> {
    this.run.assertIdle();
    applyMapping(this.sheet(args.sheet), args.mapping);
    this.workbook().dirty = true;
    // Columns now go to other fields: what a run sends is not what the dry run checked.
    this.run.invalidatePlan();
    await this.revalidate();
    return this.openResult();
  }

  async listFields(args: { sheet: string }): Result<'listFields'> {
    return this.options.ports.listFields(this.sheet(args.sheet).kind);
  }

  async validate(): Result<'validate'> {
    await this.revalidate();
    return this.openResult();
  }

  /** The file plan and run read: the original, or a fresh working copy once anything changed. */
  async engineFile(): Promise<string> {
    const state = this.workbook();
    if (!state.dirty) return state.file;
    if (!this.copy) {
      const next = this.queue.then(async () => {
        this.copy ??= await writeWorkingCopy(state, await this.copyDir());
      });
      this.queue = next.catch(() => undefined);
      await next;
    }
    return this.copy?.file ?? state.file;
  }

  private copyDir(): Promise<string> {
    return this.scratchPath('copies', String(++this.copies));
  }

  /** Re-validates the whole workbook (after a remap, or on request); one at a time. */
  revalidate(): Promise<void> {
    const next = this.queue.then(async () => {
      const state = this.workbook();
      if (!state.dirty) {
        const v = await this.options.ports.validateFile(state.file, { keepRecords: true });
        applyReport(state, v.report);
        this.checks = initRowChecks(state, v);
        return;
      }
      const copy = await writeWorkingCopy(state, await this.copyDir());
      const v = await this.options.ports.validateFile(copy.file, { keepRecords: true });
      this.copy = copy;
      applyReport(state, translateReport(v.report, copy));
      this.checks = initRowChecks(state, v);
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  async getReport(): Result<'getReport'> {
    return this.state ? this.state.report : null;
  }

  async exportReport(args: BridgeCallMap['exportReport']['args']): Result<'exportReport'> {
    const state = this.workbook();
    const { name, report, source } = exportContent(state, args.format, args.sheet);
    const e = await this.exports.add(name, (path) => this.options.ports.writeReport(path, report, source));
    this.log('info', `Report written: ${name}.`);
    return e;
  }

  /** The user's own sheet with the edits written in (corrected-sheet.ts). */
  async exportCorrected(): Result<'exportCorrected'> {
    const state = this.workbook();
    return this.exports.add(correctedName(state), (path) =>
      writeCorrected(state, (sheet) => this.edits.editedCells(sheet), path),
    );
  }

  /** Where an export lives (for the transport's download or save dialog). */
  exportFile(id: string): { path: string; name: string } | undefined {
    return this.exports.get(id);
  }

  /** Copies an export to a path main chose with its save dialog. */
  saveExportTo(id: string, path: string): Promise<void> {
    return this.exports.saveTo(id, path);
  }
}
