/**
 * `pbx-bulk plan` (PRODUCT.md, Plan; Interfaces): the online dry run against the in-process
 * sandbox (no credentials), said on screen; the call plan printed; exit 1 when rows are invalid.
 */
import { copyFileSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import type { Report } from '../../src/shared/types.ts';
import { captureIo } from '../helpers/cli.ts';

const SAMPLE = join(import.meta.dirname, '../../templates/sample.xlsx');

function home(): string {
  return mkdtempSync(join(tmpdir(), 'cli-plan-'));
}

/** PBXs in the CLI sandbox's state file (2 fixtures when nothing was created or no file yet). */
function sandboxPbxCount(dir: string): number {
  const file = join(dir, 'sandbox-state.json');
  if (!existsSync(file)) return 2;
  return (JSON.parse(readFileSync(file, 'utf8')) as { ycm: { pbxs: unknown[] } }).ycm.pbxs.length;
}

describe('pbx-bulk plan', () => {
  it('plans the sample against the sandbox: says SANDBOX, prints the call plan, exits 1 for 2 invalid rows', async () => {
    const dir = home();
    const io = captureIo({ env: { PBX_BULK_HOME: dir } });
    expect(await main(['plan', SAMPLE], io)).toBe(1);
    expect(io.err()).toContain('SANDBOX');
    expect(io.out()).toContain('Target: SANDBOX');
    expect(io.out()).toMatch(/Call plan/);
    expect(io.out()).toMatch(/\b3 {2}YCM POST \/cloud_pbx\/instances \(create PBX\)/);
    expect(io.out()).toMatch(/\b1 {2}PP POST \/order\/v1\/save/);
    expect(io.out()).toMatch(/rate limit alone needs at least \d+ s/);
    expect(io.out()).toMatch(/2 invalid/);
    expect(sandboxPbxCount(dir)).toBe(2);
  });

  it('writes a plan report with a status per row', async () => {
    const dir = home();
    const out = join(dir, 'plan.json');
    const io = captureIo({ env: { PBX_BULK_HOME: dir } });
    expect(await main(['plan', SAMPLE, '--report', out], io)).toBe(1);
    const report = JSON.parse(readFileSync(out, 'utf8')) as Report;
    expect(report.summary.mode).toBe('plan');
    expect(report.summary.byStatus).toEqual({ valid: 8, invalid: 2 });
    expect(sandboxPbxCount(dir)).toBe(2);
  });

  it('refuses a report over the sheet being read before it connects or plans anything', async () => {
    const dir = home();
    const file = join(dir, 'mine.xlsx');
    copyFileSync(SAMPLE, file);
    const before = readFileSync(file);
    const io = captureIo({ env: { PBX_BULK_HOME: dir } });
    expect(await main(['plan', file, '--report', file], io)).toBe(2);
    expect(io.err()).toContain('is the file being read');
    expect(io.err()).not.toContain('SANDBOX'); // no connection was made
    expect(io.out()).toBe('');
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('exits 2 with one clear line for a file that does not exist', async () => {
    const dir = home();
    const io = captureIo({ env: { PBX_BULK_HOME: dir } });
    expect(await main(['plan', join(dir, 'missing.xlsx')], io)).toBe(2);
    expect(io.err()).toMatch(/missing\.xlsx/);
  });
});
