/**
 * `pbx-bulk retry REPORT` (issue 17, item 9): the failed rows of a result report run again without
 * the masked secrets typed again; they come from the original file the journal names, row by row.
 * Against a sandbox on loopback standing in for the live target, whose creates fail at first.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { SECRET_MASK } from '../../src/core/util/cell-safety.ts';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.ts';
import { captureIo } from '../helpers/cli.ts';
import { ADMIN_PASSWORD, pbxRow, writeWorkbook } from '../core/engine/engine-helpers.ts';
import { targetEnv } from '../reliability/processes.ts';

const PASSWORD_HEADER = 'cloudPbxInitialConfigRequest.administratorSettings.newPassword';

let live: Sandbox | undefined;
afterEach(async () => {
  await live?.close();
  live = undefined;
});

/** The cell texts of one column of the PBX sheet, under its header. */
async function column(file: string, header: string): Promise<string[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.getWorksheet('PBX');
  const index = (ws?.getRow(1).values as unknown[] | undefined)?.indexOf(header) ?? -1;
  const out: string[] = [];
  ws?.eachRow((row, n) => {
    if (n > 1 && index > 0) out.push(row.getCell(index).text);
  });
  return out;
}

/** A sandbox standing in for the live target, whose PBX creates fail until its faults are cleared. */
async function failingLive(dir: string): Promise<{ sandbox: Sandbox; creates: string[] }> {
  const creates: string[] = [];
  const sandbox = await startSandbox({
    port: 0,
    stateFile: join(dir, 'live-state.json'),
    faults: { error500: 1, only: ['/v1/cloud_pbx/instances'] },
    onRequest: (r) => {
      if (r.method === 'POST' && r.url.endsWith('/v1/cloud_pbx/instances')) creates.push(r.body);
    },
  });
  return { sandbox, creates };
}

describe('pbx-bulk retry', () => {
  it('runs the failed rows of a result report with the secrets of the original, row by row', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-retry-'));
    const file = await writeWorkbook(dir, { pbx: [pbxRow(71, 'retry-a'), pbxRow(72, 'retry-b')] });
    const { sandbox, creates } = await failingLive(dir);
    live = sandbox;
    const env = targetEnv(live.url, dir);
    const first = captureIo({ env, cwd: dir });
    expect(await main(['run', 'input.xlsx', '--yes'], first)).toBe(1);
    const report = join(dir, 'input.result.xlsx');
    expect(await column(report, 'Result: status')).toEqual(['failed', 'failed']);
    expect(await column(report, PASSWORD_HEADER)).toEqual([SECRET_MASK, SECRET_MASK]);

    // Without retry, the masked passwords are refused: they would have to be typed again.
    live.setFaults({});
    const plain = captureIo({ env, cwd: dir });
    await main(['plan', report], plain);
    expect(plain.out()).toMatch(/masked when the report was exported; type it again/);

    creates.length = 0;
    const again = captureIo({ env, cwd: dir });
    expect(await main(['retry', 'input.result.xlsx', '--yes'], again)).toBe(0);
    expect(again.err()).toContain(`masked secrets are taken from ${file}`);
    expect(creates).toHaveLength(2);
    for (const body of creates) expect(body).toContain(ADMIN_PASSWORD);
    expect(live.state().ycm.pbxs.filter((p) => p.subDomain.startsWith('retry-'))).toHaveLength(2);
    const retried = join(dir, 'input.retry.xlsx');
    expect(await column(retried, 'Result: status')).toEqual(['succeeded', 'succeeded']);
    expect(again.out()).not.toContain(ADMIN_PASSWORD);
    expect(again.err()).not.toContain(ADMIN_PASSWORD);
  }, 60_000);

  it('reads the original as the run read it: its --header-row, for the secrets of a retry', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-retry-'));
    const file = await writeWorkbook(dir, { pbx: [pbxRow(74, 'retry-h')] });
    // Two cells above the headers: not a title the reader skips by itself, so --header-row 2.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    wb.getWorksheet('PBX')?.spliceRows(1, 0, ['Batch 7', 'owner: ops']);
    await wb.xlsx.writeFile(file);
    const { sandbox, creates } = await failingLive(dir);
    live = sandbox;
    const env = targetEnv(live.url, dir);
    expect(
      await main(['run', 'input.xlsx', '--header-row', '2', '--yes'], captureIo({ env, cwd: dir })),
    ).toBe(1);
    live.setFaults({});
    creates.length = 0;
    const again = captureIo({ env, cwd: dir });
    expect(await main(['retry', 'input.result.xlsx', '--yes'], again)).toBe(0);
    expect(again.out()).not.toMatch(/type it again/);
    expect(creates).toHaveLength(1);
    expect(creates[0]).toContain(ADMIN_PASSWORD);
  }, 60_000);

  it('maps the original as the run mapped it: a password column named by --map is a secret', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-retry-'));
    const file = await writeWorkbook(dir, { pbx: [pbxRow(75, 'retry-m')] });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const header = wb.getWorksheet('PBX')?.getRow(1);
    header?.eachCell((cell) => {
      if (cell.text === PASSWORD_HEADER) cell.value = 'Zugang';
    });
    await wb.xlsx.writeFile(file);
    writeFileSync(join(dir, 'map.json'), JSON.stringify({ PBX: { Zugang: PASSWORD_HEADER } }));
    const { sandbox, creates } = await failingLive(dir);
    live = sandbox;
    const env = targetEnv(live.url, dir);
    expect(
      await main(['run', 'input.xlsx', '--map', 'map.json', '--yes'], captureIo({ env, cwd: dir })),
    ).toBe(1);
    live.setFaults({});
    creates.length = 0;
    const again = captureIo({ env, cwd: dir });
    expect(await main(['retry', 'input.result.xlsx', '--yes'], again)).toBe(0);
    expect(creates).toHaveLength(1);
    expect(creates[0]).toContain(ADMIN_PASSWORD);
  }, 60_000);

  it('says where to find the original when there is no journal, and refuses a JSON report', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-retry-'));
    const file = await writeWorkbook(dir, { pbx: [pbxRow(73, 'retry-c')] }, 'lost.result.xlsx');
    const io = captureIo({ env: { PBX_BULK_HOME: dir }, cwd: dir });
    expect(await main(['retry', file, '--yes'], io)).toBe(2);
    expect(io.err()).toMatch(/no run journal at .*lost\.journal\.jsonl.*--from ORIGINAL/);
    const json = captureIo({ env: { PBX_BULK_HOME: dir }, cwd: dir });
    expect(await main(['retry', join(dir, 'r.json')], json)).toBe(2);
    expect(json.err()).toContain('a .json report cannot be run');
    expect(existsSync(join(dir, 'lost.retry.xlsx'))).toBe(false);
  });
});
