/**
 * `pbx-bulk ui [--port P] [--no-open]`: serves the app on 127.0.0.1 for machines without a
 * desktop, prints the URL (with its per-launch secret) and opens the browser unless CI or --no-open.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createUiRuntime } from '../../app/create-session.ts';
import type { Sandbox } from '../../sandbox/server.ts';
import { startUiServer, type UiServer } from '../../server/server.ts';
import { EXIT, type CliIo } from '../io.ts';

export const RENDERER_DIR = fileURLToPath(new URL('../../../dist/renderer', import.meta.url));

const HELP = `usage: pbx-bulk ui [--port P] [--no-open]

Serves the app on http://127.0.0.1 only. Open the printed URL: it carries a secret for this launch.
With no credentials in the environment the target is the local SANDBOX.
`;

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
export async function startUi(opts: { port: number; env: CliIo['env']; staticDir?: string }): Promise<{
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

function openBrowser(url: string): void {
  const cmd = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  const child = spawn(cmd, [url], { stdio: 'ignore', detached: true });
  child.on('error', () => undefined);
  child.unref();
}

export async function run(args: string[], io: CliIo): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout.write(HELP);
    return EXIT.ok;
  }
  const opts = parseUiArgs(args);
  if (typeof opts === 'string') {
    io.stderr.write(`pbx-bulk ui: ${opts}\n\n${HELP}`);
    return EXIT.unusable;
  }
  const ui = await startUi({ port: opts.port, env: io.env });
  io.stdout.write(
    `PBX Bulk Import is running${ui.sandbox ? ' against the SANDBOX (no credentials set)' : ''}.\n`,
  );
  io.stdout.write(
    `Open: ${ui.server.url}\n(loopback only; the link carries this launch's secret. Ctrl+C stops.)\n`,
  );
  if (opts.open && !io.env['CI']) openBrowser(ui.server.url);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await ui.close();
  return EXIT.ok;
}
