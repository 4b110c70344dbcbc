/**
 * Runs a bench task in a fresh child process (so every figure starts from an empty heap and its
 * peak RSS is its own) and reads back the JSON line it prints. Repeats and takes the median time
 * and the maximum peak RSS.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { TaskName } from './task.ts';

export interface TaskFigures {
  /** Median wall time over the repeats, in milliseconds. */
  ms: number;
  /** Median CPU time (user + system) over the repeats, in milliseconds. */
  cpuMs: number;
  /** Largest peak resident set over the repeats, in MB. */
  maxRssMb: number;
  /** Data rows the task read. */
  rows: number;
  /** Every repeat's time, for the record. */
  runsMs: number[];
}

interface TaskOutput {
  ms: number;
  cpuMs: number;
  maxRssMb: number;
  rows: number;
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));

function isOutput(value: unknown): value is TaskOutput {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v['ms'] === 'number' &&
    typeof v['cpuMs'] === 'number' &&
    typeof v['maxRssMb'] === 'number' &&
    typeof v['rows'] === 'number'
  );
}

/** Runs `task` over `file` once in a child process. Rejects with the child's stderr on failure. */
export function runTaskOnce(task: TaskName, file: string): Promise<TaskOutput> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/run-ts.mjs', 'bench/task.ts', task, file], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const line = stdout.trim().split('\n').pop() ?? '';
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch {
        parsed = undefined;
      }
      if (code === 0 && isOutput(parsed)) resolve(parsed);
      else reject(new Error(`bench task ${task} on ${file} failed (exit ${code}): ${stderr.slice(-2000)}`));
    });
  });
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** Runs `task` `repeats` times, each in its own process: median time, max peak RSS. */
export async function measureTask(task: TaskName, file: string, repeats = 3): Promise<TaskFigures> {
  const runs: TaskOutput[] = [];
  for (let i = 0; i < repeats; i++) runs.push(await runTaskOnce(task, file));
  const rows = runs[0]?.rows ?? 0;
  if (runs.some((r) => r.rows !== rows))
    throw new Error(`bench task ${task} read a different row count between runs`);
  return {
    ms: median(runs.map((r) => r.ms)),
    cpuMs: median(runs.map((r) => r.cpuMs)),
    maxRssMb: Math.max(...runs.map((r) => r.maxRssMb)),
    rows,
    runsMs: runs.map((r) => Math.round(r.ms)),
  };
}
