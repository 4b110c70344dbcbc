/**
 * The credential rules (FACTS 1.8.A.1) as ajv *code* keywords: the check is generated into the
 * validator as a call to credential-rules.ts, so the validators can be generated ahead of time as
 * plain code (validators.generated.ts) instead of being compiled by ajv at every start.
 */
import { _, type CodeKeywordDefinition, type Code, type KeywordCxt } from 'ajv';
import { passwordProblems, usernameProblems } from '../schema/credential-rules.ts';

/**
 * In generated code the rule is referred to through the namespace the generated module imports
 * credential-rules.ts as (see make-validators.ts); at run time by reference.
 */
export const RULES_NAMESPACE = 'credentialRules';

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
  credentialKeyword('pbxUsername', usernameProblems, _`credentialRules.usernameProblems`),
  credentialKeyword('pbxPassword', passwordProblems, _`credentialRules.passwordProblems`),
];
