/**
 * Security suite: known secrets go in (admin passwords, a Kazoo apiKey, client secrets and the
 * MyReports token via the environment), then every artefact is searched for them: journal, JSON,
 * CSV and XLSX reports (the XML inside the zip), stdout and stderr of every command (a crash with
 * PBX_BULK_DEBUG=1 included) and the sandbox's state file. Also: formula payloads come out
 * neutralised in CSV/XLSX, http is refused for non-loopback targets, and disabling TLS checks is
 * refused. Real CLI processes against a real loopback sandbox.
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
import { startSandbox, type Sandbox } from '../../src/sandbox/server.ts';
import { EXAMPLE_ROWS } from '../../src/core/templates/sample-rows.ts';
import { writeTemplate } from '../../src/core/templates/make-template.ts';
import { FAST_RATE } from './crash-trial.ts';
import { runCli, targetEnv, type CliResult } from './processes.ts';

const ADMIN = 'cloudPbxInitialConfigRequest.administratorSettings';
const ADMIN_PASSWORD = 'Zq7-Adm!n-Pw-Kx9';
/** Breaks the password rules (4 consecutive digits), so the row is invalid: errors must not echo it. */
const BAD_PASSWORD = 'Leak-9876-Pw-Qz';
const API_KEY = 'kz-apikey-5f1e9c0b7d2a4e68';
const CLIENT_SECRETS = ['sandbox-ycm-secret', 'sandbox-pp-secret', 'sandbox-myreports-token'];
const SECRETS = [ADMIN_PASSWORD, BAD_PASSWORD, API_KEY, ...CLIENT_SECRETS];

let dir = '';
let sandbox: Sandbox;
const outputs: { name: string; text: string }[] = [];

function keep(name: string, r: CliResult): CliResult {
  outputs.push({ name: `${name} stdout`, text: r.stdout }, { name: `${name} stderr`, text: r.stderr });
  return r;
}

function pbxRow(sub: string, password: string): Record<string, string> {
  const base = { ...(EXAMPLE_ROWS.pbx[0] ?? {}) };
  delete base['dids'];
  return {
    ...base,
    name: `Sec ${sub}`,
    subDomain: sub,
    [`${ADMIN}.newPassword`]: password,
    [`${ADMIN}.confirmPassword`]: password,
  };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pbx-security-'));
  sandbox = await startSandbox({ port: 0, stateFile: join(dir, 'sandbox-state.json') });
  const profile = { ...(EXAMPLE_ROWS.myreports[0] ?? {}), apiKey: API_KEY, accountId: 'f'.repeat(32) };
  await writeTemplate(join(dir, 'secrets.xlsx'), ['pbx', 'myreports'], {
    pbx: [pbxRow('secone', ADMIN_PASSWORD), pbxRow('sectwo', ADMIN_PASSWORD), pbxRow('secbad', BAD_PASSWORD)],
    did: [],
    expansion: [],
    myreports: [profile],
  });
  const env = targetEnv(sandbox.url, dir);
  const journal = join(dir, 'secrets.journal.jsonl');
  const file = join(dir, 'secrets.xlsx');
  keep('validate', await runCli(['validate', file, '--report', join(dir, 'validate.xlsx')], { env }));
  keep('plan', await runCli(['plan', file], { env }));
  const run = keep(
    'run',
    await runCli(
      ['run', file, '--yes', '--journal', journal, '--report', join(dir, 'run.xlsx'), ...FAST_RATE],
      { env },
    ),
  );
  expect(run.code, run.stderr).toBe(1); // one invalid row
  for (const ext of ['csv', 'json'])
    keep(
      `resume ${ext}`,
      await runCli(['resume', journal, '--yes', '--report', join(dir, `run.${ext}`)], { env }),
    );
  // A crash with a stack trace: the YCM host refuses connections.
  const dead = { ...env, YCM_BASE_URL: 'http://127.0.0.1:9', PBX_BULK_DEBUG: '1' };
  keep(
    'crash',
    await runCli(
      ['run', file, '--yes', '--journal', join(dir, 'dead.jsonl'), '--report', join(dir, 'dead.json')],
      { env: dead },
    ),
  );
}, 180_000);

afterAll(async () => {
  await sandbox.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Every file the commands wrote (folders such as locks/ included), xlsx files as their XML parts. */
function artefacts(): { name: string; text: string }[] {
  const found: { name: string; text: string }[] = [...outputs];
  const walk = (folder: string, prefix: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      const name = `${prefix}${entry.name}`;
      if (entry.isDirectory()) walk(path, `${name}/`);
      else if (name === 'secrets.xlsx')
        continue; // the input itself holds the secrets
      else if (name.endsWith('.xlsx')) {
        const xml = spawnSync('unzip', ['-p', path], { encoding: 'utf8', maxBuffer: 64 << 20 });
        found.push({ name: `${name} (XML inside)`, text: xml.stdout });
      } else found.push({ name, text: readFileSync(path, 'utf8') });
    }
  };
  walk(dir, '');
  return found;
}

describe('secrets never leave the input', () => {
  it('the run really used the secrets (PBXs and the profile were created)', () => {
    const state = sandbox.state();
    expect(state.ycm.pbxs.map((p) => p.subDomain)).toEqual(expect.arrayContaining(['secone', 'sectwo']));
    expect(state.mr.profiles).toHaveLength(1);
  });

  it('covers journal, JSON/CSV/XLSX reports, sandbox state and every stdout/stderr', () => {
    const names = artefacts().map((a) => a.name);
    for (const want of [
      'secrets.journal.jsonl',
      'run.json',
      'run.csv',
      'run.xlsx (XML inside)',
      'sandbox-state.json',
      'crash stderr',
    ])
      expect(names).toContain(want);
  });

  it.each(SECRETS)('no artefact contains %s', (secret) => {
    const leaks = artefacts()
      .filter((a) => a.text.includes(secret))
      .map((a) => a.name);
    expect(leaks).toEqual([]);
  });

  it('the invalid password row is reported without echoing the password', () => {
    const report = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as {
      rows: { row: number; sheet: string; status: string; messages: { message: string }[] }[];
    };
    const bad = report.rows.find((r) => r.sheet === 'PBX' && r.row === 4);
    expect(bad?.status).toBe('invalid');
    expect(bad?.messages.map((m) => m.message).join(' ')).toMatch(/consecutive|digits/i);
  });
});

describe('exported cells are safe against formula injection', () => {
  const PAYLOADS = [
    '=HYPERLINK("http://evil.example","x")',
    '+1+cmd|calc',
    '-2+3+cmd',
    '@SUM(1+1)*cmd',
    '=1+1',
  ];

  it('formula payloads in the input come out with a leading quote in CSV and XLSX reports', async () => {
    const csv = join(dir, 'formulas.csv');
    const lines = [
      'PBX subdomain,Trunk,DIDs,Mode',
      ...PAYLOADS.map((p) => `"${p.replace(/"/g, '""')}",US_Register_A1B2C3,+12025550150,add`),
    ];
    writeFileSync(csv, `${lines.join('\r\n')}\r\n`);
    const env = targetEnv(sandbox.url, dir);
    await runCli(['validate', csv, '--kind', 'did', '--report', join(dir, 'formulas.result.csv')], { env });
    await runCli(['validate', csv, '--kind', 'did', '--report', join(dir, 'formulas.result.xlsx')], { env });
    const out = readFileSync(join(dir, 'formulas.result.csv'), 'utf8');
    const xml = spawnSync('unzip', ['-p', join(dir, 'formulas.result.xlsx')], { encoding: 'utf8' }).stdout;
    const text = xml
      .replace(/&apos;/g, "'")
      .replace(/&quot;/g, '"')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
    for (const p of PAYLOADS) {
      const quoted = `'${p}`;
      expect(
        out.includes(`"${quoted.replace(/"/g, '""')}"`) ||
          out.includes(`,${quoted},`) ||
          out.includes(`${quoted},`),
      ).toBe(true);
      expect(text.includes(`>${quoted}<`)).toBe(true);
    }
    // No cell is stored as a formula.
    expect(xml).not.toMatch(/<f>/);
  });
});

describe('connections are never weakened', () => {
  function liveRun(extra: Record<string, string>): CliResult {
    const env = { ...targetEnv('https://ycm.example.com', dir), ...extra };
    const r = spawnSync(process.execPath, ['bin/pbx-bulk.mjs', 'plan', join(dir, 'secrets.xlsx')], {
      env,
      encoding: 'utf8',
    });
    return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
  }

  it('an http base URL that is not loopback is refused before any call', () => {
    const r = liveRun({ YCM_BASE_URL: 'http://ycm.example.com' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/https/i);
  });

  it('NODE_TLS_REJECT_UNAUTHORIZED=0 with live targets is refused', () => {
    const r = liveRun({ NODE_TLS_REJECT_UNAUTHORIZED: '0' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/NODE_TLS_REJECT_UNAUTHORIZED=0 disables TLS certificate checks/);
  });

  it('the refusals do not print the client secrets', () => {
    const r = liveRun({ YCM_BASE_URL: 'http://ycm.example.com' });
    for (const s of CLIENT_SECRETS) expect(r.stdout + r.stderr).not.toContain(s);
  });
});

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

describe('the files the tools and the app write are private; the app leaves no copy of a sheet behind (issue 16)', () => {
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

  it('journals, reports (JSON, CSV, XLSX) and the sandbox state file are created 0600', () => {
    const files = [
      'secrets.journal.jsonl',
      'validate.xlsx',
      'run.xlsx',
      'run.csv',
      'run.json',
      'sandbox-state.json',
    ];
    for (const name of files)
      expect(`${name} ${(statSync(join(dir, name)).mode & 0o777).toString(8)}`).toBe(`${name} 600`);
  });

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
