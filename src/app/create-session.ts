/**
 * Builds a UI session with its targets: live systems from the environment, or, with no
 * credentials at all, a sandbox started on a free loopback port (PRODUCT.md, Interfaces).
 *
 * Browser mode keeps its runs (journals, the copy each run ran, reports, Recent runs) and its
 * sandbox's state in the tool's home, `~/.pbx-bulk/ui` (`PBX_BULK_HOME` moves it), so a relaunch
 * finds them; only a launch's scratch files (uploads, working copies, exports) go when it stops.
 */
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveTargets, sandboxTargets } from '../api/targets.ts';
import { startSandbox, type Sandbox } from '../sandbox/server.ts';
import { defaultPorts } from './default-ports.ts';
import { LIVE_TARGET_ID } from './live-credentials.ts';
import type { SessionPorts } from './ports.ts';
import { privateDir, removeStaleWorkDirs } from './private-files.ts';
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
  /** Where runs are kept across launches: Electron's userData; browser mode's is uiHome(env). */
  workDir?: string;
  ports?: SessionPorts;
  /** Electron keeps saved credentials with safeStorage; browser mode only in memory. */
  credentialStore?: 'keychain' | 'session';
}

/** The work folders earlier versions of browser mode made in the temp folder: `pbx-bulk-ui-XXXXXX`. */
export const WORK_DIR_PREFIX = 'pbx-bulk-ui-';

/** The tool's home (PBX_BULK_HOME, else ~/.pbx-bulk), as the CLI's. */
export function toolHome(env: UiRuntimeOptions['env']): string {
  return env['PBX_BULK_HOME'] || join(homedir(), '.pbx-bulk');
}

/** Browser mode's folder in the tool's home: its runs, Recent runs and sandbox state. */
export function uiHome(env: UiRuntimeOptions['env']): string {
  return join(toolHome(env), 'ui');
}

/** Resolves the target (starting the sandbox if needed) and creates the session. */
export async function createUiRuntime(opts: UiRuntimeOptions): Promise<UiRuntime> {
  const targets = resolveTargets(opts.env);
  let sandbox: Sandbox | undefined;
  let target: TargetConfig;
  const ownDir = opts.workDir === undefined;
  const workDir = opts.workDir ?? uiHome(opts.env);
  await privateDir(workDir);
  if (targets.kind === 'sandbox') {
    // Browser mode's sandbox remembers what its runs created, as its Recent runs do.
    sandbox = await startSandbox({
      port: 0,
      ...(ownDir && { stateFile: join(workDir, 'sandbox-state.json') }),
    });
    target = {
      id: 'sandbox',
      label: 'Sandbox (local simulator)',
      sandbox: true,
      live: sandboxTargets(sandbox),
    };
  } else {
    target = { id: LIVE_TARGET_ID, label: 'Live (from environment)', sandbox: false, live: targets };
  }
  // An earlier version's crashed browser-mode launch left a temp folder (the sheet in plain text).
  if (ownDir) await removeStaleWorkDirs(tmpdir(), WORK_DIR_PREFIX);
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
    },
  };
}

/** The real ports, with plan/run when the engine module is present in this build. */
async function loadPorts(): Promise<SessionPorts> {
  const { enginePort } = await import('./engine-port.ts');
  return defaultPorts(enginePort());
}
