import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUiRuntime, type UiRuntime } from '../../src/app/create-session.ts';
import { tempHomeEnv } from '../helpers/temp-home.ts';
import type { ProgressEvent, RowStatusEvent } from '../../src/shared/bridge.ts';

const SAMPLE = join(import.meta.dirname, '../../templates/sample.xlsx');
let runtime: UiRuntime;

beforeAll(async () => {
  runtime = await createUiRuntime({ env: tempHomeEnv() });
});
afterAll(() => runtime.close());

describe('UI session: plan and run against the sandbox', () => {
  it('targets the sandbox when no credentials are set, and says so', async () => {
    const targets = await runtime.session.getTargets();
    expect(targets.targets[0]).toMatchObject({ sandbox: true });
    const check = await runtime.session.testConnection({ target: targets.active });
    expect(check.ok).toBe(true);
  });

  it('plans, then runs with pause and resume, streaming progress and row status to the end', async () => {
    const { session } = runtime;
    const ref = await session.uploadFile({
      name: 'sample.xlsx',
      data: new Uint8Array(await readFile(SAMPLE)),
    });
    await session.openSheet({ file: ref });
    const plan = await session.run.plan();
    expect(plan.creates.pbx).toBeGreaterThan(0);
    expect(plan.calls.length).toBeGreaterThan(0);

    const progress: ProgressEvent[] = [];
    const rows: RowStatusEvent[] = [];
    session.subscribe((event, payload) => {
      if (event === 'progress') progress.push(payload as ProgressEvent);
      if (event === 'rowStatus') rows.push(payload as RowStatusEvent);
    });
    await session.run.start({});
    expect(session.run.pause().state).toBe('paused');
    await expect(session.updateCell({ sheet: 'PBX', index: 0, col: 0, text: 'x' })).rejects.toThrow(
      /run is in progress/,
    );
    expect(session.run.resume().state).toBe('running');
    await session.run.done;

    expect(session.run.status().state).toBe('finished');
    const last = progress.at(-1);
    expect(last?.done).toBe(last?.total);
    expect(rows.filter((r) => r.status === 'succeeded').length).toBe(last?.succeeded);
    const report = await session.getReport();
    expect(report?.summary.mode).toBe('run');
    const recent = await session.run.listRecent();
    expect(recent[0]?.summary?.byStatus.succeeded).toBe(last?.succeeded);
  });

  it('a double-click on Start starts one run: the second start is refused while the first is starting', async () => {
    const { session } = runtime;
    // The sheet ran before (the test above): the dry run says a new run would do it all again.
    const again = await session.run.plan();
    expect(again.warnings[0]).toMatch(/^sample\.xlsx already ran against Sandbox.*billed again.*Recent runs/);
    const before = (await session.run.listRecent()).length;
    const [first, second] = await Promise.allSettled([session.run.start({}), session.run.start({})]);
    expect(first.status).toBe('fulfilled');
    expect(second.status).toBe('rejected');
    expect(String((second as PromiseRejectedResult).reason)).toMatch(/run is in progress/);
    await session.run.done;
    expect((await session.run.listRecent()).length).toBe(before + 1);
    // One dry run, one run: the same confirmation does not start the sheet again.
    await expect(session.run.start({})).rejects.toThrow(/Make the dry run \(Plan\)/);
  });

  it('saves live credentials only when they connect: a wrong secret is refused and the sandbox stays active', async () => {
    const { session, sandbox } = runtime;
    if (!sandbox) throw new Error('no sandbox');
    const before = await session.getTargets();
    const error = await session
      .saveCredentials({
        credentials: {
          PP_BASE_URL: sandbox.ppBaseUrl,
          PP_CLIENT_ID: 'sandbox-pp-client',
          PP_CLIENT_SECRET: 'a-wrong-secret-9x',
        },
      })
      .catch((e: unknown) => e);
    expect(String(error)).toMatch(/Not saved: these credentials did not connect \(pp: /);
    expect(String(error)).not.toContain('a-wrong-secret-9x');
    expect((await session.getTargets()).active).toBe(before.active);
  });

  it('cancelling when nothing runs changes nothing', () => {
    expect(runtime.session.run.cancel().state).toBe('finished');
  });

  it('a run needs a dry run against the active target, of the sheet as it is: none, or an edit since, is refused', async () => {
    const { session } = runtime;
    const ref = await session.uploadFile({
      name: 'sample.xlsx',
      data: new Uint8Array(await readFile(SAMPLE)),
    });
    await session.openSheet({ file: ref });
    await expect(session.run.start({})).rejects.toThrow(/Make the dry run \(Plan\) against Sandbox/);
    await session.run.plan();
    await session.updateCell({ sheet: 'PBX', index: 0, col: 0, text: 'Renamed PBX' });
    await expect(session.run.start({})).rejects.toThrow(/each run needs its own, of the sheet as it is now/);
    await session.run.plan();
    await session.setMapping({ sheet: 'PBX', mapping: { 'Time zone': null } });
    await expect(session.run.start({})).rejects.toThrow(/each run needs its own, of the sheet as it is now/);
    expect(session.run.status().state).not.toBe('running');
  });
});
