/**
 * Every test file belongs to exactly one tier (vitest.config.ts projects), so `npm run test:unit`
 * and its siblings together run what `npm test` runs, and a new file cannot fall between them.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import config from '../vitest.config.ts';

const ROOT = join(import.meta.dirname, '..');
const TIERS = ['unit', 'integration', 'e2e', 'reliability'];

interface Tier {
  name: string;
  include: string[];
  exclude: string[];
}

function tiers(): Tier[] {
  return (config.test?.projects ?? []).map((project) => {
    if (typeof project !== 'object' || !('test' in project) || !project.test)
      throw new Error('inline projects only');
    const { name, include = [], exclude = [] } = project.test;
    return { name: String(name), include, exclude };
  });
}

function testFiles(): string[] {
  return readdirSync(join(ROOT, 'test'), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.test.ts'))
    .map((file) =>
      relative(ROOT, join(ROOT, 'test', file))
        .split(sep)
        .join('/'),
    )
    .sort();
}

/**
 * The glob subset the config uses: `**` (any folders), `*` (within one name), `{a,b}` (one of).
 * node:path's matchesGlob would do, but it is experimental on Node 20 and warns on every run.
 */
function globRegExp(glob: string): RegExp {
  if (/[?[\]!()+@]/.test(glob)) throw new Error(`glob outside the checked subset: ${glob}`);
  let source = '';
  for (let i = 0; i < glob.length; i += 1) {
    const char = glob[i] ?? '';
    if (glob.startsWith('**/', i)) {
      source += '(?:.*/)?';
      i += 2;
    } else if (glob.startsWith('**', i)) {
      source += '.*';
      i += 1;
    } else if (char === '*') source += '[^/]*';
    else if (char === '{') source += '(?:';
    else if (char === '}') source += ')';
    else if (char === ',') source += '|';
    else source += char.replace(/[.^$|\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

const matches = (file: string, globs: string[]): boolean => globs.some((glob) => globRegExp(glob).test(file));
const inTier = (file: string, tier: Tier): boolean =>
  matches(file, tier.include) && !matches(file, tier.exclude);

describe('test tiers', () => {
  it('are the four projects, each with a name and its own globs', () => {
    expect(tiers().map((tier) => tier.name)).toEqual(TIERS);
  });

  it('put every test file in exactly one tier', () => {
    const files = testFiles();
    expect(files.length).toBeGreaterThan(80);
    const wrong = files
      .map((file) => ({
        file,
        tiers: tiers()
          .filter((tier) => inTier(file, tier))
          .map((tier) => tier.name),
      }))
      .filter((entry) => entry.tiers.length !== 1);
    expect(wrong).toEqual([]);
  });

  it('keep child processes, loopback servers and browsers out of unit', () => {
    const unit = tiers().find((tier) => tier.name === 'unit');
    if (!unit) throw new Error('no unit tier');
    const heavy = /node:child_process|startSandbox|engine-helpers|sandbox-fixture|playwright|\.listen\(/;
    const offenders = testFiles()
      .filter((file) => inTier(file, unit) && file !== 'test/tiers.test.ts')
      .filter((file) => heavy.test(readFileSync(join(ROOT, file), 'utf8')));
    expect(offenders).toEqual([]);
  });
});
