/**
 * Checks, before any work starts, that a file a command will write (a report, a journal) can go
 * where it was asked to, and is not the file being read: a report written over the input would
 * replace the user's sheet (its passwords masked), a journal appended to it would damage it.
 */
import { stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { sameFile } from '../core/util/same-file.ts';

/** Why `out` cannot be written by a command reading `input`, or undefined when it can. */
export async function outputProblem(what: string, out: string, input: string): Promise<string | undefined> {
  if (await sameFile(out, input)) {
    return `${what} ${out} is the file being read; give the ${what.replace(/^the /, '')} another name.`;
  }
  const target = await stat(out).catch(() => undefined);
  if (target?.isDirectory()) return `${what} ${out} is a folder; give a file name.`;
  const folder = await stat(dirname(out)).catch(() => undefined);
  if (!folder) return `Cannot write ${what} ${out}: the folder ${dirname(out)} does not exist.`;
  if (!folder.isDirectory()) return `Cannot write ${what} ${out}: ${dirname(out)} is not a folder.`;
  return undefined;
}
