/**
 * The `ui` suite (issue 5 "Must show", issue 6 item 5): a 100k-row sheet opened in Debian's
 * Chromium through browser mode, scrolled top to bottom; prints the longest task that blocked the
 * page and the inline-edit time. It runs the e2e measurement (test/e2e/large-sheet.test.ts) and
 * collects its `[bench]` lines; without /usr/bin/chromium it says so and measures nothing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Suite } from './suite.ts';

export function uiSuite(): Suite {
  let lines: string[] = [];
  return {
    name: 'ui',
    figures: () => lines,
    async run() {
      if (!existsSync('/usr/bin/chromium'))
        return 'skipped: /usr/bin/chromium is not installed (apt-get install -y chromium)';
      const root = fileURLToPath(new URL('..', import.meta.url));
      const result = spawnSync('npx', ['vitest', 'run', 'test/e2e/large-sheet.test.ts'], {
        cwd: root,
        encoding: 'utf8',
        timeout: 900_000,
      });
      const output = `${result.stdout}\n${result.stderr}`;
      lines = output
        .split('\n')
        .filter((l) => l.includes('[bench]'))
        .map((l) => l.replace(/^.*\[bench\]\s*/, '').trim());
      if (lines.length === 0)
        return `no figures: the measurement failed (exit ${String(result.status)})\n${output.slice(-2000)}`;
      return lines.join('\n');
    },
  };
}
