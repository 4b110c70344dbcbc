/**
 * The app's own files hold whole sheets, passwords included (uploads, working copies, the copy a
 * run keeps, reports), so they are private to the user: files 0600, folders 0700, whatever the
 * umask. The scratch files of a launch (uploads, working copies, exports) live in a folder named
 * after the process that made them, removed when the session closes, and at the next start when
 * that process is gone (a crash, a kill).
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { chmod, mkdir, open, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';

export const PRIVATE_FILE = 0o600;
export const PRIVATE_DIR = 0o700;

/** Creates `path` (and missing parents) as a private folder; an existing one is made private. */
export async function privateDir(path: string): Promise<void> {
  await mkdir(path, { recursive: true, mode: PRIVATE_DIR });
  await chmod(path, PRIVATE_DIR);
}

/**
 * Writes `data` to `path` as a private file. The mode is set on the open file before any byte is
 * written, so a file that existed with a wider mode is narrowed first, not after.
 */
export async function writePrivate(path: string, data: string | Uint8Array): Promise<void> {
  const handle = await open(path, 'w', PRIVATE_FILE);
  try {
    await handle.chmod(PRIVATE_FILE);
    await handle.writeFile(data);
  } finally {
    await handle.close();
  }
}

/**
 * Copies `from` to `to` as a private file (copyFile would give it the source's mode). A copy onto
 * itself (a retry of a reopened run runs the run's own copy) only narrows the mode.
 */
export async function copyPrivate(from: string, to: string): Promise<void> {
  const [source, target] = await Promise.all([stat(from), stat(to).catch(() => undefined)]);
  if (target && target.dev === source.dev && target.ino === source.ino) return chmod(to, PRIVATE_FILE);
  const handle = await open(to, 'w', PRIVATE_FILE);
  try {
    await handle.chmod(PRIVATE_FILE);
  } finally {
    await handle.close();
  }
  await pipeline(createReadStream(from), createWriteStream(to, { flags: 'r+' }));
}

/** True while a process with this id runs (EPERM: it runs, as another user). */
export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** This process's scratch folder under `root` (`root/<pid>`), created private. */
export async function scratchDir(root: string): Promise<string> {
  const dir = join(root, String(process.pid));
  await privateDir(dir);
  return dir;
}

/**
 * Removes the scratch folders under `root` whose process is gone: what a crashed or killed
 * launch left (working copies, uploads and exports hold the whole sheet in plain text).
 */
export async function removeStaleScratch(root: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(root);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = Number(name);
    if (/^\d+$/.test(name) && pid !== process.pid && !processAlive(pid)) {
      await rm(join(root, name), { recursive: true, force: true });
    }
  }
}

/** The file an earlier version's browser-mode work folder named its process in. */
const OWNER_FILE = 'owner.pid';

/** A work folder without an owner file is an older version's, or one being created: this old is stale. */
const UNOWNED_STALE_MS = 60 * 60 * 1000;

/**
 * Removes the work folders `prefix*` under `parent` (browser mode's temp folders) whose process
 * is gone: a crashed `pbx-bulk ui` left its uploads, working copies, exports and runs there.
 */
export async function removeStaleWorkDirs(parent: string, prefix: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(parent);
  } catch {
    return;
  }
  const uid = process.getuid?.();
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const dir = join(parent, name);
    try {
      const info = await stat(dir);
      if (!info.isDirectory() || (uid !== undefined && info.uid !== uid)) continue;
      const owner = await readOwner(dir);
      const stale = owner === undefined ? Date.now() - info.mtimeMs > UNOWNED_STALE_MS : !processAlive(owner);
      if (stale && owner !== process.pid) await rm(dir, { recursive: true, force: true });
    } catch {
      // Gone meanwhile, or not ours to read: leave it.
    }
  }
}

async function readOwner(dir: string): Promise<number | undefined> {
  try {
    const handle = await open(join(dir, OWNER_FILE), 'r');
    try {
      return Number((await handle.readFile('utf8')).trim());
    } finally {
      await handle.close();
    }
  } catch {
    return undefined;
  }
}
