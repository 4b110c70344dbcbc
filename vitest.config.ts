import { configDefaults, defineConfig } from 'vitest/config';

// Tests in four tiers (README "Tests"). `npm test` runs every project; `npm run test:unit` is the
// inner loop. test/tiers.test.ts checks that every test file belongs to exactly one project.

/** In-process files outside the unit folders: pure functions and mocked Electron. */
const UNIT_ELSEWHERE = [
  'test/api/json.test.ts',
  'test/app/bridge-calls.test.ts',
  'test/cli/commands/ui.test.ts',
  'test/core/engine/row-keys.test.ts',
];

/** Files under unit folders that start child processes (CSV reader, lock holder). */
const INTEGRATION_ELSEWHERE = ['test/core/read/csv-split.test.ts', 'test/core/run/lock.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: [
            'test/*.test.ts',
            'test/core/*.test.ts',
            'test/core/{export,kinds,map,read,reconcile,report,run,schema,templates,util,validate}/**/*.test.ts',
            'test/lint/**/*.test.ts',
            'test/electron/**/*.test.ts',
            ...UNIT_ELSEWHERE,
          ],
          exclude: [...configDefaults.exclude, ...INTEGRATION_ELSEWHERE],
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: [
            'test/{api,app,cli,contract,sandbox,server}/**/*.test.ts',
            'test/core/engine/**/*.test.ts',
            ...INTEGRATION_ELSEWHERE,
          ],
          exclude: [...configDefaults.exclude, ...UNIT_ELSEWHERE],
        },
      },
      { extends: true, test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'] } },
      { extends: true, test: { name: 'reliability', include: ['test/reliability/**/*.test.ts'] } },
    ],
  },
});
