/**
 * Runs probe-input.ts on a file in a fresh process (so the peak RSS is this file's alone) and
 * returns what it printed.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { ProbeResult } from './probe-input.ts';
import { ROOT } from './processes.ts';

export type { ProbeResult };

/** @param change `replace:OTHER` or `truncate:BYTES`, done while the file is read (probe-input.ts) */
export function probeFile(file: string, change?: string): ProbeResult {
  const r = spawnSync(
    process.execPath,
    [
      join(ROOT, 'bin/run-ts.mjs'),
      join(ROOT, 'test/reliability/probe-input.ts'),
      file,
      ...(change ? [change] : []),
    ],
    { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 30 },
  );
  if (r.status !== 0) throw new Error(`probe exited ${r.status ?? r.signal}: ${r.stderr.slice(-500)}`);
  return JSON.parse(r.stdout) as ProbeResult;
}
