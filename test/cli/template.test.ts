import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.ts';
import { captureIo } from '../helpers/cli.ts';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pbx-cli-template-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function cli(...args: string[]) {
  const io = captureIo({ cwd: dir });
  const code = await main(args, io);
  return { code, out: io.out(), err: io.err() };
}

describe('pbx-bulk template', () => {
  it('writes a workbook of every kind whose example rows validate refuses until they are replaced (exit 1)', async () => {
    const made = await cli('template', '--out', 'blank.xlsx');
    expect(made.code).toBe(0);
    expect(made.out).toContain(join(dir, 'blank.xlsx'));
    const checked = await cli('validate', 'blank.xlsx');
    expect(checked.code).toBe(1);
    expect(checked.out).toMatch(/4 rows: 4 invalid/);
    expect(checked.out).toContain(
      "'acme-demo', the subdomain of the template's example PBX: delete the example row, or replace its values with your customer's.",
    );
  });

  it('--kind did --out FILE.csv writes one kind with the template headers', async () => {
    expect((await cli('template', '--kind', 'did', '--out', 'did.csv')).code).toBe(0);
    const text = await readFile(join(dir, 'did.csv'), 'utf8');
    expect(text.replace(/^\uFEFF/, '').split(/\r?\n/)[0]).toBe(
      'PBX subdomain,PBX name,Cloud PBX ID,PBX URL,PBX SN,Trunk ID,Trunk,DIDs,DID IDs,Mode,Custom SIP headers',
    );
    // Its example row binds DIDs to the example PBX: refused until it names a real one.
    expect((await cli('validate', 'did.csv')).code).toBe(1);
  });

  it('a folder that does not exist gets one clear line naming the template, exit 2', async () => {
    const out = join(dir, 'no-such-dir', 'blank.xlsx');
    const made = await cli('template', '--out', out);
    expect(made.code).toBe(2);
    expect(made.err).toBe(
      `pbx-bulk template: Cannot write the template ${out}: the folder ${join(dir, 'no-such-dir')} does not exist.\n`,
    );
  });

  it('never writes over an existing file unless --force: a filled-in workbook keeps its rows', async () => {
    const mine = join(dir, 'customers.xlsx');
    await writeFile(mine, 'the rows a user typed');
    const kept = await cli('template', '--out', 'customers.xlsx');
    expect(kept.code).toBe(2);
    expect(kept.err).toContain(`${mine} already exists; give another --out, or add --force`);
    expect(await readFile(mine, 'utf8')).toBe('the rows a user typed');
    expect((await cli('template', '--out', 'customers.xlsx', '--force')).code).toBe(0);
    expect((await readFile(mine)).subarray(0, 2).toString()).toBe('PK'); // now the template
    const two = await cli('template', '--out', 'a.xlsx', 'b.xlsx');
    expect(two.code).toBe(2);
    expect(two.err).toContain('give one file');
  });

  it('--sample writes the sample with its deliberate mistakes (validate exits 1)', async () => {
    expect((await cli('template', '--sample', '--out', 'sample.xlsx')).code).toBe(0);
    expect((await cli('validate', 'sample.xlsx')).code).toBe(1);
  });

  it.each([
    [['template'], /give --out FILE ending in \.xlsx or \.csv/],
    [['template', '--out', 'x.ods'], /ending in \.xlsx or \.csv/],
    [['template', '--out', 'x.csv'], /a CSV template holds one kind; add --kind/],
    [['template', '--out', 'x.xlsx', '--kind', 'pbxs'], /--kind must be one of/],
  ])('usage mistakes exit 2 with the reason: %j', async (args, reason) => {
    const { code, err } = await cli(...args);
    expect(code).toBe(2);
    expect(err).toMatch(reason);
    expect(err).not.toContain('    at ');
  });
});
