/** The streams and environment a CLI command uses; tests pass their own. */
export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** True when stderr is an interactive terminal (progress lines are shown only then). */
  isTty: boolean;
}

export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    isTty: Boolean(process.stderr.isTTY),
  };
}

/** Exit codes (PRODUCT.md, Interfaces). */
export const EXIT = { ok: 0, rowsFailed: 1, unusable: 2, stopped: 3 } as const;

export type CliCommand = (args: string[], io: CliIo) => Promise<number>;
