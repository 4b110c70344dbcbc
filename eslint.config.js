// ESLint flat config. Besides the usual rules it enforces the layers of STYLE.md:
// core/api/sandbox/shared never import electron; shared and renderer never import Node built-ins;
// the renderer imports only src/shared from the engine side.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const noElectron = { name: 'electron', message: 'Only src/electron may import electron (STYLE.md layers).' };
const nodeBuiltins = [
  'node:*',
  'fs',
  'path',
  'os',
  'child_process',
  'crypto',
  'http',
  'https',
  'net',
  'url',
  'stream',
];

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      'release/',
      'coverage/',
      'test/fixtures/',
      'src/core/validate/generated/',
      'templates/',
      '.bench/',
      '.scratch/',
      '.tmp*/',
      'bench/results/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['src/core/**', 'src/api/**', 'src/sandbox/**', 'src/cli/**', 'src/server/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [noElectron], patterns: ['**/electron/**', '**/renderer/**'] },
      ],
    },
  },
  {
    files: ['src/core/**', 'src/shared/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'error' },
  },
  {
    files: ['src/shared/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron],
          patterns: [
            { group: nodeBuiltins, message: 'src/shared runs in the renderer too: no Node built-ins.' },
            {
              group: [
                '**/core/**',
                '**/api/**',
                '**/sandbox/**',
                '**/cli/**',
                '**/electron/**',
                '**/server/**',
              ],
              message: 'src/shared depends on nothing else.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/src/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron],
          patterns: [
            { group: nodeBuiltins, message: 'The renderer cannot use Node: speak through the bridge.' },
            {
              group: [
                '**/src/core/**',
                '**/src/api/**',
                '**/src/sandbox/**',
                '**/src/cli/**',
                '**/src/electron/**',
                '**/src/server/**',
              ],
              message: 'The renderer imports only src/shared (the bridge contract).',
            },
          ],
        },
      ],
    },
  },
);
