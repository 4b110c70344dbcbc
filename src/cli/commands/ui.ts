/**
 * `pbx-bulk ui [--port P] [--no-open]`: serves the app on 127.0.0.1 for machines without a
 * desktop, prints a link and opens the browser unless CI or --no-open.
 *
 * Links carry one-time codes, never the session secret (server/security.ts): the browser opener
 * gets a code of its own that is dead once the browser has used it (or after OPENER_LIFETIME_MS),
 * since its command line is readable by every local user in `ps`. The printed link has another
 * code, for a browser the user opens by hand; when it has been used, a fresh one is printed.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createUiRuntime } from '../../app/create-session.ts';
import type { Sandbox } from '../../sandbox/server.ts';
import { ensureRenderer } from '../../server/renderer-build.ts';
import { startUiServer, type UiServer } from '../../server/server.ts';
import { EXIT, type CliIo } from '../io.ts';

export const RENDERER_DIR = fileURLToPath(new URL('../../../dist/renderer', import.meta.url));
const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

const HELP = `usage: pbx-bulk ui [--port P] [--no-open]

Serves the app on http://127.0.0.1 only and opens it in the browser. The printed link opens the
app once (in one browser); when it has been used, a new one is printed for another browser.
With no credentials in the environment the target is the local SANDBOX.

The first start after \`npm ci\` (or after the app's sources changed) builds the screens into
dist/renderer, a few seconds. Runs, their journals and Recent runs are kept in ~/.pbx-bulk/ui
(PBX_BULK_HOME moves it), with the sandbox's state when the target is the sandbox.
`;

/** How long the browser opener's code lives unused (a browser that is slow to start included). */
export const OPENER_LIFETIME_MS = 120_000;

/** Starts a program detached (the browser opener); tests pass their own to see its argv. */
export type Spawner = (command: string, args: string[]) => void;

/** What `run` takes from outside, for tests: the spawner, and when to stop (default SIGINT/SIGTERM). */
export interface UiDeps {
  spawn?: Spawner;
  stop?: Promise<void>;
  staticDir?: string;
}

export interface UiOptions {
  port: number;
  open: boolean;
}

export function parseUiArgs(args: string[]): UiOptions | string {
  const opts: UiOptions = { port: 0, open: true };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--no-open') opts.open = false;
    else if (a === '--port' || a?.startsWith('--port=')) {
      const v = a === '--port' ? args[++i] : a.slice('--port='.length);
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0 || n > 65535)
        return `--port takes a number from 0 to 65535, not '${v ?? ''}'.`;
      opts.port = n;
    } else return `unknown option '${a ?? ''}'.`;
  }
  return opts;
}

/** Starts the runtime and the server; returns both so tests can drive them in-process. */
export async function startUi(opts: {
  port: number;
  env: CliIo['env'];
  staticDir?: string;
  onLinkUsed?: (link: string) => void;
}): Promise<{
  server: UiServer;
  close: () => Promise<void>;
  sandbox: boolean;
  /** The sandbox this launch started (tests inject faults through it). */
  sandboxServer?: Sandbox;
}> {
  const runtime = await createUiRuntime({ env: opts.env });
  const server = await startUiServer({
    session: runtime.session,
    staticDir: opts.staticDir ?? RENDERER_DIR,
    port: opts.port,
    ...(opts.onLinkUsed && { onLinkUsed: opts.onLinkUsed }),
  });
  return {
    server,
    sandbox: runtime.target.sandbox,
    ...(runtime.sandbox ? { sandboxServer: runtime.sandbox } : {}),
    close: async () => {
      await server.close();
      await runtime.close();
    },
  };
}

function spawnDetached(command: string, args: string[]): void {
  const child = spawn(command, args, { stdio: 'ignore', detached: true });
  child.on('error', () => undefined);
  child.unref();
}

/** Opens `link` in the user's browser. The link's code is the opener's own (see the file comment). */
function openBrowser(link: string, spawner: Spawner): void {
  const cmd = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  spawner(cmd, [link]);
}

export async function run(args: string[], io: CliIo, deps: UiDeps = {}): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout.write(HELP);
    return EXIT.ok;
  }
  const opts = parseUiArgs(args);
  if (typeof opts === 'string') {
    io.stderr.write(`pbx-bulk ui: ${opts}\n\n${HELP}`);
    return EXIT.unusable;
  }
  const staticDir = deps.staticDir ?? RENDERER_DIR;
  try {
    await ensureRenderer({ root: ROOT, outDir: staticDir, log: (line) => io.stdout.write(`${line}\n`) });
  } catch (error) {
    io.stderr.write(`pbx-bulk ui: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT.unusable;
  }
  let printed = '';
  const ui = await startUi({
    port: opts.port,
    env: io.env,
    staticDir,
    onLinkUsed: (used) => {
      if (used !== printed) return;
      printed = ui.server.link();
      io.stdout.write(`That link has been used. Another browser can open: ${printed}\n`);
    },
  });
  printed = ui.server.link();
  io.stdout.write(
    `PBX Bulk Import is running${ui.sandbox ? ' against the SANDBOX (no credentials set)' : ''}.\n`,
  );
  io.stdout.write(
    `Open: ${printed}\n(loopback only; the link opens the app once, in one browser. Ctrl+C stops.)\n`,
  );
  if (opts.open && !io.env['CI'])
    openBrowser(ui.server.link(OPENER_LIFETIME_MS), deps.spawn ?? spawnDetached);
  await (deps.stop ??
    new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    }));
  await ui.close();
  return EXIT.ok;
}
