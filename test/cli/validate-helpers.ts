// What both halves of the \`pbx-bulk validate\` tests share (validate.test.ts: exit codes and bad
// input; validate-reports.test.ts: --report): the sample, the bad-input corpus, and one call.
import { join } from 'node:path';
import { main } from '../../src/cli/main.ts';
import { captureIo } from '../helpers/cli.ts';

export const ROOT = join(import.meta.dirname, '..', '..');
export const SAMPLE = join(ROOT, 'templates', 'sample.xlsx');
export const bad = (name: string): string => join(ROOT, 'test', 'fixtures', 'bad', name);
/** The sample's example admin password: a report must never contain it. */
export const SAMPLE_PASSWORD = 'Sandbox-Pass7x9q';

/** Runs \`pbx-bulk validate ARGS\` in-process with \`cwd\` as the working folder. */
export async function validateIn(
  cwd: string,
  args: string[],
): Promise<{ code: number; out: string; err: string }> {
  const io = captureIo({ cwd });
  const code = await main(['validate', ...args], io);
  return { code, out: io.out(), err: io.err() };
}
