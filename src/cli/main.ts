/**
 * `pbx-bulk` entry point: dispatches to one module per command. Each command module lives in
 * src/cli/commands/<name>.ts and exports `run(args, io)`; they are loaded lazily so `validate`
 * never pays for the sandbox or the UI server.
 */
import { EXIT, processIo, type CliCommand, type CliIo } from './io.ts';

const COMMANDS: Record<string, { summary: string; load: () => Promise<{ run: CliCommand }> }> = {
  template: {
    summary: 'write a blank workbook or CSV template',
    load: () => import('./commands/template.ts'),
  },
  validate: {
    summary: 'check a sheet offline, write a report',
    load: () => import('./commands/validate.ts'),
  },
  plan: {
    summary: 'online dry run: resolve names, check quotas, show calls',
    load: () => import('./commands/plan.ts'),
  },
  run: {
    summary: 'create PBXs, bind DIDs, expand, add MyReports profiles',
    load: () => import('./commands/run.ts'),
  },
  resume: { summary: 'continue a run from its journal', load: () => import('./commands/resume.ts') },
  export: {
    summary: "write the account's Cloud PBXs and DID bindings as a sheet",
    load: () => import('./commands/export.ts'),
  },
  reconcile: {
    summary: 'compare a sheet with what the account holds',
    load: () => import('./commands/reconcile.ts'),
  },
  retry: {
    summary: 'run a result report again, secrets from the original',
    load: () => import('./commands/retry.ts'),
  },
  lookup: {
    summary: "list the target's regions, trunks, DIDs...",
    load: () => import('./commands/lookup.ts'),
  },
  sandbox: {
    summary: 'start the local simulator of the three APIs',
    load: () => import('./commands/sandbox.ts'),
  },
  ui: { summary: 'serve the app in a browser on 127.0.0.1', load: () => import('./commands/ui.ts') },
};

export function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`);
  return `usage: pbx-bulk <command> [options]\n\ncommands:\n${lines.join('\n')}\n\nRun 'pbx-bulk <command> --help' for a command's options.\n`;
}

/** Runs the CLI and returns the exit code (0 ok, 1 rows invalid/failed, 2 unusable input, 3 stopped). */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const [name, ...rest] = argv;
  // `pbx-bulk help validate` is `pbx-bulk validate --help`.
  if (name === 'help' && rest[0] !== undefined) return main([rest[0], '--help'], io);
  if (!name) {
    io.stderr.write(usage());
    return EXIT.unusable;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(usage());
    return EXIT.ok;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr.write(`pbx-bulk: unknown command '${name}'.\n\n${usage()}`);
    return EXIT.unusable;
  }
  const mod = await command.load();
  return mod.run(rest, io);
}
