/** Progress on stderr for reading commands (export, reconcile): one rewritten line on a terminal. */
import type { CliIo } from '../io.ts';

export interface ProgressWriter {
  update: (progress: { step: string; done: number; total: number }) => void;
  done: () => void;
}

/** A progress line for an interactive terminal; silent otherwise (logs stay clean). */
export function progressWriter(io: CliIo, title: string): ProgressWriter {
  let shown = false;
  return {
    update: ({ step, done, total }) => {
      if (!io.isTty) return;
      io.stderr.write(`\r${title}: ${step} ${done}/${total}\u001b[K`);
      shown = true;
    },
    done: () => {
      if (shown) io.stderr.write('\n');
    },
  };
}
