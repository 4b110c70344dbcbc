/**
 * The runs this app started, kept in its data directory (Electron: userData; browser mode: the
 * session's temp directory): a short list of recent runs, and per run its journal, a copy of the
 * exact file it ran and its final report, so a past run can be reopened and its failed rows retried
 * with the same journal (rows the journal records as done are never sent again). Every file here
 * is private to the user (0600, folders 0700): the copy holds the sheet, passwords included.
 */
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { RecentRun } from '../shared/bridge.ts';
import type { Report } from '../shared/types.ts';
import { copyPrivate, privateDir, writePrivate } from './private-files.ts';
import { SessionError } from './session-error.ts';

const RECENT_MAX = 20;

/** What is kept on disk for one run. */
export interface RunFiles {
  runId: string;
  journal: string;
  /** The file the engine read (the original, or the working copy with the user's edits). */
  file: string;
  displayName: string;
}

interface RunMeta {
  runId: string;
  file: string;
  displayName: string;
}

export class RunHistory {
  constructor(private readonly workDir: string) {}

  private get dir(): string {
    return join(this.workDir, 'runs');
  }

  private get listFile(): string {
    return join(this.workDir, 'recent-runs.json');
  }

  /** Creates the run's folder and keeps a copy of the file it runs, so it can be reopened later. */
  async begin(runId: string, engineFile: string, displayName: string): Promise<RunFiles> {
    const dir = join(this.dir, runId);
    await privateDir(dir);
    const file = join(dir, basename(engineFile));
    await copyPrivate(engineFile, file);
    const meta: RunMeta = { runId, file, displayName };
    await writePrivate(join(dir, 'meta.json'), JSON.stringify(meta));
    return { runId, journal: join(dir, 'journal.jsonl'), file, displayName };
  }

  /** Stores the report a run (or a retry of it) ended with. Secrets never reach reports. */
  async saveReport(runId: string, report: Report): Promise<void> {
    await writePrivate(join(this.dir, runId, 'report.json'), JSON.stringify(report));
  }

  /** The files and last report of a past run; throws SessionError when it is gone. */
  async load(runId: string): Promise<{ files: RunFiles; report: Report | null; recent: RecentRun }> {
    const dir = join(this.dir, runId);
    let meta: RunMeta;
    try {
      meta = JSON.parse(await readFile(join(dir, 'meta.json'), 'utf8')) as RunMeta;
    } catch {
      throw new SessionError('That run is no longer kept on this computer.');
    }
    let report: Report | null = null;
    try {
      report = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8')) as Report;
    } catch {
      // The app stopped before the run ended: the journal alone says what was done.
    }
    const recent = (await this.list()).find((r) => r.runId === runId) ?? {
      runId,
      file: meta.displayName,
      target: '',
      startedAt: '',
    };
    return {
      files: { runId, journal: join(dir, 'journal.jsonl'), file: meta.file, displayName: meta.displayName },
      report,
      recent,
    };
  }

  async list(): Promise<RecentRun[]> {
    try {
      return JSON.parse(await readFile(this.listFile, 'utf8')) as RecentRun[];
    } catch {
      return [];
    }
  }

  async remember(run: RecentRun): Promise<void> {
    const list = [run, ...(await this.list()).filter((r) => r.runId !== run.runId)].slice(0, RECENT_MAX);
    await writePrivate(this.listFile, JSON.stringify(list, null, 2));
  }
}
