/**
 * `pbx-bulk run` (PRODUCT.md, Run; Report; Interfaces) against the in-process sandbox: refuses
 * to write without confirmation, writes the result report, re-imports it, and keeps secrets out
 * of the journal, the reports and the console.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { DEMO_CREDENTIALS } from '../../src/sandbox/fixtures.ts';
import type { Report } from '../../src/shared/types.ts';
import { captureIo } from '../helpers/cli.ts';
import {
  ADMIN_PASSWORD,
  KAZOO_API_KEY,
  THREECX_LICENCE,
  THREECX_PASSWORD,
  kazooRow,
  pbxRow,
  writeWorkbook,
} from '../core/engine/engine-helpers.ts';

const SAMPLE = join(import.meta.dirname, '../../templates/sample.xlsx');

function home(): string {
  return mkdtempSync(join(tmpdir(), 'cli-run-'));
}

interface SandboxFile {
  ycm: { pbxs: { subDomain: string }[] };
  pp: { orders: unknown[] };
}

function sandboxState(dir: string): SandboxFile | undefined {
  const file = join(dir, 'sandbox-state.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as SandboxFile) : undefined;
}

function readReport(file: string): Report {
  return JSON.parse(readFileSync(file, 'utf8')) as Report;
}

/** Every cell's text of every sheet of an .xlsx, one string. */
async function xlsxText(file: string): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const parts: string[] = [];
  wb.eachSheet((ws) => {
    parts.push(ws.name);
    ws.eachRow((row) => row.eachCell((cell) => parts.push(cell.text, String(cell.note ?? ''))));
  });
  return parts.join('\n');
}

describe('pbx-bulk run', () => {
  it('refuses to write without --yes when there is no terminal to ask (exit 2, nothing created)', async () => {
    const dir = home();
    const io = captureIo({ env: { PBX_BULK_HOME: dir } });
    const code = await main(
      ['run', SAMPLE, '--journal', join(dir, 'j.jsonl'), '--report', join(dir, 'r.json')],
      io,
    );
    expect(code).toBe(2);
    expect(io.err()).toMatch(/Not confirmed.*--yes/);
    expect(io.err()).toMatch(/About to create 3 PBX\(s\).*place 1 Partner Portal order\(s\) \(billed\)/);
    expect(io.out()).toMatch(/Nothing was written/);
    expect(sandboxState(dir)?.ycm.pbxs.length ?? 2).toBe(2);
  });

  it('runs the sample with --yes: exit 1 for the invalid rows, report with every status and ids', async () => {
    const dir = home();
    const out = join(dir, 'r.json');
    const io = captureIo({ env: { PBX_BULK_HOME: dir } });
    expect(await main(['run', SAMPLE, '--yes', '--journal', join(dir, 'j.jsonl'), '--report', out], io)).toBe(
      1,
    );
    expect(io.err()).toContain('SANDBOX');
    expect(io.out()).toContain(`Report written to ${out}`);
    const report = readReport(out);
    expect(report.summary.mode).toBe('run');
    expect(report.summary.byStatus).toEqual({ invalid: 2, succeeded: 8 });
    const pbx = report.rows.find((r) => r.sheet === 'PBX' && r.row === 2);
    expect(pbx?.ids?.cloudPbxId).toMatch(/^\d+$/);
    expect(pbx?.ids?.sn).toBeTruthy();
    expect(sandboxState(dir)?.ycm.pbxs.map((p) => p.subDomain)).toEqual(
      expect.arrayContaining(['acme', 'globex', 'hooli']),
    );
  });

  it('re-importing the .result.xlsx runs only what is not done: succeeded rows stay succeeded, not run again', async () => {
    const dir = home();
    const first = join(dir, 'sample.result.xlsx');
    const io1 = captureIo({ env: { PBX_BULK_HOME: dir } });
    expect(
      await main(['run', SAMPLE, '--yes', '--journal', join(dir, 'j1.jsonl'), '--report', first], io1),
    ).toBe(1);
    const pbxsAfterFirst = sandboxState(dir)?.ycm.pbxs.length;
    const ordersAfterFirst = sandboxState(dir)?.pp.orders.length;
    const second = join(dir, 'again.json');
    const io2 = captureIo({ env: { PBX_BULK_HOME: dir } });
    await main(['run', first, '--yes', '--journal', join(dir, 'j2.jsonl'), '--report', second], io2);
    const report = readReport(second);
    // As the result report said (and the xlsx it writes says), not "skipped" (issue 17, bug 11).
    for (const row of report.rows.filter((r) => r.status !== 'invalid')) {
      expect(row.status).toBe('succeeded');
      expect(row.messages).toEqual([expect.objectContaining({ reason: 'done-before' })]);
    }
    expect(report.rows.filter((r) => r.status === 'succeeded')).toHaveLength(8);
    expect(sandboxState(dir)?.ycm.pbxs.length).toBe(pbxsAfterFirst);
    expect(sandboxState(dir)?.pp.orders.length).toBe(ordersAfterFirst);
  });

  it('never writes the admin password, Kazoo API key, 3CX password and licence key or client secrets to any artefact', async () => {
    const dir = home();
    const file = await writeWorkbook(dir, {
      pbx: [pbxRow(80, 'secret-a'), pbxRow(81, 'secret-b', { plan: 'bad plan' })],
      myreports: [
        kazooRow('5ec7e75ec7e75ec7e75ec7e75ec7e700'),
        {
          customer: 'Globex',
          _type: 'ThreeCxConnectionProfile',
          name: 'Globex 3CX',
          licenseKey: THREECX_LICENCE,
          username: 'globexadmin',
          password: THREECX_PASSWORD,
          countryCode: 'US',
        },
      ],
    });
    const journal = join(dir, 'j.jsonl');
    const outputs: string[] = [];
    for (const report of ['r.xlsx', 'r.json', 'r.csv']) {
      const io = captureIo({ env: { PBX_BULK_HOME: dir } });
      expect(
        await main(['run', file, '--yes', '--journal', journal, '--report', join(dir, report)], io),
      ).toBe(1);
      outputs.push(io.out(), io.err());
    }
    const artefacts = [
      readFileSync(journal, 'utf8'),
      readFileSync(join(dir, 'r.json'), 'utf8'),
      readFileSync(join(dir, 'r.csv'), 'utf8'),
      await xlsxText(join(dir, 'r.xlsx')),
      readFileSync(join(dir, 'sandbox-state.json'), 'utf8'),
      ...outputs,
    ].join('\n');
    expect(readReport(join(dir, 'r.json')).summary.byStatus).toEqual({ succeeded: 3, invalid: 1 });
    const secrets = [
      ADMIN_PASSWORD,
      KAZOO_API_KEY,
      THREECX_PASSWORD,
      THREECX_LICENCE,
      DEMO_CREDENTIALS.ycm.clientSecret,
      DEMO_CREDENTIALS.pp.clientSecret,
      DEMO_CREDENTIALS.myreports.token,
    ];
    for (const secret of secrets) expect(artefacts.includes(secret), secret).toBe(false);
    // Not vacuous: the input itself holds the row secrets.
    const input = await xlsxText(file);
    for (const secret of [ADMIN_PASSWORD, KAZOO_API_KEY, THREECX_PASSWORD, THREECX_LICENCE])
      expect(input).toContain(secret);
  });

  it('exits 0 when every row succeeds', async () => {
    const dir = home();
    const file = await writeWorkbook(dir, { pbx: [pbxRow(82, 'all-good')] });
    const io = captureIo({ env: { PBX_BULK_HOME: dir } });
    expect(await main(['run', file, '--yes', '--report', join(dir, 'r.json')], io)).toBe(0);
    expect(readReport(join(dir, 'r.json')).summary.byStatus).toEqual({ succeeded: 1 });
    // Default journal next to the input.
    expect(existsSync(join(dir, 'input.journal.jsonl'))).toBe(true);
  });

  it('a report that cannot be written is refused before anything runs, said once, naming it', async () => {
    const dir = home();
    const file = await writeWorkbook(dir, { pbx: [pbxRow(84, 'no-report')] });
    const io = captureIo({ env: { PBX_BULK_HOME: dir } });
    const out = join(dir, 'no-such-dir', 'r.xlsx');
    const journal = join(dir, 'j.jsonl');
    expect(await main(['run', file, '--yes', '--report', out, '--journal', journal], io)).toBe(2);
    expect(io.err()).toContain(
      `Cannot write the report ${out}: the folder ${join(dir, 'no-such-dir')} does not exist.`,
    );
    expect(io.err().split('Cannot write').length).toBe(2);
    // Nothing ran: no journal, no plan printed.
    expect(existsSync(journal)).toBe(false);
    expect(io.out()).toBe('');
  });

  it('refuses a report or a journal that is the sheet being read, before anything runs', async () => {
    const dir = home();
    const file = await writeWorkbook(dir, { pbx: [pbxRow(85, 'over-input')] });
    const before = readFileSync(file);
    for (const flag of ['--report', '--journal']) {
      const io = captureIo({ env: { PBX_BULK_HOME: dir } });
      expect(await main(['run', file, '--yes', flag, file], io)).toBe(2);
      expect(io.err()).toContain('is the file being read');
    }
    expect(readFileSync(file).equals(before)).toBe(true);
    const io = captureIo({ env: { PBX_BULK_HOME: dir } });
    const same = join(dir, 'same.json');
    expect(await main(['run', file, '--yes', '--report', same, '--journal', same], io)).toBe(2);
    expect(io.err()).toContain("is the run's journal");
    expect(existsSync(same)).toBe(false);
  });

  it('stops with exit 3 at the canary when nobody can say go on, and resume finishes the rest', async () => {
    const dir = home();
    const file = await writeWorkbook(dir, { pbx: [pbxRow(83, 'canary-1'), pbxRow(87, 'canary-2')] });
    const journal = join(dir, 'j.jsonl');
    const io = captureIo({ env: { PBX_BULK_HOME: dir } });
    const code = await main(
      [
        'run',
        file,
        '--yes',
        '--concurrency',
        '1',
        '--canary',
        '1',
        '--journal',
        journal,
        '--report',
        join(dir, 'r.json'),
      ],
      io,
    );
    expect(code).toBe(3);
    expect(io.err()).toContain(`pbx-bulk resume ${journal}`);
    expect(readReport(join(dir, 'r.json')).summary.byStatus).toEqual({ succeeded: 1, skipped: 1 });
    const io2 = captureIo({ env: { PBX_BULK_HOME: dir } });
    expect(await main(['resume', journal, '--yes', '--report', join(dir, 'r2.json')], io2)).toBe(0);
    expect(readReport(join(dir, 'r2.json')).summary.byStatus).toEqual({ succeeded: 2 });
    expect(sandboxState(dir)?.ycm.pbxs.filter((p) => p.subDomain.startsWith('canary-'))).toHaveLength(2);
  });

  it('--canary N with the default concurrency runs exactly the first N rows, then stops', async () => {
    const dir = home();
    const subs = Array.from({ length: 10 }, (_, i) => `par-canary-${i + 1}`);
    const file = await writeWorkbook(dir, { pbx: subs.map((s, i) => pbxRow(30 + i, s)) });
    const io = captureIo({ env: { PBX_BULK_HOME: dir } });
    const args = ['run', file, '--yes', '--canary', '2', '--report', join(dir, 'r.json')];
    expect(await main([...args, '--journal', join(dir, 'j.jsonl')], io)).toBe(3);
    const report = readReport(join(dir, 'r.json'));
    expect(report.summary.byStatus).toEqual({ succeeded: 2, skipped: 8 });
    expect(report.rows.slice(0, 2).map((r) => r.status)).toEqual(['succeeded', 'succeeded']);
    const created = sandboxState(dir)?.ycm.pbxs.filter((p) => p.subDomain.startsWith('par-canary-'));
    expect(created?.map((p) => p.subDomain).sort()).toEqual(['par-canary-1', 'par-canary-2']);
    expect(report.rows[2]?.messages.map((m) => m.message)).toContain(
      'Not run: Canary: the first 2 rows ran; the run paused there.',
    );
  });

  it('rejects bad flags with exit 2 before touching anything', async () => {
    const dir = home();
    for (const flags of [
      ['--rate', '10/20/3'],
      ['--report', 'out.txt'],
      ['--concurrency', 'many'],
    ]) {
      const io = captureIo({ env: { PBX_BULK_HOME: dir } });
      expect(await main(['run', SAMPLE, '--yes', ...flags], io), flags.join(' ')).toBe(2);
      expect(io.err()).toMatch(/pbx-bulk run: /);
    }
    expect(sandboxState(dir)).toBeUndefined();
  });
});
