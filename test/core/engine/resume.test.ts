/**
 * Crash safety and control (PRODUCT.md, Run): a journal cut by a crash resumes without duplicates,
 * a torn last line is ignored, cancel stops cleanly with a report, stop thresholds and the canary.
 */
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { planWorkbook, runWorkbook } from '../../../src/core/engine/index.ts';
import { RunController } from '../../../src/core/run/controller.ts';
import type { JournalEntry } from '../../../src/core/run/journal.ts';
import { harness, pbxRow, pbxsWithSub, writeWorkbook, type Harness } from './engine-helpers.ts';

function entries(file: string): JournalEntry[] {
  return readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as JournalEntry);
}

/** Rewrites a journal without the entries `drop` selects (what a crash would not have written). */
function cut(file: string, drop: (e: JournalEntry) => boolean): void {
  const kept = entries(file).filter((e) => !drop(e));
  writeFileSync(file, kept.map((e) => `${JSON.stringify(e)}\n`).join(''));
}

const subs = (prefix: string, count: number): string[] =>
  Array.from({ length: count }, (_, i) => `${prefix}-${i + 1}`);

describe('journal and resume', () => {
  let h: Harness;
  afterEach(async () => h.close());

  it('resumes after a crash between a create and its record: the PBX is found, not created again', async () => {
    h = await harness();
    const file = await writeWorkbook(h.dir, { pbx: subs('crash', 3).map((s, i) => pbxRow(50 + i, s)) });
    const journalFile = join(h.dir, 'j.jsonl');
    await runWorkbook({ file }, { clients: h.clients, journalFile, concurrency: 1 });
    // The crash: row 3's create reached YCM, its 'end' never reached the disk.
    const key = entries(journalFile).find((e) => e.t === 'begin' && e.key.startsWith('PBX!4!'));
    cut(journalFile, (e) => e.t === 'end' && e.key === (key?.t === 'begin' ? key.key : ''));
    const resumed = await runWorkbook({ file }, { clients: h.clients, journalFile });
    expect(h.sandbox.stats().created.pbxs).toBe(3);
    expect(pbxsWithSub(h.sandbox, 'crash-3')).toHaveLength(1);
    const row = resumed.report.rows[2];
    expect(row?.status).toBe('succeeded');
    expect(row?.ids?.cloudPbxId).toBe(String(pbxsWithSub(h.sandbox, 'crash-3')[0]?.cloudPbxId));
    expect(resumed.report.rows.slice(0, 2).map((r) => r.status)).toEqual(['succeeded', 'succeeded']);
  });

  it('resumes after a crash before the create was sent: the PBX is created once', async () => {
    h = await harness();
    const file = await writeWorkbook(h.dir, { pbx: [pbxRow(53, 'before-send')] });
    const plan = await planWorkbook({ file }, { clients: h.clients });
    const key = plan.rows[0]?.key ?? '';
    const journalFile = join(h.dir, 'j.jsonl');
    const at = new Date().toISOString();
    writeFileSync(
      journalFile,
      [
        { t: 'run', v: 1, file, fileHash: 'x', target: 'sandbox', startedAt: at },
        { t: 'begin', key, step: 'createPbx', at },
      ]
        .map((e) => `${JSON.stringify(e)}\n`)
        .join(''),
    );
    const resumed = await runWorkbook({ file }, { clients: h.clients, journalFile, target: 'sandbox' });
    expect(resumed.report.rows[0]?.status).toBe('succeeded');
    expect(pbxsWithSub(h.sandbox, 'before-send')).toHaveLength(1);
    expect(h.sandbox.stats().created.pbxs).toBe(1);
  });

  it('ignores a torn last journal line and finishes the run', async () => {
    h = await harness();
    const file = await writeWorkbook(h.dir, { pbx: subs('torn', 2).map((s, i) => pbxRow(54 + i, s)) });
    const journalFile = join(h.dir, 'j.jsonl');
    await runWorkbook({ file }, { clients: h.clients, journalFile, concurrency: 1 });
    appendFileSync(journalFile, '{"t":"end","key":"PBX!3!abc","step":"createP');
    const again = await runWorkbook({ file }, { clients: h.clients, journalFile });
    expect(again.report.rows.map((r) => r.status)).toEqual(['succeeded', 'succeeded']);
    expect(h.sandbox.stats().created.pbxs).toBe(2);
  });

  it('cancel mid-run stops new rows, reports the rest as not run, and resume finishes them once', async () => {
    h = await harness();
    const file = await writeWorkbook(h.dir, { pbx: subs('cancel', 4).map((s, i) => pbxRow(56 + i, s)) });
    const journalFile = join(h.dir, 'j.jsonl');
    const controller = new RunController();
    const result = await runWorkbook(
      { file },
      { clients: h.clients, journalFile, concurrency: 1, controller, onRow: () => controller.cancel() },
    );
    expect(result.stopped).toBe('cancelled');
    expect(result.report.rows.map((r) => r.status)).toEqual(['succeeded', 'skipped', 'skipped', 'skipped']);
    expect(result.report.rows[1]?.messages.map((m) => m.message).join(' ')).toMatch(/Not run/);
    expect(result.report.summary.mode).toBe('run');
    expect(h.sandbox.stats().created.pbxs).toBe(1);
    const resumed = await runWorkbook({ file }, { clients: h.clients, journalFile });
    expect(resumed.stopped).toBeUndefined();
    expect(resumed.report.rows.map((r) => r.status)).toEqual([
      'succeeded',
      'succeeded',
      'succeeded',
      'succeeded',
    ]);
    expect(h.sandbox.stats().created.pbxs).toBe(4);
  });

  it('cancel while a create is in flight lets it finish and records it, so nothing is lost', async () => {
    // The create is applied at once; its reply is held back, so the cancel lands mid-call.
    h = await harness({ faults: { timeout: 1, timeoutMs: 600, only: ['/v1/cloud_pbx/instances'] } });
    const file = await writeWorkbook(h.dir, { pbx: [pbxRow(59, 'inflight-a')] });
    const journalFile = join(h.dir, 'j.jsonl');
    const controller = new RunController();
    const watch = setInterval(() => {
      if (h.sandbox.stats().created.pbxs === 1) {
        clearInterval(watch);
        controller.cancel();
      }
    }, 5);
    const result = await runWorkbook({ file }, { clients: h.clients, journalFile, controller });
    clearInterval(watch);
    expect(controller.isCancelled).toBe(true);
    const row = result.report.rows[0];
    expect(row?.status).toBe('succeeded');
    expect(row?.ids?.cloudPbxId).toBe(String(pbxsWithSub(h.sandbox, 'inflight-a')[0]?.cloudPbxId));
    expect(entries(journalFile).some((e) => e.t === 'end' && e.outcome === 'succeeded')).toBe(true);
    expect(h.sandbox.stats().created.pbxs).toBe(1);
  });

  it('stops after N failures in a row (--stop-after) and leaves the rest not run', async () => {
    h = await harness({ faults: { error500: 1, only: ['/v1/cloud_pbx/instances'] } });
    const file = await writeWorkbook(h.dir, { pbx: subs('fail', 5).map((s, i) => pbxRow(60 + i, s)) });
    const result = await runWorkbook(
      { file },
      {
        clients: h.clients,
        journalFile: join(h.dir, 'j.jsonl'),
        concurrency: 1,
        stopAfterConsecutiveFailures: 2,
      },
    );
    expect(result.stopped).toBe('threshold');
    expect(result.stopMessage).toMatch(/2 failures in a row/);
    expect(result.report.rows.map((r) => r.status)).toEqual([
      'failed',
      'failed',
      'skipped',
      'skipped',
      'skipped',
    ]);
    expect(h.sandbox.stats().created.pbxs).toBe(0);
  });

  it('canary: runs the first N rows, pauses, and stops when the user says no', async () => {
    h = await harness();
    const file = await writeWorkbook(h.dir, { pbx: subs('canary', 4).map((s, i) => pbxRow(65 + i, s)) });
    let createdAtPause = -1;
    const result = await runWorkbook(
      { file },
      {
        clients: h.clients,
        journalFile: join(h.dir, 'j.jsonl'),
        concurrency: 1,
        canary: 2,
        onCanary: () => {
          createdAtPause = h.sandbox.stats().created.pbxs;
          return Promise.resolve(false);
        },
      },
    );
    expect(createdAtPause).toBe(2);
    expect(result.stopped).toBe('canary');
    expect(result.report.rows.map((r) => r.status)).toEqual(['succeeded', 'succeeded', 'skipped', 'skipped']);
    expect(h.sandbox.stats().created.pbxs).toBe(2);
  });

  it('canary: with rows running side by side, exactly the first N rows run before the question', async () => {
    h = await harness();
    const file = await writeWorkbook(h.dir, { pbx: subs('canary-par', 8).map((s, i) => pbxRow(20 + i, s)) });
    let createdAtPause = -1;
    const result = await runWorkbook(
      { file },
      {
        clients: h.clients,
        journalFile: join(h.dir, 'j.jsonl'),
        concurrency: 4,
        canary: 1,
        onCanary: () => {
          createdAtPause = h.sandbox.stats().created.pbxs;
          return Promise.resolve(false);
        },
      },
    );
    expect(createdAtPause).toBe(1);
    expect(result.stopMessage).toBe('Canary: the first 1 row ran; the run paused there.');
    expect(result.report.rows.map((r) => r.status)).toEqual([
      'succeeded',
      ...Array<string>(7).fill('skipped'),
    ]);
    expect(pbxsWithSub(h.sandbox, 'canary-par-1')).toHaveLength(1);
    expect(h.sandbox.stats().created.pbxs).toBe(1);
  });

  it('canary: goes on to the end when the user says yes', async () => {
    h = await harness();
    const file = await writeWorkbook(h.dir, { pbx: subs('canary-yes', 3).map((s, i) => pbxRow(70 + i, s)) });
    let asked = 0;
    const result = await runWorkbook(
      { file },
      {
        clients: h.clients,
        journalFile: join(h.dir, 'j.jsonl'),
        concurrency: 1,
        canary: 1,
        onCanary: () => Promise.resolve(++asked > 0),
      },
    );
    expect(asked).toBe(1);
    expect(result.stopped).toBeUndefined();
    expect(result.report.rows.map((r) => r.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
  });
});
