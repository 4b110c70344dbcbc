// What the bad-input tests share (bad-inputs.test.ts: the corpus; hostile-inputs.test.ts: issue
// 16's hostile files): where the corpus is, a refusal, and a result's messages in one text.
import { join } from 'node:path';
import { InputError } from '../../src/core/model.ts';
import { validateFile, type ValidationResult } from '../../src/core/validate/validate-file.ts';
import { ROOT } from './processes.ts';

/** test/fixtures/bad/, the corpus (make-bad-fixtures.ts writes it). */
export const BAD = join(ROOT, 'test/fixtures/bad');

/** The InputError validating `file` ends with; fails when the file is accepted. */
export async function refusal(file: string, options: { maxInputMb?: number } = {}): Promise<InputError> {
  try {
    await validateFile(file, options);
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error(`${file} was accepted`);
}

/** Every row and file message of a result, one a line. */
export function messages(r: ValidationResult): string {
  return [...r.report.rows.flatMap((row) => row.messages), ...r.report.summary.fileMessages]
    .map((m) => m.message)
    .join('\n');
}
