/**
 * `pbx-bulk export --out FILE [--kind pbx|did|all] [--force]` (issue 18): every Cloud PBX of the
 * account, with its DID bindings, written in the template's own sheets and headers plus read-only
 * columns (Cloud PBX ID, SN, URL, Status). Only reads the account; paced by the YCM client.
 */
import { existsSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { EXPORT_KINDS, exportAccount, exportedKinds, type ExportKind } from '../../core/export/export.ts';
import { exportFiles } from '../../core/export/write-export.ts';
import { terminalSafe } from '../../core/util/cell-safety.ts';
import { helpText, parseArgs, stringFlag, type FlagSpec } from '../args.ts';
import { connect } from '../connect.ts';
import { reportFailure } from '../fail.ts';
import { EXIT, type CliIo } from '../io.ts';
import { outputProblem } from '../output-path.ts';
import { progressWriter } from './progress.ts';

const USAGE = 'pbx-bulk export --out FILE [--kind pbx|did|all] [--force]';
const FLAGS: Record<string, FlagSpec> = {
  out: { type: 'string', help: 'file to write: .xlsx, or .csv (one file per sheet when both)' },
  kind: { type: 'string', help: 'pbx (PBX sheet), did (DID Bindings sheet) or all (default)' },
  force: { type: 'boolean', help: 'replace FILE if it exists (by default an existing file is kept)' },
};

export async function run(argv: string[], io: CliIo): Promise<number> {
  const parsed = parseArgs(argv, FLAGS);
  const fail = (message: string): number => {
    io.stderr.write(`${terminalSafe(`pbx-bulk export: ${message}`)}\n`);
    return EXIT.unusable;
  };
  if (!parsed.ok) return fail(`${parsed.error}\n\n${helpText(USAGE, FLAGS)}`);
  if (parsed.args.flags['help']) {
    io.stdout.write(helpText(USAGE, FLAGS));
    return EXIT.ok;
  }
  const out = stringFlag(parsed.args, 'out');
  if (
    out === undefined ||
    parsed.args.positional.length > 0 ||
    !['.xlsx', '.csv'].includes(extname(out).toLowerCase())
  )
    return fail(`give --out FILE ending in .xlsx or .csv\n\n${helpText(USAGE, FLAGS)}`);
  const kind = (stringFlag(parsed.args, 'kind') ?? 'all') as ExportKind;
  if (!EXPORT_KINDS.includes(kind)) return fail(`--kind must be one of ${EXPORT_KINDS.join(', ')}`);
  const target = resolve(io.cwd, out);
  const files = exportFiles(target, exportedKinds(kind));
  for (const file of files) {
    if (!parsed.args.flags['force'] && existsSync(file))
      return fail(`${file} already exists; give another --out, or add --force to replace it.`);
    const problem = await outputProblem('the export', file, '');
    if (problem) return fail(problem);
  }
  let connection;
  try {
    connection = await connect(io);
    const ycm = connection.clients.ycm;
    if (!ycm)
      return fail(
        'export reads YCM: set YCM_CLIENT_ID and YCM_CLIENT_SECRET (or use none, for the sandbox).',
      );
    const progress = progressWriter(io, 'Reading the account');
    const result = await exportAccount(ycm, target, kind, { onProgress: progress.update });
    progress.done();
    const calls = ycm.stats.attempts;
    io.stdout.write(
      `Exported ${result.pbxs} Cloud PBX${result.pbxs === 1 ? '' : 's'}${kind === 'pbx' ? '' : ` and ${result.didRows} DID binding row${result.didRows === 1 ? '' : 's'}`} from ${connection.label} (${calls} API calls).\n`,
    );
    if (result.unplacedDids > 0)
      io.stdout.write(
        `${result.unplacedDids} bound DID(s) are on a trunk YCM does not say: their DID Bindings row has no trunk and its Status says why.\n`,
      );
    for (const file of result.files) io.stdout.write(`${terminalSafe(`Written to ${file}`)}\n`);
    return EXIT.ok;
  } catch (error) {
    return reportFailure('export', error, io);
  } finally {
    await connection?.close();
  }
}
