/**
 * The run's live view kept by the app session (issue 17 bugs 2 and 6, item 5): a page that reloads
 * during a run finds it (Recent runs, getRunView, getWorkbook), each start is a fresh view at once,
 * rows are named by customer, and rate-limit waits reach the progress events.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUiRuntime, type UiRuntime } from '../../src/app/create-session.ts';
import type { LogEvent, ProgressEvent, RowStatusEvent } from '../../src/shared/bridge.ts';
import { tempHomeEnv } from '../helpers/temp-home.ts';

const SAMPLE = join(import.meta.dirname, '../../templates/sample.xlsx');
let runtime: UiRuntime;

beforeAll(async () => {
  runtime = await createUiRuntime({ env: tempHomeEnv() });
  const { session } = runtime;
  const ref = await session.uploadFile({ name: 'sample.xlsx', data: new Uint8Array(await readFile(SAMPLE)) });
  await session.openSheet({ file: ref });
});
afterAll(() => runtime.close());

async function until(check: () => boolean, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

function record(): { progress: ProgressEvent[]; rows: RowStatusEvent[]; log: LogEvent[]; stop: () => void } {
  const progress: ProgressEvent[] = [];
  const rows: RowStatusEvent[] = [];
  const log: LogEvent[] = [];
  const stop = runtime.session.subscribe((event, payload) => {
    if (event === 'progress') progress.push(payload as ProgressEvent);
    if (event === 'rowStatus') rows.push(payload as RowStatusEvent);
    if (event === 'log') log.push(payload as LogEvent);
  });
  return { progress, rows, log, stop };
}

describe('the run view a page attaches to', () => {
  it('a run in progress is in Recent runs and in the run view, so a reloaded page finds it whole', async () => {
    const { session } = runtime;
    await session.run.plan();
    const started = await session.run.start({ canary: 1 });
    await until(() => session.run.status().state === 'canary');
    // What a reloaded page asks for: the run is listed, its view is whole, the workbook is there.
    const recent = await session.run.listRecent();
    expect(recent[0]?.runId).toBe(started.runId);
    expect(recent[0]?.finishedAt).toBeUndefined();
    const view = session.run.view();
    expect(view.status).toMatchObject({ runId: started.runId, state: 'canary' });
    expect(view).toMatchObject({ attempt: 1, file: 'sample.xlsx', options: { canary: 1 } });
    expect(view.progress?.done).toBe(1);
    expect(view.progress?.total).toBeGreaterThan(1);
    expect(view.samples.length).toBeGreaterThan(0);
    // Rows are named by customer: the PBX name of the sheet's row.
    expect(view.rows[0]?.name).toMatch(/\S/);
    expect(view.rows[0]?.status).toBe('succeeded');
    expect(view.rows[0]?.ids?.url).toBeTruthy();
    expect((await session.getWorkbook())?.file).toBe('sample.xlsx');
    session.run.answerCanary(true);
    await session.run.done;
    expect((await session.run.listRecent())[0]?.finishedAt).toBeDefined();
  });

  it('each start is a fresh view at once, a retry (same runId) too: no numbers or rows of the last', async () => {
    const { session } = runtime;
    const before = session.run.view();
    expect(before.rows.length).toBeGreaterThan(1);
    const events = record();
    try {
      await session.run.start({ retry: true });
      // Told before the engine checks the sheet (which takes a while against a real target).
      expect(events.progress[0]).toMatchObject({ attempt: 2, done: 0, total: 0, preparing: true });
      expect(events.progress[0]?.runId).toBe(before.status.runId);
      const fresh = session.run.view();
      expect(fresh.attempt).toBe(2);
      expect(fresh.rows).toEqual([]);
      expect(fresh.progress?.done).toBe(0);
      await session.run.done;
      expect(events.rows.every((r) => r.attempt === 2)).toBe(true);
      expect(events.progress.at(-1)).toMatchObject({ attempt: 2, state: 'finished' });
    } finally {
      events.stop();
    }
  });

  it('rate-limit waits reach the progress events and the log while the run waits', async () => {
    const { session, sandbox } = runtime;
    if (!sandbox) throw new Error('no sandbox');
    await session.run.plan();
    const events = record();
    // A vendor bucket far below ours: requests are refused and waited out.
    sandbox.setRate({ burst: 2, rate: 2, intervalSeconds: 1 });
    try {
      await session.run.start({});
      await session.run.done;
      const waiting = events.progress.filter((p) => p.waiting);
      expect(waiting.length).toBeGreaterThan(0);
      expect(waiting[0]?.waiting?.system).toBe('ycm');
      expect(waiting[0]?.waiting?.untilMs).toBeGreaterThan(Date.parse('2020-01-01'));
      // The chart's samples mark the waits, and a wait that ends is said (waiting cleared).
      expect(session.run.view().samples.some((s) => s.waiting)).toBe(true);
      expect(events.progress.at(-1)?.waiting).toBeUndefined();
      expect(events.log.some((l) => /Waiting about \d+ s for the YCM rate limit/.test(l.message))).toBe(true);
      expect(session.run.view().status.state).toBe('finished');
    } finally {
      sandbox.setRate(undefined);
      events.stop();
    }
  });
});
