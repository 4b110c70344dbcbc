/**
 * Regenerates src/core/validate/generated/validators.ts from the schemas (`npm run validators`),
 * formatted so a change to a rule shows as a readable diff. A test checks the committed file.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { formatValidators, VALIDATORS_FILE } from './validators-file.ts';
import { validatorsSource } from '../src/core/validate/validator-source.ts';

await mkdir(dirname(VALIDATORS_FILE), { recursive: true });
await writeFile(VALIDATORS_FILE, await formatValidators(validatorsSource()));
console.log(`Validators written to ${VALIDATORS_FILE}`);
