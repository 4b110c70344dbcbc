/**
 * Which systems plan/run/resume talk to. With no credentials in the environment the target is the
 * in-process sandbox (PRODUCT.md, Targets), said loudly on every screen of output; its state is
 * kept in a file so `resume` and a second `run` see what the first one created.
 */
import { mkdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  accountKeys,
  createClients,
  resolveTargets,
  sandboxTargets,
  targetIdentity,
  type ClientOptions,
  type Clients,
} from '../api/index.ts';
import { startSandbox } from '../sandbox/server.ts';
import type { CliIo } from './io.ts';

export interface Connection {
  clients: Clients;
  /** "SANDBOX (in-process simulator)" or the live hosts. */
  label: string;
  /** The accounts a run writes to, for the per-account run lock. */
  accountKeys: string[];
  sandbox: boolean;
  close(): Promise<void>;
}

/** The tool's home: sandbox state and account locks (PBX_BULK_HOME overrides ~/.pbx-bulk). */
export function toolHome(io: CliIo): string {
  return io.env['PBX_BULK_HOME'] ?? join(homedir(), '.pbx-bulk');
}

/** Where the CLI keeps its sandbox state. */
export function sandboxStateFile(io: CliIo): string {
  return join(toolHome(io), 'sandbox-state.json');
}

/** Connects to the configured targets, or starts the sandbox. Throws TargetConfigError on bad config. */
export async function connect(io: CliIo, options: ClientOptions = {}): Promise<Connection> {
  const targets = resolveTargets(io.env);
  if (targets.kind === 'sandbox') {
    const stateFile = sandboxStateFile(io);
    await mkdir(dirname(stateFile), { recursive: true });
    const sandbox = await startSandbox({ port: 0, stateFile });
    io.stderr.write(
      `*** SANDBOX: no credentials configured (YCM_CLIENT_ID...), so this runs against the local simulator.\n*** Nothing real is created or ordered. Sandbox state: ${stateFile}\n`,
    );
    return {
      clients: createClients(sandboxTargets(sandbox), options),
      label: 'SANDBOX (local simulator)',
      accountKeys: [`sandbox ${stateFile}`],
      sandbox: true,
      close: () => sandbox.close(),
    };
  }
  return {
    clients: createClients(targets, options),
    label: targetIdentity(targets),
    accountKeys: accountKeys(targets),
    sandbox: false,
    close: async () => undefined,
  };
}

/** Parses `--rate BURST/RATE/SECONDS` (YCM's token bucket, FACTS 1.4). */
export function parseRate(
  text: string,
): { burst: number; rate: number; intervalSeconds: number } | undefined {
  const m = /^(\d+)\/(\d+)\/(\d+(?:\.\d+)?)$/.exec(text.trim());
  if (!m) return undefined;
  const [burst, rate, intervalSeconds] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (burst < 1 || rate < 1 || rate > burst || intervalSeconds <= 0) return undefined;
  return { burst, rate, intervalSeconds };
}
