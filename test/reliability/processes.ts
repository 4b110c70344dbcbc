/**
 * Child processes for the crash suite: the standalone sandbox (`pbx-bulk sandbox --state`) and the
 * CLI `run`/`resume`, which can be SIGKILLed once its journal holds a given number of entries.
 * Real processes, real files, real loopback HTTP: nothing is mocked.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BIN = `${ROOT}bin/pbx-bulk.mjs`;

export interface SandboxProcess {
  url: string;
  port: number;
  child: ChildProcess;
  /** SIGKILL, no goodbye: the state file is whatever the last atomic write left. */
  kill(): Promise<void>;
  /** SIGTERM and wait. */
  stop(): Promise<void>;
}

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/** Starts `pbx-bulk sandbox` on the port (0 = free) with the state file; resolves once it listens. */
export function startSandboxProcess(
  stateFile: string,
  port = 0,
  extra: string[] = [],
): Promise<SandboxProcess> {
  const child = spawn(
    process.execPath,
    [BIN, 'sandbox', '--port', String(port), '--state', stateFile, ...extra],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr?.on('data', (c: Buffer) => (err += c.toString()));
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /Sandbox listening on (http:\/\/127\.0\.0\.1:(\d+))/.exec(out);
      if (m?.[1] && m[2]) {
        const url = m[1];
        resolve({
          url,
          port: Number(m[2]),
          child,
          kill: async () => {
            child.kill('SIGKILL');
            await exited(child);
          },
          stop: async () => {
            child.kill('SIGTERM');
            await exited(child);
          },
        });
      }
    });
    child.once('exit', (code) => reject(new Error(`sandbox exited ${code}: ${err}`)));
  });
}

/** The environment that points the CLI at a sandbox as if it were a live target (http on loopback). */
export function targetEnv(url: string, home: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env['PATH'] ?? '',
    HOME: home,
    PBX_BULK_HOME: home,
    YCM_BASE_URL: url,
    YCM_CLIENT_ID: 'sandbox-ycm-client',
    YCM_CLIENT_SECRET: 'sandbox-ycm-secret',
    PP_BASE_URL: url,
    PP_CLIENT_ID: 'sandbox-pp-client',
    PP_CLIENT_SECRET: 'sandbox-pp-secret',
    MYREPORTS_BASE_URL: `${url}/api`,
    MYREPORTS_TOKEN: 'sandbox-myreports-token',
    MYREPORTS_ACCOUNT_ID: '0c9d8e7f-1a2b-4c3d-8e9f-001122334455',
  };
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Journal entries seen when the kill was sent. */
  killedAt?: number;
}

export interface CliOptions {
  env: NodeJS.ProcessEnv;
  /** SIGKILL once the journal holds at least this many lines. */
  killAtEntries?: number;
  journal?: string;
  /** Called while the child runs, with the journal's line count (e.g. to kill the sandbox). */
  onEntries?: (entries: number) => void;
}

/** Lines in a file (0 when missing); cheap enough to poll every few ms for a journal. */
export function lineCount(file: string): number {
  if (!existsSync(file)) return 0;
  const text = readFileSync(file);
  let n = 0;
  for (const b of text) if (b === 10) n++;
  return n;
}

/** Runs `pbx-bulk ARGS` as a child process, optionally killing it at a journal position. */
export function runCli(args: string[], options: CliOptions): Promise<CliResult> {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  let killedAt: number | undefined;
  let timer: NodeJS.Timeout | undefined;
  if (options.journal && (options.killAtEntries !== undefined || options.onEntries)) {
    const journal = options.journal;
    timer = setInterval(() => {
      const n = lineCount(journal);
      options.onEntries?.(n);
      if (options.killAtEntries !== undefined && killedAt === undefined && n >= options.killAtEntries) {
        killedAt = n;
        child.kill('SIGKILL');
      }
    }, 3);
  }
  return new Promise((resolve) => {
    child.once('close', (code, signal) => {
      if (timer) clearInterval(timer);
      resolve({ code, signal, stdout, stderr, ...(killedAt !== undefined && { killedAt }) });
    });
  });
}

/** A small seeded PRNG (mulberry32), so every trial's kill point is reproducible from the seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
