/**
 * `pbx-bulk lookup` (issue 17, item 9): the target's valid values, read through the YCM client from
 * the sandbox over loopback, as a table or as CSV that Excel opens without running a formula.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main.ts';
import { captureIo } from '../../helpers/cli.ts';

async function lookup(dir: string, ...args: string[]) {
  const io = captureIo({ env: { PBX_BULK_HOME: dir } });
  const code = await main(['lookup', ...args], io);
  return { code, out: io.out(), err: io.err() };
}

describe('pbx-bulk lookup', () => {
  it.each([
    ['regions', /^Region\s+Region ID$/m, /^US East \(Virginia\)\s+\d+$/m],
    ['domains', /^Domain\s+Domain ID\s+Region$/m, /^\S+\.\S+\s+\d+\s+US East/m],
    ['firmware', /^Version\s+Version ID\s+Regions$/m, /^84\.\d+\.\d+\.\d+\s+\d+\s+US East/m],
    ['trunks', /^Trunk\s+Trunk ID\s+Type$/m, /^US_Register_A1B2C3\s+6681\s+register$/m],
    [
      'dids',
      /^DID\s+DID ID\s+Name\s+Trunk IDs\s+Bound to PBX ID$/m,
      /^\+12025550101\s+1001\s+US DID 1\s+6681/m,
    ],
    ['customers', /^Company\s+Customer ID\s+First name/m, /^Acme Ltd\s+50001\s+Alice/m],
    ['templates', /^Template\s+Template ID$/m, /^-+\s+-+$/m],
  ])('%s: a table of what the sandbox holds, said to be the sandbox', async (what, header, row) => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-lookup-'));
    const result = await lookup(dir, what);
    expect(result.code).toBe(0);
    expect(result.out).toMatch(header);
    expect(result.out).toMatch(row);
    expect(result.err).toMatch(/SANDBOX/);
    expect(result.err).toMatch(/Target: SANDBOX \(local simulator\); \d+ found\./);
  });

  it('--csv writes CSV whose cells cannot run as formulas in Excel', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-lookup-'));
    expect((await lookup(dir, 'trunks')).code).toBe(0);
    // A trunk someone named like a formula, in the sandbox's saved state.
    const stateFile = join(dir, 'sandbox-state.json');
    const state = JSON.parse(readFileSync(stateFile, 'utf8')) as {
      ycm: { trunks: { name: string }[] };
    };
    const first = state.ycm.trunks[0];
    if (first) first.name = '=HYPERLINK("http://evil","x")';
    writeFileSync(stateFile, JSON.stringify(state));
    const result = await lookup(dir, 'trunks', '--csv');
    expect(result.code).toBe(0);
    const lines = result.out.trimEnd().split('\r\n');
    expect(lines[0]).toBe('Trunk,Trunk ID,Type');
    expect(lines[1]).toBe(`"'=HYPERLINK(""http://evil"",""x"")",6681,register`);
    expect(lines).toContain('EU_DID_D4E5F6,6682,did_based');
  });

  it('exits 2 naming the lists for an unknown or missing list', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-lookup-'));
    const unknown = await lookup(dir, 'plans');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain("unknown list 'plans'");
    expect(unknown.err).toContain('regions|domains|firmware|trunks|dids|customers|templates');
    expect((await lookup(dir)).code).toBe(2);
    const help = await lookup(dir, '--help');
    expect(help.code).toBe(0);
    expect(help.out).toContain('--csv');
  });
});
