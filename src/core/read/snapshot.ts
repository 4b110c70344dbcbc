/**
 * One snapshot of the input file (issue 16): it is opened once, and its size, modification time
 * and identity (device and inode) are noted then. A file replaced (Excel saves to a temporary file
 * and renames it over) or rewritten while it is read would otherwise give rows of two versions, or
 * half of the rows without a word; check() refuses it instead.
 */
import { open, stat, type FileHandle } from 'node:fs/promises';
import { existsSync, type Stats } from 'node:fs';
import { InputError } from '../model.ts';

export class FileSnapshot {
  private constructor(
    readonly file: string,
    readonly handle: FileHandle,
    private readonly first: Stats,
  ) {}

  /** Opens `file`; throws its open error as it is (the caller words it). */
  static async open(file: string): Promise<FileSnapshot> {
    const handle = await open(file, 'r');
    try {
      return new FileSnapshot(file, handle, await handle.stat());
    } catch (error) {
      await handle.close().catch(() => undefined);
      throw error;
    }
  }

  get size(): number {
    return this.first.size;
  }

  get isFile(): boolean {
    return this.first.isFile();
  }

  /**
   * Refuses the file if it changed since it was opened: its size or modification time (written in
   * place, truncated), or what its name points to (replaced by another file, or removed).
   */
  async check(): Promise<void> {
    let now: Stats;
    let named: Stats | undefined;
    try {
      now = await this.handle.stat();
      named = await stat(this.file).catch(() => undefined);
    } catch {
      throw changed(this.file, 'it can no longer be read');
    }
    if (now.size !== this.first.size)
      throw changed(
        this.file,
        `its size went from ${this.first.size.toLocaleString('en-US')} to ${now.size.toLocaleString('en-US')} bytes`,
      );
    if (now.mtimeMs !== this.first.mtimeMs) throw changed(this.file, 'it was written to');
    if (!named || named.dev !== this.first.dev || named.ino !== this.first.ino)
      throw changed(this.file, named ? 'another file was saved in its place' : 'it was removed or renamed');
  }

  /**
   * A name that opens this same file, whatever its path now points to, for readers that open the
   * file themselves (the CSV scan, csv-parse and its worker thread): `/proc/self/fd/N`, the open
   * file itself, where the system has it (Linux); else the path, which check() then covers.
   */
  get source(): string {
    const proc = `/proc/self/fd/${this.handle.fd}`;
    return existsSync(proc) ? proc : this.file;
  }

  async close(): Promise<void> {
    await this.handle.close().catch(() => undefined);
  }
}

function changed(file: string, how: string): InputError {
  return new InputError(
    `The file changed while it was read (${how}): its rows could mix two versions, or some be missing. Close the program that is saving it, wait for it to finish, and try again.`,
    file,
  );
}
