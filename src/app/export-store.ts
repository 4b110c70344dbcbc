/**
 * Files the session wrote for the user to take away (reports, the corrected sheet): each in a
 * scratch folder of its own, known to the window by an id only, never by a path.
 */
import { randomUUID } from 'node:crypto';
import { copyFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ExportResult } from '../shared/bridge.ts';
import { SessionError } from './session-error.ts';

export class ExportStore {
  private readonly files = new Map<string, { path: string; name: string }>();

  /** @param folder makes the private folder of the export with this id */
  constructor(private readonly folder: (id: string) => Promise<string>) {}

  /** Writes `name` with `write` and keeps it for the download or save dialog. */
  async add(name: string, write: (path: string) => Promise<void>): Promise<ExportResult> {
    const id = randomUUID();
    const path = join(await this.folder(id), name);
    await write(path);
    this.files.set(id, { path, name });
    return { id, name, size: (await stat(path)).size };
  }

  /** Keeps a file written elsewhere (an account export) under `id`. */
  set(id: string, file: { path: string; name: string }): void {
    this.files.set(id, file);
  }

  get(id: string): { path: string; name: string } | undefined {
    return this.files.get(id);
  }

  /** Copies an export to a path main chose with its save dialog. */
  async saveTo(id: string, path: string): Promise<void> {
    const f = this.files.get(id);
    if (!f) throw new SessionError('That export is no longer available: export again.');
    await copyFile(f.path, path);
  }
}
