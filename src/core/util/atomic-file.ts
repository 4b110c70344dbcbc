/**
 * Reports are written to a temporary file next to the target and renamed into place, so a crash
 * or a full disk never leaves a half-written report where the user expects a whole one.
 */
import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Runs `write` against a temporary path in the same directory as `out`, flushes it to disk, then
 * renames it over `out`. The temporary file is removed when anything fails. It is created with
 * `mode` before `write` opens it (writers truncate and keep the mode), so a report, which holds the
 * user's sheet, is private (0600) from its first byte; templates pass 0o666 (the umask applies).
 */
export async function writeAtomically(
  out: string,
  write: (tempPath: string) => Promise<void>,
  /** What the file is, for a failure's message. */
  what = 'the report',
  mode = 0o600,
): Promise<void> {
  const temp = join(dirname(out), `.${basename(out)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await (await open(temp, 'wx', mode)).close();
    await write(temp);
    const handle = await open(temp, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, out);
  } catch (error) {
    await rm(temp, { force: true });
    throw cannotWrite(what, out, temp, error);
  }
}

const WHY_NOT: Record<string, (out: string) => string> = {
  ENOENT: (out) => `the folder ${dirname(out)} does not exist`,
  ENOTDIR: (out) => `${dirname(out)} is not a folder`,
  EACCES: (out) => `no permission to write in ${dirname(out)}`,
  EPERM: (out) => `no permission to write in ${dirname(out)}`,
  EISDIR: () => 'that path is a folder',
  ENOSPC: () => 'the disk is full',
  EDQUOT: () => 'the disk quota is used up',
  EROFS: () => 'the disk is read-only',
};

/** Why `path` cannot be written, in words, for a file-system error code; undefined for other codes. */
export function whyNotWritable(code: string | undefined, path: string): string | undefined {
  return code === undefined ? undefined : WHY_NOT[code]?.(path);
}

/**
 * A failed write said about the file the user asked for, not the temporary file it went to
 * first. Errors that are not about the file system (a report too wide for Excel) pass unchanged.
 */
function cannotWrite(what: string, out: string, temp: string, error: unknown): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (!(error instanceof Error) || code === undefined) return error;
  const why = whyNotWritable(code, out) ?? error.message.split(temp).join(out);
  return new Error(`Cannot write ${what} ${out}: ${why}.`, { cause: error });
}

/** Buffers text and writes it in large chunks (one syscall per ~1 MB, not per row). */
export class ChunkedWriter {
  private buffer: string[] = [];
  private size = 0;

  private constructor(private readonly handle: FileHandle) {}

  /** Opens (truncating) a file for writing. */
  static async open(path: string): Promise<ChunkedWriter> {
    return new ChunkedWriter(await open(path, 'w'));
  }

  /** Appends text; flushes to the file when the buffer is large. */
  async write(text: string): Promise<void> {
    this.buffer.push(text);
    this.size += text.length;
    if (this.size >= 1 << 20) await this.flush();
  }

  /** Writes out what is buffered. */
  async flush(): Promise<void> {
    if (this.size === 0) return;
    const chunk = this.buffer.join('');
    this.buffer = [];
    this.size = 0;
    // writeFile on a handle loops until every byte is written (a bare write() may write part).
    await this.handle.writeFile(chunk, 'utf8');
  }

  /** Flushes and closes the file. */
  async close(): Promise<void> {
    try {
      await this.flush();
    } finally {
      await this.handle.close();
    }
  }
}

/** Opens `path`, lets `fill` write to it, and closes it even when `fill` throws. */
export async function withWriter(
  path: string,
  fill: (writer: ChunkedWriter) => Promise<void>,
): Promise<void> {
  const writer = await ChunkedWriter.open(path);
  try {
    await fill(writer);
  } finally {
    await writer.close();
  }
}
