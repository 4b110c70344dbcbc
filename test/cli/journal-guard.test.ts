/**
 * What guards a journal (PRODUCT.md, Run): it belongs to the target it was written against, only
 * one run uses it at a time, and `resume` reads the sheet as the run it continues did. Against the
 * in-process sandbox, and a second sandbox on loopback standing in for a live target.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import type { JournalHeader } from '../../src/core/run/journal.ts';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.ts';
import type { Report } from '../../src/shared/types.ts';
import { captureIo } from '../helpers/cli.ts';
import { pbxRow, writeWorkbook } from '../core/engine/engine-helpers.ts';
import { BIN, ROOT, targetEnv } from '../reliability/processes.ts';

function home(): string {
  return mkdtempSync(join(tmpdir(), 'cli-journal-guard-'));
}

interface SandboxFile {
  ycm: { pbxs: { subDomain: string }[] };
  pp: { orders: unknown[] };
}

function sandboxState(dir: string): SandboxFile {
  return JSON.parse(readFileSync(join(dir, 'sandbox-state.json'), 'utf8')) as SandboxFile;
}

function readReport(file: string): Report {
  return JSON.parse(readFileSync(file, 'utf8')) as Report;
}

function runEntries(journal: string): JournalHeader[] {
  return readFileSync(journal, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as JournalHeader)
    .filter((e) => e.t === 'run');
}

let live: Sandbox | undefined;
afterEach(async () => {
  await live?.close();
  live = undefined;
});

/** A second sandbox the CLI sees as a live target (`LIVE http://127.0.0.1:N`). */
async function liveTarget(dir: string, latencyMs = 0): Promise<{ env: NodeJS.ProcessEnv; sandbox: Sandbox }> {
  const sandbox = await startSandbox({ port: 0, stateFile: join(dir, 'live-state.json'), latencyMs });
  live = sandbox;
  return { env: targetEnv(sandbox.url, dir), sandbox };
}

describe('a journal belongs to its target', () => {
  it('refuses a sandbox journal against a live target (run and resume), and runs with another journal', async () => {
    const dir = home();
    const file = await writeWorkbook(dir, { pbx: [pbxRow(61, 'guard-target')] });
    const journal = join(dir, 'input.journal.jsonl');
    const sandboxIo = captureIo({ env: { PBX_BULK_HOME: dir } });
    expect(await main(['run', file, '--yes', '--report', join(dir, 'r0.json')], sandboxIo)).toBe(0);
    expect(runEntries(journal)[0]?.target).toBe('SANDBOX (local simulator)');

    const { env, sandbox } = await liveTarget(dir);
    const before = sandbox.state().ycm.pbxs.length;
    const io = captureIo({ env });
    expect(await main(['run', file, '--yes', '--report', join(dir, 'r1.json')], io)).toBe(2);
    const lines = io.err().trim().split('\n');
    expect(lines).toHaveLength(1);
    const line = lines[0] ?? '';
    expect(line).toContain(journal);
    expect(line).toContain('SANDBOX (local simulator)');
    expect(line).toContain(`LIVE YCM ${sandbox.url} client sandbox-ycm-client`);
    expect(line).toMatch(/pass another --journal FILE or move .* away/);
    expect(io.err()).not.toContain('sandbox-ycm-secret');
    expect(existsSync(join(dir, 'r1.json'))).toBe(false);

    const resumeIo = captureIo({ env });
    expect(await main(['resume', journal, '--yes', '--report', join(dir, 'r2.json')], resumeIo)).toBe(2);
    expect(resumeIo.err().trim().split('\n')).toHaveLength(1);
    expect(resumeIo.err()).toContain(journal);
    expect(resumeIo.err()).toMatch(
      /written against SANDBOX .*current target is LIVE .*another --journal FILE/,
    );
    expect(sandbox.state().ycm.pbxs.length).toBe(before);

    // The way forward the message gives: another journal.
    const io3 = captureIo({ env });
    const other = join(dir, 'live.journal.jsonl');
    expect(
      await main(['run', file, '--yes', '--journal', other, '--report', join(dir, 'r3.json')], io3),
    ).toBe(0);
    expect(sandbox.state().ycm.pbxs.filter((p) => p.subDomain === 'guard-target')).toHaveLength(1);
  });

  it('refuses a journal written for another account on the same hosts (another client ID)', async () => {
    const dir = home();
    const file = await writeWorkbook(dir, { pbx: [pbxRow(64, 'guard-account')] });
    const { env, sandbox } = await liveTarget(dir);
    const io1 = captureIo({ env });
    expect(await main(['run', file, '--yes', '--report', join(dir, 'r1.json')], io1)).toBe(0);
    const before = sandbox.state().ycm.pbxs.length;

    const other = captureIo({ env: { ...env, YCM_CLIENT_ID: 'another-reseller-account' } });
    expect(await main(['run', file, '--yes', '--report', join(dir, 'r2.json')], other)).toBe(2);
    expect(other.err()).toMatch(
      /written against LIVE YCM \S+ client sandbox-ycm-client.*current target is LIVE YCM \S+ client another-reseller-account/,
    );
    expect(other.err()).not.toContain('sandbox-ycm-secret');
    expect(sandbox.state().ycm.pbxs.length).toBe(before);
  });

  it('does not refuse a sheet edited since the journal was written (same target)', async () => {
    const dir = home();
    const file = await writeWorkbook(dir, { pbx: [pbxRow(62, 'guard-edit-a')] });
    const io1 = captureIo({ env: { PBX_BULK_HOME: dir } });
    expect(await main(['run', file, '--yes', '--report', join(dir, 'r1.json')], io1)).toBe(0);
    await writeWorkbook(dir, { pbx: [pbxRow(62, 'guard-edit-a'), pbxRow(63, 'guard-edit-b')] });
    const io2 = captureIo({ env: { PBX_BULK_HOME: dir } });
    expect(await main(['run', file, '--yes', '--report', join(dir, 'r2.json')], io2)).toBe(0);
    // Said before the run: the journal's rows count as done where the sheet has them unchanged.
    expect(io2.out()).toMatch(
      /journal input\.journal\.jsonl was last used with input\.xlsx as it was at .*; this sheet differs/,
    );
    const hashes = runEntries(join(dir, 'input.journal.jsonl')).map((e) => e.fileHash);
    expect(hashes).toHaveLength(2);
    expect(hashes[0]).not.toBe(hashes[1]);
    expect(sandboxState(dir).ycm.pbxs.filter((p) => p.subDomain.startsWith('guard-edit-'))).toHaveLength(2);
  });
});

describe('one run per journal', () => {
  it('refuses a second run and a resume while a run holds the journal, then frees it', async () => {
    const dir = home();
    const file = await writeWorkbook(dir, { pbx: [pbxRow(64, 'guard-lock-a'), pbxRow(65, 'guard-lock-b')] });
    const journal = join(dir, 'input.journal.jsonl');
    let reached: () => void = () => {};
    const atCanary = new Promise<void>((r) => (reached = r));
    let answer: (text: string) => void = () => {};
    const first = captureIo({
      env: { PBX_BULK_HOME: dir },
      ask: () => {
        reached();
        return new Promise<string>((r) => (answer = r));
      },
    });
    const running = main(
      ['run', file, '--yes', '--concurrency', '1', '--canary', '1', '--report', join(dir, 'r1.json')],
      first,
    );
    await atCanary;
    expect(existsSync(`${journal}.lock`)).toBe(true);

    const second = captureIo({ env: { PBX_BULK_HOME: dir } });
    expect(await main(['run', file, '--yes', '--report', join(dir, 'r2.json')], second)).toBe(2);
    const line = second.err().trim().split('\n').at(-1) ?? '';
    expect(line).toContain(journal);
    expect(line).toContain(`process ${process.pid}`);
    const resumeIo = captureIo({ env: { PBX_BULK_HOME: dir } });
    expect(await main(['resume', journal, '--yes', '--report', join(dir, 'r3.json')], resumeIo)).toBe(2);
    expect(resumeIo.err()).toMatch(/is in use by another run \(process \d+/);

    answer('n');
    expect(await running).toBe(3);
    expect(existsSync(`${journal}.lock`)).toBe(false);
    const finish = captureIo({ env: { PBX_BULK_HOME: dir } });
    expect(await main(['resume', journal, '--yes', '--report', join(dir, 'r4.json')], finish)).toBe(0);
    expect(sandboxState(dir).ycm.pbxs.filter((p) => p.subDomain.startsWith('guard-lock-'))).toHaveLength(2);
    expect(existsSync(`${journal}.lock`)).toBe(false);
  });

  it('frees the journal when the run fails on its input', async () => {
    const dir = home();
    const file = await writeWorkbook(dir, { pbx: [pbxRow(66, 'guard-error')] });
    const io = captureIo({ env: { PBX_BULK_HOME: dir } });
    expect(await main(['run', file, '--yes', '--sheet', 'Nope', '--report', join(dir, 'r.json')], io)).toBe(
      2,
    );
    expect(existsSync(join(dir, 'input.journal.jsonl.lock'))).toBe(false);
  });

  it('frees the journal on Ctrl-C, and takes over the lock a killed run left', async () => {
    const dir = home();
    const file = await writeWorkbook(
      dir,
      { pbx: [64, 65, 66, 67].map((n) => pbxRow(n, `guard-sig-${n}`)) },
      'sig.xlsx',
    );
    const journal = join(dir, 'sig.journal.jsonl');
    const lock = `${journal}.lock`;
    const { env, sandbox } = await liveTarget(dir, 150);
    const cli = (args: string[], signal: NodeJS.Signals): Promise<{ code: number | null; err: string }> => {
      const child = spawn(process.execPath, [BIN, ...args], {
        cwd: ROOT,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let err = '';
      child.stderr.on('data', (c: Buffer) => (err += c.toString()));
      const poll = setInterval(() => {
        if (
          existsSync(lock) &&
          existsSync(journal) &&
          readFileSync(journal, 'utf8').includes('"t":"begin"')
        ) {
          clearInterval(poll);
          child.kill(signal);
        }
      }, 5);
      return new Promise((resolve) =>
        child.once('close', (code) => {
          clearInterval(poll);
          resolve({ code, err });
        }),
      );
    };
    const args = ['run', file, '--yes', '--concurrency', '1', '--report', join(dir, 'r.json')];
    const interrupted = await cli(args, 'SIGINT');
    expect(interrupted.err).toMatch(/Stopping/);
    expect(interrupted.code).toBe(3);
    expect(existsSync(lock)).toBe(false);

    const killed = await cli(['resume', journal, '--yes', '--report', join(dir, 'r.json')], 'SIGKILL');
    expect(killed.code).toBeNull();
    const left = JSON.parse(readFileSync(lock, 'utf8')) as { pid: number };
    expect(left.pid).not.toBe(process.pid);

    const io = captureIo({ env });
    const code = await main(['resume', journal, '--yes', '--report', join(dir, 'r.json')], io);
    expect(code, io.err()).toBe(0);
    expect(existsSync(lock)).toBe(false);
    expect(sandbox.state().ycm.pbxs.filter((p) => p.subDomain.startsWith('guard-sig-'))).toHaveLength(4);
  });
});

describe('resume reads the sheet as the run did', () => {
  it('keeps --sheet: rows of the sheets the run left out (a billed order) are not run', async () => {
    const dir = home();
    const file = await writeWorkbook(dir, {
      pbx: [pbxRow(67, 'guard-sheet-a'), pbxRow(68, 'guard-sheet-b')],
      expansion: [
        { 'pbx.subDomain': 'existingco', method: 'order', addExtensions: '3', billingCycle: 'monthly' },
      ],
    });
    const journal = join(dir, 'input.journal.jsonl');
    const io1 = captureIo({ env: { PBX_BULK_HOME: dir } });
    const args = ['run', file, '--yes', '--sheet', 'PBX', '--concurrency', '1', '--canary', '1'];
    expect(await main([...args, '--report', join(dir, 'r1.json')], io1)).toBe(3);
    expect(runEntries(journal)[0]?.validate).toEqual({ sheet: 'PBX' });
    const orders = sandboxState(dir).pp.orders.length;

    const io2 = captureIo({ env: { PBX_BULK_HOME: dir } });
    expect(await main(['resume', journal, '--yes', '--report', join(dir, 'r2.json')], io2)).toBe(0);
    expect(io2.err()).toContain('--sheet "PBX"');
    const report = readReport(join(dir, 'r2.json'));
    expect(report.rows.map((r) => r.sheet)).toEqual(['PBX', 'PBX']);
    expect(report.summary.byStatus).toEqual({ succeeded: 2 });
    expect(sandboxState(dir).pp.orders).toHaveLength(orders);
    expect(runEntries(journal).at(-1)?.validate).toEqual({ sheet: 'PBX' });
  });

  it('continues the latest run of the journal, with its options', async () => {
    const dir = home();
    const file = await writeWorkbook(dir, {
      pbx: [pbxRow(70, 'guard-latest')],
      expansion: [
        { 'pbx.subDomain': 'existingco', method: 'order', addExtensions: '4', billingCycle: 'monthly' },
      ],
    });
    const journal = join(dir, 'input.journal.jsonl');
    // Every sheet, stopped after the PBX; then the PBX sheet alone, and that run is interrupted.
    const io1 = captureIo({ env: { PBX_BULK_HOME: dir } });
    expect(await main(['run', file, '--yes', '--canary', '1', '--report', join(dir, 'r1.json')], io1)).toBe(
      3,
    );
    const io2 = captureIo({ env: { PBX_BULK_HOME: dir } });
    expect(await main(['run', file, '--yes', '--sheet', 'PBX', '--report', join(dir, 'r2.json')], io2)).toBe(
      0,
    );
    expect(runEntries(journal).map((e) => e.validate)).toEqual([undefined, { sheet: 'PBX' }]);
    const io3 = captureIo({ env: { PBX_BULK_HOME: dir } });
    expect(await main(['resume', journal, '--yes', '--report', join(dir, 'r3.json')], io3)).toBe(0);
    expect(readReport(join(dir, 'r3.json')).rows.map((r) => r.sheet)).toEqual(['PBX']);
    expect(sandboxState(dir).pp.orders).toHaveLength(0);
  });

  it('reads every sheet for a journal written before options were recorded, and refuses spoiled ones', async () => {
    const dir = home();
    const file = await writeWorkbook(dir, {
      pbx: [pbxRow(69, 'guard-old')],
      expansion: [
        { 'pbx.subDomain': 'existingco', method: 'order', addExtensions: '2', billingCycle: 'monthly' },
      ],
    });
    const journal = join(dir, 'old.jsonl');
    // A journal from before the options were recorded: one header, no options.
    const header = {
      t: 'run',
      v: 1,
      file,
      fileHash: 'x',
      target: 'SANDBOX (local simulator)',
      startedAt: 'x',
    };
    writeFileSync(journal, `${JSON.stringify(header)}\n`);
    const io = captureIo({ env: { PBX_BULK_HOME: dir } });
    expect(await main(['resume', journal, '--yes', '--report', join(dir, 'r.json')], io)).toBe(0);
    expect(io.err()).not.toContain('resuming with');
    expect(readReport(join(dir, 'r.json')).rows.map((r) => r.sheet)).toEqual(['PBX', 'Expansions']);

    // Options a hand-edited journal spoils are refused, not guessed.
    writeFileSync(journal, `${JSON.stringify({ ...header, validate: { kind: 'bogus' } })}\n`);
    const bad = captureIo({ env: { PBX_BULK_HOME: dir } });
    expect(await main(['resume', journal, '--yes'], bad)).toBe(2);
    expect(bad.err()).toContain(journal);
    expect(bad.err()).toMatch(/run options recorded in the journal are not readable/);
  });
});
