/**
 * `pbx-bulk resume JOURNAL` (PRODUCT.md, Run; Interfaces): continues from the journal the run
 * left, without writing again what is done; exit 0 all succeeded, 1 some failed or invalid,
 * 2 for a journal that is missing or not a run journal.
 */
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import type { JournalEntry } from '../../src/core/run/journal.ts';
import type { Report } from '../../src/shared/types.ts';
import { captureIo } from '../helpers/cli.ts';
import { pbxRow, writeWorkbook } from '../core/engine/engine-helpers.ts';

const SAMPLE = join(import.meta.dirname, '../../templates/sample.xlsx');

function home(): string {
  return mkdtempSync(join(tmpdir(), 'cli-resume-'));
}

function pbxCount(dir: string): number {
  const state = JSON.parse(readFileSync(join(dir, 'sandbox-state.json'), 'utf8')) as {
    ycm: { pbxs: unknown[] };
  };
  return state.ycm.pbxs.length;
}

describe('pbx-bulk resume', () => {
  it('finishes an interrupted run once and exits 0 when every row succeeded', async () => {
    const dir = home();
    const file = await writeWorkbook(dir, {
      pbx: [pbxRow(84, 'resume-a'), pbxRow(85, 'resume-b'), pbxRow(86, 'resume-c')],
    });
    const journal = join(dir, 'j.jsonl');
    const io1 = captureIo({ env: { PBX_BULK_HOME: dir } });
    expect(
      await main(['run', file, '--yes', '--journal', journal, '--report', join(dir, 'r1.json')], io1),
    ).toBe(0);
    // A crash: the last row's create was recorded as begun only, and the last line was torn.
    const lines = readFileSync(journal, 'utf8').trim().split('\n');
    const entries = lines.map((l) => JSON.parse(l) as JournalEntry);
    const lastBegin = [...entries].reverse().find((e) => e.t === 'begin');
    const kept = entries.filter(
      (e) => !(e.t === 'end' && lastBegin?.t === 'begin' && e.key === lastBegin.key),
    );
    writeFileSync(journal, kept.map((e) => `${JSON.stringify(e)}\n`).join(''));
    appendFileSync(journal, '{"t":"end","key":"PBX!9');
    const io2 = captureIo({ env: { PBX_BULK_HOME: dir } });
    const out = join(dir, 'r2.json');
    expect(await main(['resume', journal, '--yes', '--report', out], io2)).toBe(0);
    expect(io2.err()).toMatch(/1 torn line\(s\) ignored/);
    expect(io2.err()).toContain('SANDBOX');
    const report = JSON.parse(readFileSync(out, 'utf8')) as Report;
    expect(report.summary.byStatus).toEqual({ succeeded: 3 });
    expect(pbxCount(dir)).toBe(5);
  });

  it('exits 1 when the journal run has invalid rows', async () => {
    const dir = home();
    const journal = join(dir, 'j.jsonl');
    const io1 = captureIo({ env: { PBX_BULK_HOME: dir } });
    expect(
      await main(['run', SAMPLE, '--yes', '--journal', journal, '--report', join(dir, 'r1.json')], io1),
    ).toBe(1);
    const before = pbxCount(dir);
    const io2 = captureIo({ env: { PBX_BULK_HOME: dir } });
    expect(await main(['resume', journal, '--yes', '--report', join(dir, 'r2.json')], io2)).toBe(1);
    expect(pbxCount(dir)).toBe(before);
  });

  it('exits 2 for a missing journal and for a file that is not a run journal', async () => {
    const dir = home();
    const io1 = captureIo({ env: { PBX_BULK_HOME: dir } });
    expect(await main(['resume', join(dir, 'nope.jsonl')], io1)).toBe(2);
    expect(io1.err()).toMatch(/not a run journal/);
    const junk = join(dir, 'junk.jsonl');
    writeFileSync(junk, 'hello\n');
    const io2 = captureIo({ env: { PBX_BULK_HOME: dir } });
    expect(await main(['resume', junk], io2)).toBe(2);
  });
});
