import { createInterface } from 'node:readline/promises';
/** The streams and environment a CLI command uses; tests pass their own. */
export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** True when stderr is an interactive terminal (progress lines are shown only then). */
  isTty: boolean;
  /** Asks the user a question on the terminal; absent when stdin is not interactive. */
  ask?: (question: string) => Promise<string>;
}

export function processIo(): CliIo {
  // Output that cannot be written (piped into a reader that stops early, `| head`; redirected to a
  // full disk) is dropped, and the command still finishes: its report, journal and exit code do
  // not depend on the terminal. Throwing here would end the process with a stack trace and exit 1
  // ("some rows invalid") before the report is written.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', () => undefined);
  }
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    isTty: Boolean(process.stderr.isTTY),
    ...(process.stdin.isTTY && { ask: askOnTerminal }),
  };
}

/** Exit codes (PRODUCT.md, Interfaces). */
export const EXIT = { ok: 0, rowsFailed: 1, unusable: 2, stopped: 3 } as const;

export type CliCommand = (args: string[], io: CliIo) => Promise<number>;

async function askOnTerminal(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return await rl.question(question);
  } finally {
    rl.close();
  }
}
