/**
 * The credential rules (FACTS 1.8.A.1) as ajv *code* keywords: the check is generated into the
 * validator as a call to credential-rules.ts, so the validators can be generated ahead of time as
 * plain code (generated/validators.ts) instead of being compiled by ajv at every start.
 */
import { _, Name, type CodeKeywordDefinition, type Code, type KeywordCxt } from 'ajv';
import { passwordProblems, usernameProblems } from '../schema/credential-rules.ts';

/**
 * Generated code calls a rule through the name the generated module imports credential-rules.ts
 * as (validator-source.ts); a validator compiled at run time (tests) holds the function itself.
 */
export const RULES_NAMESPACE = 'credentialRules';
const rules = new Name(RULES_NAMESPACE);

function credentialKeyword(
  keyword: 'pbxUsername' | 'pbxPassword',
  rule: (text: string) => string[],
  code: Code,
): CodeKeywordDefinition {
  return {
    keyword,
    type: 'string',
    schemaType: 'boolean',
    // The message is the broken rules, joined: messages.ts words them for the user.
    error: {
      message: ({ params }) => _`${params['problems']}.join(", ")`,
      params: ({ params }) => _`{problems: ${params['problems']}}`,
    },
    code(cxt: KeywordCxt) {
      const { gen, data } = cxt;
      const check = gen.scopeValue('func', { ref: rule, code });
      const problems = gen.const('problems', _`${check}(${data})`);
      cxt.setParams({ problems });
      cxt.fail(_`${problems}.length > 0`);
    },
  };
}

export const CREDENTIAL_KEYWORDS: readonly CodeKeywordDefinition[] = [
  credentialKeyword('pbxUsername', usernameProblems, _`${rules}.usernameProblems`),
  credentialKeyword('pbxPassword', passwordProblems, _`${rules}.passwordProblems`),
];
