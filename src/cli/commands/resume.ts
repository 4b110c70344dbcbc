import { EXIT, type CliIo } from '../io.ts';

/** `pbx-bulk resume`: not available in this build yet. */
export async function run(_args: string[], io: CliIo): Promise<number> {
  io.stderr.write('pbx-bulk resume: this command is not available in this build yet.\n');
  return EXIT.unusable;
}
