/**
 * `pbx-bulk template --out FILE [--kind pbx|did|expansion|myreports] [--sample]`: a blank template
 * (an .xlsx with every kind, or one kind; a .csv holds one kind) generated from the schemas.
 */
import { existsSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { terminalSafe } from '../../core/util/cell-safety.ts';
import { SHEET_KINDS, type SheetKind } from '../../shared/types.ts';
import { EXAMPLE_ROWS, SAMPLE_ROWS } from '../../core/templates/sample-rows.ts';
import { writeTemplate } from '../../core/templates/make-template.ts';
import { helpText, parseArgs, stringFlag, type FlagSpec } from '../args.ts';
import { reportFailure } from '../fail.ts';
import { EXIT, type CliIo } from '../io.ts';

const USAGE = 'pbx-bulk template --out FILE [--kind KIND] [--sample] [--force]';
const FLAGS: Record<string, FlagSpec> = {
  out: { type: 'string', help: 'file to write: .xlsx (every kind, or --kind) or .csv (needs --kind)' },
  kind: { type: 'string', help: `only this kind: ${SHEET_KINDS.join(', ')}` },
  sample: {
    type: 'boolean',
    help: 'fill in the sample rows (with deliberate mistakes) instead of one example',
  },
  force: { type: 'boolean', help: 'replace FILE if it exists (by default an existing file is kept)' },
};

export async function run(argv: string[], io: CliIo): Promise<number> {
  const parsed = parseArgs(argv, FLAGS);
  if (!parsed.ok) {
    io.stderr.write(`pbx-bulk template: ${parsed.error}\n\n${helpText(USAGE, FLAGS)}`);
    return EXIT.unusable;
  }
  if (parsed.args.flags['help']) {
    io.stdout.write(helpText(USAGE, FLAGS));
    return EXIT.ok;
  }
  const out = stringFlag(parsed.args, 'out') ?? parsed.args.positional[0];
  if (parsed.args.positional.length > (stringFlag(parsed.args, 'out') === undefined ? 1 : 0)) {
    io.stderr.write(`pbx-bulk template: give one file, with --out FILE\n\n${helpText(USAGE, FLAGS)}`);
    return EXIT.unusable;
  }
  const kind = stringFlag(parsed.args, 'kind');
  const ext = out ? extname(out).toLowerCase() : '';
  if (!out || (ext !== '.xlsx' && ext !== '.csv')) {
    io.stderr.write(
      `pbx-bulk template: give --out FILE ending in .xlsx or .csv\n\n${helpText(USAGE, FLAGS)}`,
    );
    return EXIT.unusable;
  }
  if (kind !== undefined && !SHEET_KINDS.includes(kind as SheetKind)) {
    io.stderr.write(`pbx-bulk template: --kind must be one of ${SHEET_KINDS.join(', ')}\n`);
    return EXIT.unusable;
  }
  if (ext === '.csv' && kind === undefined) {
    io.stderr.write('pbx-bulk template: a CSV template holds one kind; add --kind\n');
    return EXIT.unusable;
  }
  const kinds = kind ? [kind as SheetKind] : SHEET_KINDS;
  const target = resolve(io.cwd, out);
  // A template is blank: written over a workbook the user filled in, it would lose their rows.
  if (!parsed.args.flags['force'] && existsSync(target)) {
    io.stderr.write(
      `${terminalSafe(`pbx-bulk template: ${target} already exists; give another --out, or add --force to replace it.`)}\n`,
    );
    return EXIT.unusable;
  }
  try {
    await writeTemplate(target, kinds, parsed.args.flags['sample'] ? SAMPLE_ROWS : EXAMPLE_ROWS);
    io.stdout.write(`Template written to ${target}\n`);
    return EXIT.ok;
  } catch (error) {
    return reportFailure('template', error, io);
  }
}
