/**
 * How the CLI reports a failure: one clear line naming the file, sheet, row and column, never a
 * stack trace (set PBX_BULK_DEBUG=1 to see one).
 */
import { InputError, inputErrorWhere } from '../core/model.ts';
import { terminalSafe } from '../core/util/cell-safety.ts';
import { EXIT, type CliIo } from './io.ts';

/** Describes `error` on stderr and returns the exit code for it. */
export function reportFailure(command: string, error: unknown, io: CliIo): number {
  if (error instanceof InputError) {
    io.stderr.write(
      `${terminalSafe(`pbx-bulk ${command}: ${error.file}${inputErrorWhere(error)}: ${error.message}`)}\n`,
    );
    return EXIT.unusable;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.stderr.write(`${terminalSafe(`pbx-bulk ${command}: ${message}`)}\n`);
  if (io.env['PBX_BULK_DEBUG'] && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
  return EXIT.unusable;
}
