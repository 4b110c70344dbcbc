/** Where the generated validators live and how they are formatted (shared by the script and its test). */
import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';

export const VALIDATORS_FILE = join(import.meta.dirname, '..', 'src/core/validate/generated/validators.ts');

/** Formatted with the project's Prettier settings, so `prettier --check` passes on it as it is. */
export async function formatValidators(source: string): Promise<string> {
  const config = await resolveConfig(VALIDATORS_FILE);
  return format(source, { ...config, filepath: VALIDATORS_FILE });
}
