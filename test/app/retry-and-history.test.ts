import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createUiRuntime, type UiRuntime } from '../../src/app/create-session.ts';
import { tempHomeEnv } from '../helpers/temp-home.ts';
import { Session } from '../../src/app/session.ts';
import { defaultPorts } from '../../src/app/default-ports.ts';
import { enginePort } from '../../src/app/engine-port.ts';
import type { RunState } from '../../src/shared/bridge.ts';
import type { Report } from '../../src/shared/types.ts';

const SAMPLE = join(import.meta.dirname, '../../templates/sample.xlsx');
/** PBX creates only (the v2 list and the reads stay healthy). */
const FAIL_CREATES = { error500: 1, only: ['/v1/cloud_pbx/instances'] };
let runtime: UiRuntime | undefined;

afterEach(async () => {
  await runtime?.close();
  runtime = undefined;
});

async function openSample(): Promise<UiRuntime> {
  runtime = await createUiRuntime({ env: tempHomeEnv() });
  const ref = await runtime.session.uploadFile({
    name: 'sample.xlsx',
    data: new Uint8Array(await readFile(SAMPLE)),
  });
  await runtime.session.openSheet({ file: ref });
  // A run starts only after its dry run against the same target (what the user confirmed).
  await runtime.session.run.plan();
  return runtime;
}

function pbxRows(report: Report | null, status: string): number {
  return report?.rows.filter((r) => r.sheet === 'PBX' && r.status === status).length ?? 0;
}

async function until(rt: UiRuntime, state: RunState): Promise<void> {
  while (rt.session.run.status().state !== state) await new Promise((r) => setTimeout(r, 20));
}

describe('Results: retry failed rows and reopen a past run', () => {
  it('retries only what failed once the fault is gone, with the same journal and no duplicate', async () => {
    const rt = await openSample();
    const { session, sandbox } = rt;
    sandbox?.setFaults(FAIL_CREATES);
    await session.run.start({});
    await session.run.done;
    const first = await session.getReport();
    const failed = pbxRows(first, 'failed');
    expect(failed).toBeGreaterThan(0);
    // Every row that is neither done nor invalid: failed, or waiting for a PBX that failed.
    const open = first?.rows.filter((r) => r.status !== 'succeeded' && r.status !== 'invalid').length;
    expect(session.run.status().retryable).toBe(open);
    const runId = session.run.status().runId;

    sandbox?.setFaults({});
    await session.run.start({ retry: true });
    await session.run.done;
    const second = await session.getReport();
    expect(pbxRows(second, 'failed')).toBe(0);
    expect(pbxRows(second, 'succeeded')).toBe(failed);
    expect(session.run.status()).toMatchObject({ runId, retryable: 0 });
    expect(sandbox?.stats().created.pbxs).toBe(failed);
    const recent = await session.run.listRecent();
    expect(recent).toHaveLength(1);
    expect(recent[0]).toMatchObject({ runId, retries: 1 });
  });

  it('reopens a past run from the app’s data folder with its report, ready to retry', async () => {
    const rt = await openSample();
    rt.sandbox?.setFaults(FAIL_CREATES);
    await rt.session.run.start({});
    await rt.session.run.done;
    const runId = rt.session.run.status().runId ?? '';
    const failed = pbxRows(await rt.session.getReport(), 'failed');

    // A new session on the same data folder (the app restarted).
    const later = new Session({
      ports: defaultPorts(enginePort()),
      workDir: rt.session.workDir,
      targets: [rt.target],
    });
    const [past] = await later.run.listRecent();
    expect(past?.runId).toBe(runId);
    const opened = await later.openRun({ runId });
    expect(opened.workbook.file).toBe('sample.xlsx');
    expect(pbxRows(opened.report, 'failed')).toBe(failed);
    expect(later.run.status()).toMatchObject({ runId, state: 'finished', retryable: expect.any(Number) });

    rt.sandbox?.setFaults({});
    await later.run.start({ retry: true });
    await later.run.done;
    expect(pbxRows(await later.getReport(), 'failed')).toBe(0);
    expect(pbxRows(await later.getReport(), 'succeeded')).toBe(failed);
  });

  it('quitting the app mid-run stops the run as Cancel does: it is kept in Recent runs with its report', async () => {
    const workDir = await mkdtemp(join(tmpdir(), 'pbx-quit-'));
    try {
      const rt = await createUiRuntime({ env: tempHomeEnv(), workDir });
      const ref = await rt.session.uploadFile({
        name: 'sample.xlsx',
        data: new Uint8Array(await readFile(SAMPLE)),
      });
      await rt.session.openSheet({ file: ref });
      await rt.session.run.plan();
      await rt.session.run.start({ concurrency: 1 });
      const runId = rt.session.run.status().runId ?? '';
      await rt.close(); // what the engine process does when the app quits (engine-host 'shutdown')

      const later = new Session({ ports: defaultPorts(enginePort()), workDir, targets: [rt.target] });
      const [past] = await later.run.listRecent();
      expect(past).toMatchObject({ runId, finishedAt: expect.any(String), summary: expect.any(Object) });
      const opened = await later.openRun({ runId });
      expect(opened.report.summary.mode).toBe('run');
    } finally {
      await rm(workDir, { recursive: true, force: true });
    }
  });

  it('reopens a run the app could not finish from its journal alone', async () => {
    const rt = await openSample();
    rt.sandbox?.setFaults(FAIL_CREATES);
    await rt.session.run.start({});
    await rt.session.run.done;
    const runId = rt.session.run.status().runId ?? '';
    const failed = pbxRows(await rt.session.getReport(), 'failed');
    await rm(join(rt.session.workDir, 'runs', runId, 'report.json'));
    const opened = await rt.session.openRun({ runId });
    expect(opened.report.summary.mode).toBe('run');
    expect(pbxRows(opened.report, 'failed')).toBe(failed);
    expect(opened.report.rows.find((r) => r.status === 'failed')?.messages[0]?.message).toBeTruthy();
  });

  it('refuses to retry a run on another target than the one it went to', async () => {
    const rt = await openSample();
    await rt.session.run.start({});
    await rt.session.run.done;
    const s = rt.sandbox;
    if (!s) throw new Error('no sandbox');
    await rt.session.saveCredentials({
      credentials: {
        PP_BASE_URL: s.ppBaseUrl,
        PP_CLIENT_ID: 'sandbox-pp-client',
        PP_CLIENT_SECRET: 'sandbox-pp-secret',
      },
    });
    await expect(rt.session.run.start({ retry: true })).rejects.toThrow(/went to Sandbox/);
  });

  it('refuses a retry when there was no run', async () => {
    const rt = await openSample();
    await expect(rt.session.run.start({ retry: true })).rejects.toThrow(/no run to retry/);
  });
});

describe('Run: canary and stop thresholds', () => {
  it('runs the canary rows, waits for the user, and stops there when told to', async () => {
    const rt = await openSample();
    const { session } = rt;
    await session.run.start({ canary: 1, concurrency: 1 });
    await until(rt, 'canary');
    await expect(session.updateCell({ sheet: 'PBX', index: 0, col: 0, text: 'x' })).rejects.toThrow(
      /run is in progress/,
    );
    session.run.answerCanary(false);
    await session.run.done;
    expect(session.run.status().stopped).toMatch(/Canary/);
    const report = await session.getReport();
    expect(report?.rows.filter((r) => r.status === 'succeeded').length).toBe(1);
  });

  it('goes on with every row when the canary is accepted', async () => {
    const rt = await openSample();
    const { session } = rt;
    await session.run.start({ canary: 1, concurrency: 1 });
    await until(rt, 'canary');
    expect(session.run.answerCanary(true).state).toBe('running');
    await session.run.done;
    expect(session.run.status().stopped).toBeUndefined();
    expect(pbxRows(await session.getReport(), 'succeeded')).toBeGreaterThan(1);
  });

  it('stops after the set number of failures in a row', async () => {
    const rt = await openSample();
    rt.sandbox?.setFaults(FAIL_CREATES);
    await rt.session.run.start({ stopAfterConsecutiveFailures: 1, concurrency: 1 });
    await rt.session.run.done;
    expect(rt.session.run.status().stopped).toMatch(/failures in a row/);
    expect(pbxRows(await rt.session.getReport(), 'failed')).toBe(1);
  });
});

describe('Orders from the app: a repeat is refused unless the user allows it on the Plan screen', () => {
  it('a second run of the sheet (its own journal) refuses the order; with allowRepeatOrder it is placed', async () => {
    const rt = await openSample();
    const { session, sandbox } = rt;
    const orderRow = (report: Report | null) => report?.rows.find((r) => r.sheet === 'Expansions');
    await session.run.start({});
    await session.run.done;
    expect(orderRow(await session.getReport())?.status).toBe('succeeded');
    expect(sandbox?.stats().created.orders).toBe(1);

    await session.run.plan();
    await session.run.start({});
    await session.run.done;
    // Its PBX row now finds the PBX made by the first run: the order is refused before anything.
    const refused = orderRow(await session.getReport());
    expect(refused?.status).toBe('invalid');
    expect(refused?.messages.map((m) => m.message).join(' ')).toMatch(
      /already exists.*in the app: the Plan screen/,
    );
    expect(sandbox?.stats().created.orders).toBe(1);

    await session.run.plan();
    await session.run.start({ allowRepeatOrder: true });
    await session.run.done;
    expect(orderRow(await session.getReport())?.status).toBe('succeeded');
    expect(sandbox?.stats().created.orders).toBe(2);
  });
});
