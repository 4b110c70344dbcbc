/**
 * Whether two paths name one file: the same path once resolved, or, when both exist, the same file
 * on disk (a symlink or hard link to it, another spelling of it on a case-insensitive disk).
 */
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';

export async function sameFile(a: string, b: string): Promise<boolean> {
  if (resolve(a) === resolve(b)) return true;
  try {
    // bigint: Windows file indexes do not fit a double.
    const [x, y] = await Promise.all([stat(a, { bigint: true }), stat(b, { bigint: true })]);
    return x.dev === y.dev && x.ino === y.ino && x.ino !== 0n;
  } catch {
    return false; // one of them does not exist (yet): not the same file
  }
}
