// ESLint flat config. Besides the usual rules it enforces the layers of STYLE.md and the README's
// Architecture table: each folder below has an allow-list of the folders of ours it may import,
// and every other one is refused by no-restricted-imports. shared and renderer never import Node
// built-ins; only src/electron imports electron.
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

/**
 * The layers: what each top-level folder may import of ours besides itself. The README's
 * Architecture table says the same; test/lint/layers.test.ts checks both the rule and that every
 * folder has a line here.
 */
const TOP_LAYERS = {
  shared: [],
  api: ['shared'],
  sandbox: ['api', 'shared'],
  core: ['api', 'shared'],
  app: ['api', 'core', 'sandbox', 'shared'],
  server: ['app', 'shared'],
  cli: ['api', 'app', 'core', 'sandbox', 'server', 'shared'],
  electron: ['app', 'shared'],
  renderer: ['shared'],
};

/**
 * Inside src/core, bottom to top: what each folder (and model.ts) may import besides itself.
 * util and model are the floor; engine (plan and run against the APIs) is the top. kinds sits
 * beside schema, validate and engine: its modules use them, and their stages call the kinds back
 * through the registry (read inside functions only, so the import cycle is harmless).
 */
const CORE_LAYERS = {
  util: [],
  model: ['shared'],
  schema: ['api', 'kinds', 'shared'],
  map: ['kinds', 'schema', 'shared'],
  read: ['model', 'util'],
  validate: ['api', 'kinds', 'map', 'model', 'read', 'schema', 'util', 'shared'],
  templates: ['kinds', 'schema', 'util', 'validate', 'shared'],
  report: ['model', 'util', 'validate', 'shared'],
  plan: [],
  run: ['util', 'shared'],
  engine: ['api', 'kinds', 'model', 'plan', 'run', 'schema', 'validate', 'shared'],
  // One folder per sheet kind (fields, rules, dry run, steps), written in the vocabulary of schema,
  // validate and engine; those folders' stages find a kind through kinds/registry.ts.
  kinds: ['api', 'engine', 'model', 'run', 'schema', 'validate', 'shared'],
  export: ['api', 'model', 'schema', 'templates', 'util', 'validate', 'shared'],
  reconcile: ['api', 'export', 'map', 'model', 'report', 'schema', 'util', 'validate', 'shared'],
};

/**
 * How a folder of ours shows in a relative import: a path segment (`../core/`), or model.ts by
 * name. Only relative specifiers are ours; packages (`exceljs`, `node:fs`) never match.
 */
function segment(name) {
  return name === 'model' ? 'model\\.ts$' : `${name}/`;
}
function importOf(names) {
  return `^\\.\\.?/(?:.*/)?(?:${names.map(segment).join('|')})`;
}

/** The no-restricted-imports patterns refusing every folder of ours not on `allowed`. */
function layerPatterns(where, layers, self, allowed, none = 'nothing else of ours') {
  const refused = Object.keys(layers).filter((name) => name !== self && !allowed.includes(name));
  if (refused.length === 0) return [];
  const may = allowed.length > 0 ? `only ${allowed.join(', ')}` : none;
  return [
    {
      regex: importOf(refused),
      message: `${where} may import ${may} (layers: eslint.config.js, README Architecture).`,
    },
  ];
}

/** One no-restricted-imports block per folder (a later block would replace, not add to, it). */
function layerBlock(files, patterns, withElectron) {
  return {
    files,
    rules: {
      'no-restricted-imports': ['error', { paths: withElectron ? [] : [noElectron], patterns }],
    },
  };
}

const noNodeInShared = {
  group: nodeBuiltins,
  message: 'src/shared runs in the renderer too: no Node built-ins.',
};
const noNodeInRenderer = {
  group: nodeBuiltins,
  message: 'The renderer cannot use Node: speak through the bridge.',
};

/**
 * The renderer's own folder names may clash with ours, and it may import from one folder only, so
 * its rule is by path: any `../src/<folder>/` not on its line is refused, new folders included.
 */
function rendererPatterns(allowed) {
  return [
    {
      regex: `^(?:\\.\\./)+src/(?!(?:${allowed.join('|')})/)`,
      message: `renderer may import only ${allowed.join(', ')} (layers: eslint.config.js, README Architecture).`,
    },
  ];
}

const topBlocks = Object.entries(TOP_LAYERS).map(([folder, allowed]) => {
  if (folder === 'renderer') {
    return layerBlock(['renderer/src/**'], [noNodeInRenderer, ...rendererPatterns(allowed)], false);
  }
  const extra = folder === 'shared' ? [noNodeInShared] : [];
  const patterns = [...extra, ...layerPatterns(`src/${folder}`, TOP_LAYERS, folder, allowed)];
  return layerBlock([`src/${folder}/**`], patterns, folder === 'electron');
});

// A core folder is held by both tables: no top-level folder but core's own allowed ones, and only
// the core folders on its line.
const coreBlocks = Object.entries(CORE_LAYERS).map(([folder, allowed]) => {
  const where = folder === 'model' ? 'src/core/model.ts' : `src/core/${folder}`;
  const top = allowed.filter((name) => !(name in CORE_LAYERS));
  const inCore = allowed.filter((name) => name in CORE_LAYERS);
  return layerBlock(
    [folder === 'model' ? 'src/core/model.ts' : `src/core/${folder}/**`],
    [
      ...layerPatterns(`${where}, outside src/core,`, TOP_LAYERS, 'core', top),
      ...layerPatterns(where, CORE_LAYERS, folder, inCore, 'no other src/core folder'),
    ],
    false,
  );
});

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
  ...topBlocks,
  ...coreBlocks,
  {
    files: ['src/core/**', 'src/shared/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'error' },
  },
  // Size limits (STYLE.md): blank lines and comments count. Generated code, fixtures and bench
  // results are ignored above; tests and benchmarks are hand-written and held to the same limit.
  {
    files: ['src/**', 'renderer/**', 'bin/**', 'scripts/**', 'test/**', 'bench/**'],
    rules: { 'max-lines': ['error', { max: 400, skipBlankLines: false, skipComments: false }] },
  },
  {
    files: ['src/core/**'],
    rules: {
      'max-lines-per-function': ['error', { max: 80, skipBlankLines: false, skipComments: false }],
    },
  },
  {
    files: ['renderer/src/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
);
