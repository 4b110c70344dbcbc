/**
 * Security of browser mode and the app (issue 16): the session secret never reaches an argv, a
 * password typed into another column reaches the window masked, and the app's files are private
 * and leave no copy of a sheet behind. The CLI's artefacts are searched in security.test.ts.
 */
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createUiRuntime, WORK_DIR_PREFIX } from '../../src/app/create-session.ts';
import { tempHomeEnv } from '../helpers/temp-home.ts';
import { defaultPorts } from '../../src/app/default-ports.ts';
import { RunHistory } from '../../src/app/run-history.ts';
import { Session } from '../../src/app/session.ts';
import { reportSource, type WorkbookState } from '../../src/app/workbook-state.ts';
import { run as runUi } from '../../src/cli/commands/ui.ts';
import type { CliIo } from '../../src/cli/io.ts';
import { SECRET_MASK } from '../../src/core/util/cell-safety.ts';
import { call } from '../server/helpers.ts';
import { ADMIN_PASSWORD, BAD_PASSWORD, writeSecretsWorkbook } from './security-secrets.ts';

let dir = '';
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pbx-security-app-'));
  await writeSecretsWorkbook(join(dir, 'secrets.xlsx'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('browser mode and the app keep secrets (issue 16)', () => {
  it('the browser opener is spawned with a one-time link, dead once used; the session secret is in no argv', async () => {
    const spawned: string[][] = [];
    let stop = (): void => undefined;
    const stopped = new Promise<void>((resolve) => (stop = resolve));
    let stdout = '';
    const io: CliIo = {
      stdout: new Writable({
        write: (chunk: Buffer, _enc, done) => {
          stdout += chunk.toString();
          done();
        },
      }),
      stderr: new Writable({ write: (_c, _e, done) => done() }),
      env: tempHomeEnv(),
      cwd: dir,
      isTty: false,
    };
    const exit = runUi([], io, { spawn: (command, args) => spawned.push([command, ...args]), stop: stopped });
    try {
      await vi.waitFor(() => expect(spawned.length).toBe(1), { timeout: 20_000 });
      const argv = spawned[0] ?? [];
      const opener = new URL(argv[argv.length - 1] ?? '');
      const printed = new URL(/Open: (\S+)/.exec(stdout)?.[1] ?? '');
      expect(opener.origin).toBe(printed.origin);
      expect(opener.search).not.toBe(printed.search);
      const port = Number(opener.port);
      // The browser's first request trades the opener's code for the session cookie.
      const first = await call(port, { path: `/${opener.search}` });
      expect(first.status).toBe(303);
      const secret = /pbx_ui_\d+=([^;]+)/.exec(String(first.headers['set-cookie']))?.[1] ?? '';
      expect(secret.length).toBeGreaterThan(20);
      // What any local user saw in `ps` is worthless now, and never held the secret.
      expect(argv.join(' ')).not.toContain(secret);
      expect(stdout).not.toContain(secret);
      const replay = await call(port, { path: `/${opener.search}` });
      expect(replay.status).toBe(401);
      expect(replay.headers['set-cookie']).toBeUndefined();
      // The printed link works once for a browser opened by hand; then a fresh one is printed.
      expect((await call(port, { path: `/${printed.search}` })).status).toBe(303);
      expect((await call(port, { path: `/${printed.search}` })).status).toBe(401);
      const next = new URL(/Another browser can open: (\S+)/.exec(stdout)?.[1] ?? '');
      expect((await call(port, { path: `/${next.search}` })).status).toBe(303);
    } finally {
      stop();
    }
    expect(await exit).toBe(0);
  });

  it('an admin password also typed into a Notes column reaches the window masked (openSheet, getRows, updateCell)', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(join(dir, 'secrets.xlsx'));
    const sheet = workbook.worksheets.find((s) => s.name === 'PBX');
    if (!sheet) throw new Error('no PBX sheet');
    const notes = sheet.columnCount + 1;
    sheet.getRow(1).getCell(notes).value = 'Notes';
    sheet.getRow(2).getCell(notes).value = ADMIN_PASSWORD;
    sheet.getRow(3).getCell(notes).value = `temp pw ${ADMIN_PASSWORD} (change it)`;
    sheet.getRow(4).getCell(notes).value = BAD_PASSWORD;
    const file = join(dir, 'notes.xlsx');
    await workbook.xlsx.writeFile(file);
    const session = new Session({
      ports: defaultPorts(),
      workDir: mkdtempSync(join(tmpdir(), 'pbx-security-ui-')),
      targets: [{ id: 'sandbox', label: 'Sandbox', sandbox: true, live: { kind: 'live' } }],
    });
    const ref = await session.uploadFile({ name: 'notes.xlsx', data: new Uint8Array(readFileSync(file)) });
    const opened = await session.openSheet({ file: ref });
    const rows = await session.getRows({ sheet: 'PBX', start: 0, count: 100 });
    const column = opened.sheets[0]?.columns.find((c) => c.header === 'Notes')?.index ?? -1;
    expect(opened.sheets[0]?.columns[column]?.secret).toBe(false);
    expect(rows.rows.map((r) => r.cells[column])).toEqual([
      SECRET_MASK,
      `temp pw ${SECRET_MASK} (change it)`,
      SECRET_MASK,
    ]);
    // Editing another cell of the row sends the row back: still masked.
    const edited = await session.updateCell({ sheet: 'PBX', index: 0, col: 0, text: 'Sec renamed' });
    const sent = JSON.stringify([opened, rows, edited, await session.getReport()]);
    for (const secret of [ADMIN_PASSWORD, BAD_PASSWORD]) expect(sent).not.toContain(secret);
    // The mask given back by an editor that shows it is not a new value: the note stays as typed.
    await session.updateCell({
      sheet: 'PBX',
      index: 1,
      col: column,
      text: `temp pw ${SECRET_MASK} (change it)`,
    });
    const source = reportSource((session as unknown as { state: WorkbookState }).state);
    expect(source.sheets[0]?.rows[1]?.cells[column]).toBe(`temp pw ${ADMIN_PASSWORD} (change it)`);
  });
});

describe('the app leaves no copy of a sheet behind and writes its files private (issue 16)', () => {
  /** Every file and folder under `root` whose mode is not private (files 0600, folders 0700). */
  function notPrivate(root: string): string[] {
    const out: string[] = [];
    const walk = (path: string): void => {
      const info = statSync(path);
      const mode = info.mode & 0o777;
      if (info.isDirectory()) {
        if (mode !== 0o700) out.push(`${path} ${mode.toString(8)}`);
        for (const name of readdirSync(path)) walk(join(path, name));
      } else if (mode !== 0o600) out.push(`${path} ${mode.toString(8)}`);
    };
    walk(root);
    return out;
  }

  /** The id of a process that has ended. */
  function deadPid(): number {
    const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
      encoding: 'utf8',
    });
    return Number(child.stdout);
  }

  it('the run history (copy of the sheet, meta, report, recent runs) is 0600 in 0700 folders', async () => {
    const work = mkdtempSync(join(tmpdir(), 'pbx-security-history-'));
    const history = new RunHistory(work);
    await history.begin('run-1', join(dir, 'secrets.xlsx'), 'secrets.xlsx');
    await history.saveReport('run-1', {
      summary: { file: 'x', mode: 'run', total: 0, byStatus: {}, errors: 0, warnings: 0, fileMessages: [] },
      rows: [],
    });
    await history.remember({ runId: 'run-1', file: 'secrets.xlsx', target: 'Sandbox', startedAt: '' });
    expect(readdirSync(join(work, 'runs', 'run-1')).sort()).toEqual([
      'meta.json',
      'report.json',
      'secrets.xlsx',
    ]);
    expect(notPrivate(join(work, 'runs'))).toEqual([]);
    expect(notPrivate(join(work, 'recent-runs.json'))).toEqual([]);
  });

  it('uploads, working copies and exports are private, dropped when the sheet is closed and when the session ends', async () => {
    const work = mkdtempSync(join(tmpdir(), 'pbx-security-work-'));
    // What a crashed earlier launch left: its scratch folder, under its (dead) process id.
    const stale = join(work, 'scratch', String(deadPid()), 'copies', '1');
    mkdirSync(stale, { recursive: true });
    writeFileSync(join(stale, 'secrets.csv'), ADMIN_PASSWORD);
    const session = new Session({
      ports: defaultPorts(),
      workDir: work,
      targets: [{ id: 'sandbox', label: 'Sandbox', sandbox: true, live: { kind: 'live' } }],
    });
    const data = new Uint8Array(readFileSync(join(dir, 'secrets.xlsx')));
    const ref = await session.uploadFile({ name: 'secrets.xlsx', data });
    await session.openSheet({ file: ref });
    await session.updateCell({ sheet: 'PBX', index: 0, col: 0, text: 'Sec edited' });
    await session.validate(); // writes a working copy of the edited sheet
    await session.exportReport({ format: 'xlsx' });
    const scratch = join(work, 'scratch', String(process.pid));
    expect(readdirSync(join(work, 'scratch'))).toEqual([String(process.pid)]); // the stale one is gone
    expect(readdirSync(scratch).sort()).toEqual(['copies', 'exports', 'uploads']);
    expect(readdirSync(join(scratch, 'copies')).length).toBe(1);
    expect(notPrivate(scratch)).toEqual([]);
    // Another sheet opened: the working copies of the closed one are removed.
    await session.openSheet({ file: await session.uploadFile({ name: 'again.xlsx', data }) });
    expect(readdirSync(scratch)).not.toContain('copies');
    await session.close();
    expect(readdirSync(join(work, 'scratch'))).toEqual([]);
  });

  it("browser mode's folder is private and keeps only its runs after exit; an old version's crashed temp folder is removed", async () => {
    const crashed = mkdtempSync(join(tmpdir(), WORK_DIR_PREFIX));
    writeFileSync(join(crashed, 'owner.pid'), `${deadPid()}\n`);
    mkdirSync(join(crashed, 'scratch'));
    const env = tempHomeEnv();
    const runtime = await createUiRuntime({ env });
    const own = runtime.session.workDir;
    try {
      expect(existsSync(crashed)).toBe(false);
      expect(own).toBe(join(env.PBX_BULK_HOME, 'ui'));
      expect(statSync(own).mode & 0o777).toBe(0o700);
      await runtime.session.uploadFile({ name: 'a.csv', data: new Uint8Array([97]) });
      expect(readdirSync(join(own, 'scratch')).length).toBe(1);
    } finally {
      await runtime.close();
    }
    // The launch's uploads are gone; the folder (its runs, Recent runs) stays for the next launch.
    expect(readdirSync(join(own, 'scratch'))).toEqual([]);
    expect(existsSync(own)).toBe(true);
  });
});
