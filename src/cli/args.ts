/**
 * A small, strict flag parser for the CLI commands: known flags only, `--flag value` or
 * `--flag=value`, booleans without values; usage errors are returned as text, never thrown.
 */
export interface FlagSpec {
  type: 'string' | 'boolean';
  /** One-line help shown by --help. */
  help: string;
}

export interface ParsedArgs {
  positional: string[];
  flags: Record<string, string | boolean>;
}

export type ParseResult = { ok: true; args: ParsedArgs } | { ok: false; error: string };

/** Parses `argv` against `spec`; `--help` (or `-h`) is always accepted. */
export function parseArgs(argv: readonly string[], spec: Readonly<Record<string, FlagSpec>>): ParseResult {
  const positional: string[] = [];
  const flags: Record<string, string | boolean> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (arg === '-h') {
      flags['help'] = true;
      continue;
    }
    if (!arg.startsWith('--') || arg === '--') {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    if (name === 'help') {
      flags['help'] = true;
      continue;
    }
    const flag = spec[name];
    if (!flag) return { ok: false, error: `unknown option '--${name}'` };
    if (flag.type === 'boolean') {
      if (eq !== -1) return { ok: false, error: `option '--${name}' takes no value` };
      flags[name] = true;
      continue;
    }
    const value = eq === -1 ? argv[++i] : arg.slice(eq + 1);
    if (value === undefined || (eq === -1 && value.startsWith('--'))) {
      return { ok: false, error: `option '--${name}' needs a value` };
    }
    flags[name] = value;
  }
  return { ok: true, args: { positional, flags } };
}

/** The help text of a command: its usage line and one line per flag. */
export function helpText(usage: string, spec: Readonly<Record<string, FlagSpec>>): string {
  const lines = Object.entries(spec).map(
    ([name, f]) => `  --${(name + (f.type === 'string' ? ' VALUE' : '')).padEnd(22)} ${f.help}`,
  );
  return `usage: ${usage}\n\noptions:\n${lines.join('\n')}\n`;
}

/** A string flag, or undefined. */
export function stringFlag(args: ParsedArgs, name: string): string | undefined {
  const v = args.flags[name];
  return typeof v === 'string' ? v : undefined;
}
