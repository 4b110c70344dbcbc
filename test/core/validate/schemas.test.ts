import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { SHEET_KINDS } from '../../../src/shared/types.ts';
import { buildSchema } from '../../../src/core/schema/build-schema.ts';
import { AJV_OPTIONS, validatorFor } from '../../../src/core/validate/compile.ts';

describe('the generated row schemas', () => {
  // The product compiles with validateSchema: false (faster start); this is where they are checked.
  it.each(SHEET_KINDS)('%s: valid against JSON Schema draft-07 and compiled in strict mode', (kind) => {
    const checker = new Ajv({ ...AJV_OPTIONS, validateSchema: true });
    checker.addKeyword({ keyword: 'pbxUsername', type: 'string', validate: () => true });
    checker.addKeyword({ keyword: 'pbxPassword', type: 'string', validate: () => true });
    expect(checker.validateSchema({ type: 'strng' })).toBe(false); // the check is live
    const schema = buildSchema(kind);
    expect(checker.validateSchema(schema), JSON.stringify(checker.errors)).toBe(true);
    expect(() => checker.compile(schema)).not.toThrow();
    expect(typeof validatorFor(kind)).toBe('function');
  });
});
