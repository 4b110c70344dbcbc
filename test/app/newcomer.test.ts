/**
 * The app session as issue 17 found it: what browser mode keeps across launches, what the dry run
 * says against what Review shows, a result report fed back in, per-sheet CSV exports, a mapping of
 * two columns to one field, credentials errors in the form's words, and a live run's billed orders.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createUiRuntime, type UiRuntime } from '../../src/app/create-session.ts';
import { liveTarget } from '../../src/app/live-credentials.ts';
import { SessionError } from '../../src/app/session-error.ts';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.ts';
import { tempHomeEnv } from '../helpers/temp-home.ts';

const SAMPLE = join(import.meta.dirname, '../../templates/sample.xlsx');
const open: Array<{ close(): Promise<void> }> = [];

afterEach(async () => {
  for (const x of open.splice(0).reverse()) await x.close();
  vi.unstubAllEnvs();
});

async function launch(env: Record<string, string> = tempHomeEnv()): Promise<UiRuntime> {
  const rt = await createUiRuntime({ env });
  open.push(rt);
  return rt;
}

async function openFile(rt: UiRuntime, path: string, name = 'sample.xlsx'): Promise<void> {
  const ref = await rt.session.uploadFile({ name, data: new Uint8Array(await readFile(path)) });
  await rt.session.openSheet({ file: ref });
}

async function runSample(rt: UiRuntime): Promise<void> {
  await openFile(rt, SAMPLE);
  await rt.session.run.plan();
  await rt.session.run.start({});
  await rt.session.run.done;
}

/** Rows the Review grid lists under "errors only", over the sheets named. */
async function reviewErrors(rt: UiRuntime, sheets: string[]): Promise<number> {
  let n = 0;
  for (const sheet of sheets)
    n += (await rt.session.getRows({ sheet, start: 0, count: 100, filter: 'errors' })).total;
  return n;
}

describe('browser mode keeps its runs in the tool home (PBX_BULK_HOME)', () => {
  it('a relaunch lists the last launch’s runs, reopens one, and its sandbox remembers what it created', async () => {
    const env = tempHomeEnv();
    const first = await launch(env);
    await runSample(first);
    const runId = first.session.run.status().runId;
    expect(first.session.workDir).toBe(join(env.PBX_BULK_HOME, 'ui'));
    await first.close();
    open.splice(0);

    const again = await launch(env);
    const recent = await again.session.run.listRecent();
    expect(recent.map((r) => r.runId)).toEqual([runId]);
    const reopened = await again.session.openRun({ runId: runId ?? '' });
    expect(reopened.report.rows.filter((r) => r.status === 'succeeded').length).toBe(8);
    // The PBXs the first launch created are still there: the dry run skips them.
    await openFile(again, SAMPLE);
    const plan = await again.session.run.plan();
    expect(plan.creates.pbx).toBe(0);
    expect(plan.skipped).toBe(3);
  });
});

describe('the dry run says what Review shows', () => {
  it('after a run: the rows it will not send are the rows with errors in Review; skipped rows are no failures; quota use is information', async () => {
    const rt = await launch();
    await runSample(rt);
    const plan = await rt.session.run.plan();
    const shown = await rt.session.getReport();
    const invalid = shown?.rows.filter((r) => r.status === 'invalid') ?? [];
    expect(plan.blocked).toBe(invalid.length);
    expect(
      plan.problems.flatMap((p) => p.rows).sort((a, b) => a.sheet.localeCompare(b.sheet) || a.row - b.row),
    ).toEqual(
      invalid
        .map((r) => ({ sheet: r.sheet, row: r.row }))
        .sort((a, b) => a.sheet.localeCompare(b.sheet) || a.row - b.row),
    );
    expect(plan.skipped).toBe(shown?.rows.filter((r) => r.status === 'skipped').length);
    expect(plan.skipped).toBe(3);
    expect(plan.warnings.some((w) => w.startsWith('Quota use'))).toBe(false);
    expect(plan.notes).toEqual([expect.stringMatching(/^Quota use: /)]);
    // The sheets' counts the renderer shows in Review are the dry run's.
    const pbx = plan.sheets.find((s) => s.name === 'PBX');
    expect(pbx?.counts.invalid).toBe(invalid.filter((r) => r.sheet === 'PBX').length);
    expect(
      await reviewErrors(
        rt,
        plan.sheets.map((x) => x.name),
      ),
    ).toBe(plan.blocked);
  });
});

describe('a result report fed back in', () => {
  it('calls the rows an earlier run did succeeded, on screen as in the report it writes', async () => {
    const rt = await launch();
    await runSample(rt);
    const exported = await rt.session.exportReport({ format: 'xlsx' });
    const path = rt.session.exportFile(exported.id)?.path ?? '';
    await openFile(rt, path, 'sample-report.xlsx');
    await rt.session.run.plan();
    await rt.session.run.start({});
    await rt.session.run.done;
    const onScreen = await rt.session.getReport();
    expect(onScreen?.summary.byStatus.skipped ?? 0).toBe(0);
    const again = await rt.session.exportReport({ format: 'xlsx' });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(rt.session.exportFile(again.id)?.path ?? '');
    const sheet = wb.getWorksheet('PBX');
    const header = (sheet?.getRow(1).values as unknown[]).slice(1);
    const at = header.indexOf('Result: status') + 1;
    for (const r of onScreen?.rows.filter((x) => x.sheet === 'PBX') ?? []) {
      expect(String(sheet?.getRow(r.row).getCell(at).value)).toBe(r.status);
    }
    expect(onScreen?.rows.filter((r) => r.sheet === 'PBX' && r.status === 'succeeded').length).toBe(3);
  });
});

describe('exports', () => {
  it('a CSV of a workbook is one sheet with its own columns; without a sheet it says how', async () => {
    const rt = await launch();
    await runSample(rt);
    const e = await rt.session.exportReport({ format: 'csv', sheet: 'DID Bindings' });
    expect(e.name).toBe('sample-report.DID Bindings.csv');
    const [header = '', ...rows] = (await readFile(rt.session.exportFile(e.id)?.path ?? '', 'utf8'))
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(header.startsWith('PBX subdomain,')).toBe(true);
    expect(header).toContain('Result: status');
    expect(rows).toHaveLength(2);
    await expect(rt.session.exportReport({ format: 'csv' })).rejects.toThrow(
      /A CSV holds one sheet: export the CSV of each sheet \(PBX, DID Bindings, Expansions, MyReports\)/,
    );
  });
});

describe('mapping', () => {
  it('two columns for one field: refused, naming both columns as the user’s sheet has them', async () => {
    const rt = await launch();
    await openFile(rt, SAMPLE);
    // Column A is ignored: the working copy then has one column fewer, and its letters are off by one.
    await rt.session.setMapping({ sheet: 'PBX', mapping: { 'PBX name': null } });
    await expect(
      rt.session.setMapping({ sheet: 'PBX', mapping: { 'Extra transcription minutes': 'region' } }),
    ).rejects.toThrow(
      "Columns 'Extra transcription minutes' (G) and 'Region' (I) would both fill the field region",
    );
    const view = await rt.session.validate();
    expect(view.sheets[0]?.columns.find((c) => c.header === 'Extra transcription minutes')?.field).toBe(
      'transcriptionCapacity',
    );
  });
});

describe('credentials', () => {
  it('an error names the field as the Connect form labels it, and says which one', () => {
    let error: unknown;
    try {
      liveTarget({ YCM_BASE_URL: 'http://ycm.example.com', YCM_CLIENT_ID: 'c', YCM_CLIENT_SECRET: 's' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SessionError);
    expect((error as SessionError).message).toMatch(/^'YCM Base URL' must use https:\/\//);
    expect((error as SessionError).field).toBe('YCM_BASE_URL');
    expect(() => liveTarget({ PP_CLIENT_ID: 'c' })).toThrow(
      "'Partner Portal Client secret' must be set together with 'Partner Portal Client ID'.",
    );
  });
});

describe('a live target', () => {
  let vendor: Sandbox;

  it('names its account (never a secret), and a run with billed orders needs their count typed', async () => {
    vendor = await startSandbox({ port: 0 });
    open.push(vendor);
    const home = tempHomeEnv();
    vi.stubEnv('PBX_BULK_HOME', home.PBX_BULK_HOME); // the account locks of the live run
    const rt = await launch({
      ...home,
      YCM_BASE_URL: vendor.ycmBaseUrl,
      YCM_CLIENT_ID: vendor.credentials.ycm.clientId,
      YCM_CLIENT_SECRET: vendor.credentials.ycm.clientSecret,
      PP_BASE_URL: vendor.ppBaseUrl,
      PP_CLIENT_ID: vendor.credentials.pp.clientId,
      PP_CLIENT_SECRET: vendor.credentials.pp.clientSecret,
    });
    const [target] = (await rt.session.getTargets()).targets;
    expect(target?.sandbox).toBe(false);
    expect(target?.account).toContain(`client ${vendor.credentials.ycm.clientId}`);
    expect(target?.account).toContain(`Partner Portal client ${vendor.credentials.pp.clientId}`);
    expect(JSON.stringify(target)).not.toContain(vendor.credentials.ycm.clientSecret);
    await openFile(rt, SAMPLE);
    const plan = await rt.session.run.plan();
    expect(plan.orders).toBe(1);
    await expect(rt.session.run.start({})).rejects.toThrow(/places 1 billed order\(s\).*type 1 to confirm/);
    await expect(rt.session.run.start({ confirmOrders: 2 })).rejects.toThrow(/type 1 to confirm/);
    await rt.session.run.start({ confirmOrders: 1 });
    await rt.session.run.done;
    expect(vendor.stats().created.pbxs).toBe(3);

    // A retry sends the sheet as it is now: edited since the run, its orders were never confirmed.
    const wb = await rt.session.getWorkbook();
    const sheet = wb?.sheets.find((s) => s.kind === 'expansion');
    if (!sheet) throw new Error('the sample has an Expansions sheet');
    const col = sheet.columns.findIndex((c) => c.field === 'addExtensions');
    expect(col).toBeGreaterThanOrEqual(0);
    await rt.session.updateCell({ sheet: sheet.name, index: 0, col, text: '7' });
    await expect(rt.session.run.start({ retry: true })).rejects.toThrow(
      /edited since this run.*billed orders.*nobody confirmed/,
    );
    expect(vendor.stats().created.pbxs).toBe(3);
  });
});
