/**
 * The start every file command shares: parse the flags, answer `--help`, and insist on exactly one
 * operand (FILE or JOURNAL), printing the usage to stderr otherwise.
 */
import { helpText, parseArgs, type FlagSpec, type ParsedArgs } from './args.ts';
import { EXIT, type CliIo } from './io.ts';

/** The parsed arguments, or the exit code when help or a usage error was printed. */
export function parseWithOperand(
  command: string,
  argv: readonly string[],
  flags: Readonly<Record<string, FlagSpec>>,
  usage: string,
  operand: 'FILE' | 'JOURNAL',
  io: CliIo,
): ParsedArgs | number {
  const parsed = parseArgs(argv, flags);
  if (parsed.ok && parsed.args.flags['help']) {
    io.stdout.write(helpText(usage, flags));
    return EXIT.ok;
  }
  const empty = parsed.ok && Object.entries(parsed.args.flags).find(([, v]) => v === '');
  if (!parsed.ok || parsed.args.positional.length !== 1 || parsed.args.positional[0] === '' || empty) {
    const problem = !parsed.ok
      ? parsed.error
      : empty
        ? `option '--${empty[0]}' needs a value, not an empty one`
        : `give exactly one ${operand}`;
    io.stderr.write(`pbx-bulk ${command}: ${problem}\n\n${helpText(usage, flags)}`);
    return EXIT.unusable;
  }
  return parsed.args;
}
