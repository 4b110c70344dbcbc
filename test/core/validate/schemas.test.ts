import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { SHEET_KINDS } from '../../../src/shared/types.ts';
import { buildSchema } from '../../../src/core/schema/build-schema.ts';
import { validatorFor } from '../../../src/core/validate/compile.ts';
import { createAjv, validatorsSource } from '../../../src/core/validate/validator-source.ts';
import { formatValidators, VALIDATORS_FILE } from '../../../scripts/validators-file.ts';

describe('the generated row schemas', () => {
  // The product compiles with validateSchema: false; this is where the schemas are checked.
  it.each(SHEET_KINDS)('%s: valid against JSON Schema draft-07 and compiled in strict mode', (kind) => {
    const checker = createAjv({ validateSchema: true });
    expect(checker.validateSchema({ type: 'strng' })).toBe(false); // the check is live
    const schema = buildSchema(kind);
    expect(checker.validateSchema(schema), JSON.stringify(checker.errors)).toBe(true);
    expect(() => checker.compile(schema)).not.toThrow();
  });
});

describe('the generated validators (src/core/validate/generated/validators.ts)', () => {
  it('match a fresh generation from the schemas: run `npm run validators` after changing a field', async () => {
    const committed = await readFile(VALIDATORS_FILE, 'utf8');
    expect(committed === (await formatValidators(validatorsSource()))).toBe(true);
  });

  // The same data through the committed code and through ajv compiling the schema now.
  it.each(SHEET_KINDS)('%s: give the same verdict and errors as ajv compiling the schema', (kind) => {
    const live = createAjv().compile(buildSchema(kind));
    const rows: unknown[] = [
      {},
      { name: 42, subDomain: 'bad domain!', extensionCapacity: 900, plan: 'enterprise plan' },
      {
        cloudPbxInitialConfigRequest: {
          administratorSettings: { username: 'ab@', newPassword: 'Pass1234wd', confirmPassword: 'x' },
        },
      },
      { pbx: { subDomain: 'acme' }, dids: ['+12025550111', 'x'], mode: 'add', method: 'resize' },
      { _type: 'KazooPbxConnectionProfile', name: 'K', hostRest: 'https://k' },
    ];
    for (const row of rows) {
      const validate = validatorFor(kind);
      expect(validate(row)).toBe(live(row));
      expect(validate.errors ?? null).toEqual(live.errors ?? null);
    }
  });
});
