/**
 * Builds a UI session with its targets: live systems from the environment, or, with no
 * credentials at all, a sandbox started on a free loopback port (PRODUCT.md, Interfaces).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveTargets, sandboxTargets } from '../api/targets.ts';
import { startSandbox, type Sandbox } from '../sandbox/server.ts';
import { defaultPorts } from './default-ports.ts';
import { LIVE_TARGET_ID } from './live-credentials.ts';
import type { SessionPorts } from './ports.ts';
import { claimWorkDir, privateDir, removeStaleWorkDirs } from './private-files.ts';
import { Session } from './session.ts';
import type { TargetConfig } from './targets.ts';

export interface UiRuntime {
  session: Session;
  target: TargetConfig;
  /** The sandbox this runtime started, when it is the target. */
  sandbox?: Sandbox;
  close(): Promise<void>;
}

export interface UiRuntimeOptions {
  env: Readonly<Record<string, string | undefined>>;
  /** Kept across launches (Electron userData); otherwise a temp dir removed on close. */
  workDir?: string;
  ports?: SessionPorts;
  /** Electron keeps saved credentials with safeStorage; browser mode only in memory. */
  credentialStore?: 'keychain' | 'session';
}

/** Browser mode's work folders in the temp folder: `pbx-bulk-ui-XXXXXX`. */
export const WORK_DIR_PREFIX = 'pbx-bulk-ui-';

/** Resolves the target (starting the sandbox if needed) and creates the session. */
export async function createUiRuntime(opts: UiRuntimeOptions): Promise<UiRuntime> {
  const targets = resolveTargets(opts.env);
  let sandbox: Sandbox | undefined;
  let target: TargetConfig;
  if (targets.kind === 'sandbox') {
    sandbox = await startSandbox({ port: 0 });
    target = {
      id: 'sandbox',
      label: 'Sandbox (local simulator)',
      sandbox: true,
      live: sandboxTargets(sandbox),
    };
  } else {
    target = { id: LIVE_TARGET_ID, label: 'Live (from environment)', sandbox: false, live: targets };
  }
  const ownDir = opts.workDir === undefined;
  // A crashed browser-mode launch left its temp folder (the sheet in plain text): gone now.
  if (ownDir) await removeStaleWorkDirs(tmpdir(), WORK_DIR_PREFIX);
  const workDir = opts.workDir ?? (await mkdtemp(join(tmpdir(), WORK_DIR_PREFIX)));
  if (ownDir) await claimWorkDir(workDir);
  else await privateDir(workDir);
  const session = new Session({
    ports: opts.ports ?? (await loadPorts()),
    workDir,
    targets: [target],
    credentialStore: opts.credentialStore ?? 'session',
  });
  return {
    session,
    target,
    ...(sandbox ? { sandbox } : {}),
    close: async () => {
      await session.close();
      await sandbox?.close();
      if (ownDir) await rm(workDir, { recursive: true, force: true });
    },
  };
}

/** The real ports, with plan/run when the engine module is present in this build. */
async function loadPorts(): Promise<SessionPorts> {
  const { enginePort } = await import('./engine-port.ts');
  return defaultPorts(enginePort());
}
