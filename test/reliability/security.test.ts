/**
 * Security suite: known secrets go in (admin passwords, a Kazoo apiKey, client secrets and the
 * MyReports token via the environment), then every artefact is searched for them: journal, JSON,
 * CSV and XLSX reports (the XML inside the zip), stdout and stderr of every command (a crash with
 * PBX_BULK_DEBUG=1 included) and the sandbox's state file. Also: formula payloads come out
 * neutralised in CSV/XLSX, http is refused for non-loopback targets, disabling TLS checks is
 * refused, and the files written are private. Real CLI processes against a real loopback sandbox.
 * Browser mode and the app are in security-app.test.ts.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.ts';
import { FAST_RATE } from './crash-trial.ts';
import { runCli, targetEnv, type CliResult } from './processes.ts';
import { CLIENT_SECRETS, SECRETS, writeSecretsWorkbook } from './security-secrets.ts';

let dir = '';
let sandbox: Sandbox;
const outputs: { name: string; text: string }[] = [];

function keep(name: string, r: CliResult): CliResult {
  outputs.push({ name: `${name} stdout`, text: r.stdout }, { name: `${name} stderr`, text: r.stderr });
  return r;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pbx-security-'));
  sandbox = await startSandbox({ port: 0, stateFile: join(dir, 'sandbox-state.json') });
  await writeSecretsWorkbook(join(dir, 'secrets.xlsx'));
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

describe('the files the tools write are private (issue 16)', () => {
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
});
