/** Compiles the four row validators once, at first use (STYLE.md: compile once, allErrors). */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import type { SheetKind } from '../../shared/types.ts';
import { buildSchema } from '../schema/build-schema.ts';
import { passwordProblems, usernameProblems } from '../schema/credential-rules.ts';

let ajvInstance: Ajv | undefined;
const validators = new Map<SheetKind, ValidateFunction>();

function keywordError(keyword: string, problems: string[]): Partial<ErrorObject> {
  return { keyword, message: problems.join(', '), params: { problems } };
}

/**
 * The options every validator is compiled with. `validateSchema: false` skips checking our own
 * generated schemas against JSON Schema's meta-schema on every start (about 35 of the 70 ms a first
 * compile took); test/core/validate/schemas.test.ts checks them against it instead.
 */
export const AJV_OPTIONS = {
  allErrors: true,
  $data: true,
  strict: true,
  strictRequired: false,
  verbose: true,
  validateSchema: false,
} as const;

function createAjv(): Ajv {
  const ajv = new Ajv(AJV_OPTIONS);
  ajv.addKeyword({
    keyword: 'pbxUsername',
    type: 'string',
    errors: true,
    validate: function check(this: unknown, _schema: unknown, data: string): boolean {
      const problems = usernameProblems(data);
      (check as { errors?: Array<Partial<ErrorObject>> }).errors = problems.length
        ? [keywordError('pbxUsername', problems)]
        : [];
      return problems.length === 0;
    },
  });
  ajv.addKeyword({
    keyword: 'pbxPassword',
    type: 'string',
    errors: true,
    validate: function check(this: unknown, _schema: unknown, data: string): boolean {
      const problems = passwordProblems(data);
      (check as { errors?: Array<Partial<ErrorObject>> }).errors = problems.length
        ? [keywordError('pbxPassword', problems)]
        : [];
      return problems.length === 0;
    },
  });
  return ajv;
}

/** The compiled validator of a row kind. */
export function validatorFor(kind: SheetKind): ValidateFunction {
  let validate = validators.get(kind);
  if (!validate) {
    ajvInstance ??= createAjv();
    validate = ajvInstance.compile(buildSchema(kind));
    validators.set(kind, validate);
  }
  return validate;
}
