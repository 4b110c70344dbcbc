/**
 * Regenerates templates/ from the field catalogue (`npm run templates`). A test checks that the
 * committed files match a fresh generation, so templates cannot drift from the schemas.
 */
import { join } from 'node:path';
import { SHEET_KINDS } from '../src/shared/types.ts';
import { EXAMPLE_ROWS, SAMPLE_ROWS } from '../src/core/templates/sample-rows.ts';
import { writeTemplate } from '../src/core/templates/make-template.ts';

const dir = join(import.meta.dirname, '..', 'templates');
await writeTemplate(join(dir, 'pbx-bulk-template.xlsx'), SHEET_KINDS, EXAMPLE_ROWS);
await writeTemplate(join(dir, 'sample.xlsx'), SHEET_KINDS, SAMPLE_ROWS);
for (const kind of SHEET_KINDS) await writeTemplate(join(dir, `${kind}.csv`), [kind], EXAMPLE_ROWS);
console.log(`Templates written to ${dir}`);
