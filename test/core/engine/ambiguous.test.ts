/**
 * Ambiguous writes (PRODUCT.md, Run): a create applied by the vendor whose reply was lost (reset
 * after commit, timeout) is found and adopted, never sent twice: one PBX, one order, one profile.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runWorkbook } from '../../../src/core/engine/index.ts';
import type { JournalEntry } from '../../../src/core/run/journal.ts';
import { harness, kazooRow, pbxRow, pbxsWithSub, writeWorkbook, type Harness } from './engine-helpers.ts';

/** The create path only: the v2 list used to check is not faulted. */
const CREATE_PBX = '/v1/cloud_pbx/instances';

function outcomes(journalFile: string): string[] {
  return readFileSync(journalFile, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as JournalEntry)
    .flatMap((e) => (e.t === 'end' ? [`${e.step}:${e.outcome}`] : []));
}

describe('ambiguous writes are adopted, never duplicated', () => {
  let h: Harness;
  afterEach(async () => h.close());

  it('adopts PBXs whose create reply was lost after the write (reset after commit)', async () => {
    h = await harness({ faults: { resetAfterCommit: 1, only: [CREATE_PBX] } });
    const file = await writeWorkbook(h.dir, {
      pbx: [pbxRow(40, 'reset-a'), pbxRow(41, 'reset-b'), pbxRow(42, 'reset-c')],
    });
    const journalFile = join(h.dir, 'j.jsonl');
    const result = await runWorkbook({ file }, { clients: h.clients, journalFile });
    expect(result.report.rows.map((r) => r.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    expect(h.sandbox.stats().created.pbxs).toBe(3);
    expect(h.sandbox.stats().faults.resetAfterCommit).toBeGreaterThanOrEqual(3);
    for (const sub of ['reset-a', 'reset-b', 'reset-c']) expect(pbxsWithSub(h.sandbox, sub)).toHaveLength(1);
    const ids = result.report.rows.map((r) => r.ids?.cloudPbxId);
    expect(ids).toEqual(
      ['reset-a', 'reset-b', 'reset-c'].map((s) => String(pbxsWithSub(h.sandbox, s)[0]?.cloudPbxId)),
    );
    expect(result.report.rows.every((r) => r.ids?.sn && r.ids.url)).toBe(true);
    const ends = outcomes(journalFile);
    expect(ends.filter((e) => e === 'createPbx:unknown')).toHaveLength(3);
    expect(ends.filter((e) => e === 'createPbx:adopted')).toHaveLength(3);
  });

  it('finds the created PBX past the first page of a search that matches 55 others, and sends the create once', async () => {
    h = await harness({
      faults: { resetAfterCommit: 1, only: [CREATE_PBX] },
      state: (state) => {
        const model = state.ycm.pbxs[0];
        if (!model) throw new Error('the sandbox has no PBX to copy');
        for (let i = 0; i < 55; i++) {
          state.ycm.pbxs.push({
            ...model,
            cloudPbxId: 90_000 + i,
            sn: `SN-SALES-${i}`,
            name: `Sales team ${i}`,
            subDomain: `sales-${i}`,
          });
        }
      },
    });
    const file = await writeWorkbook(h.dir, { pbx: [pbxRow(44, 'sales')] });
    const journalFile = join(h.dir, 'j.jsonl');
    const result = await runWorkbook({ file }, { clients: h.clients, journalFile });
    expect(result.report.rows[0]?.status).toBe('succeeded');
    expect(h.sandbox.stats().created.pbxs).toBe(1);
    expect(outcomes(journalFile)).toEqual(['createPbx:unknown', 'createPbx:adopted']);
  });

  it('adopts a PBX whose create reply came after the client gave up (timeout)', async () => {
    h = await harness({ faults: { timeout: 1, timeoutMs: 1500, only: [CREATE_PBX] }, timeoutMs: 300 });
    const file = await writeWorkbook(h.dir, { pbx: [pbxRow(43, 'late-a')] });
    const journalFile = join(h.dir, 'j.jsonl');
    const result = await runWorkbook({ file }, { clients: h.clients, journalFile });
    expect(result.report.rows[0]?.status).toBe('succeeded');
    expect(h.sandbox.stats().created.pbxs).toBe(1);
    expect(pbxsWithSub(h.sandbox, 'late-a')).toHaveLength(1);
    expect(outcomes(journalFile)).toContain('createPbx:adopted');
  });

  it('places an order once when its reply is lost, and raises capacity once', async () => {
    h = await harness({ faults: { resetAfterCommit: 1, only: ['/order/v1/save'] } });
    const file = await writeWorkbook(h.dir, {
      expansion: [
        { 'pbx.subDomain': 'existingco', method: 'order', addExtensions: '7', billingCycle: 'monthly' },
      ],
    });
    const journalFile = join(h.dir, 'j.jsonl');
    const result = await runWorkbook({ file }, { clients: h.clients, journalFile });
    expect(result.report.rows[0]?.status).toBe('succeeded');
    const orders = h.sandbox.state().pp.orders;
    expect(orders).toHaveLength(1);
    expect(h.sandbox.stats().created.orders).toBe(1);
    expect(result.report.rows[0]?.ids?.orderNo).toBe(orders[0]?.orderNo);
    expect(pbxsWithSub(h.sandbox, 'existingco')[0]?.extensionCapacity).toBe(27);
    expect(outcomes(journalFile)).toEqual(['order:unknown', 'order:adopted']);
  });

  it('creates a MyReports profile once when its reply is lost', async () => {
    h = await harness({ faults: { resetAfterCommit: 1, only: ['/customers/'] } });
    const file = await writeWorkbook(h.dir, { myreports: [kazooRow('0123456789abcdef0123456789abcdef')] });
    const journalFile = join(h.dir, 'j.jsonl');
    const result = await runWorkbook({ file }, { clients: h.clients, journalFile });
    expect(result.report.rows[0]?.status).toBe('succeeded');
    const profiles = h.sandbox.state().mr.profiles;
    expect(profiles).toHaveLength(1);
    expect(h.sandbox.stats().created.profiles).toBe(1);
    expect(result.report.rows[0]?.ids?.profileId).toBe(profiles[0]?.id);
    expect(outcomes(journalFile)).toEqual(['createProfile:unknown', 'createProfile:adopted']);
  });

  it('a create reply without data.cloudPbxId is ambiguous: the PBX is looked up and adopted, never recorded as NaN', async () => {
    h = await harness({ faults: { noData: 1, only: [CREATE_PBX] } });
    const file = await writeWorkbook(h.dir, { pbx: [pbxRow(45, 'noid-a')] });
    const journalFile = join(h.dir, 'j.jsonl');
    const result = await runWorkbook({ file }, { clients: h.clients, journalFile });
    const row = result.report.rows[0];
    expect(row?.status).toBe('succeeded');
    expect(h.sandbox.stats().created.pbxs).toBe(1);
    expect(row?.ids?.cloudPbxId).toBe(String(pbxsWithSub(h.sandbox, 'noid-a')[0]?.cloudPbxId));
    expect(readFileSync(journalFile, 'utf8')).not.toContain('NaN');
    expect(outcomes(journalFile)).toEqual(['createPbx:unknown', 'createPbx:adopted']);
    const unknown = readFileSync(journalFile, 'utf8')
      .split('\n')
      .find((l) => l.includes('"outcome":"unknown"'));
    expect(unknown).toMatch(
      /POST \/dm\/open_api\/v1\/cloud_pbx\/instances failed: the success reply has no data\.cloudPbxId/,
    );
    expect(unknown).toMatch(/requestId [0-9a-f-]{32,36}/);
  });

  it('a profile create reply without data.id or Location is ambiguous: looked up by instance and adopted', async () => {
    h = await harness({ faults: { noData: 1, only: ['/customers/'] } });
    const file = await writeWorkbook(h.dir, { myreports: [kazooRow('abcdef0123456789abcdef0123456789')] });
    const journalFile = join(h.dir, 'j.jsonl');
    const result = await runWorkbook({ file }, { clients: h.clients, journalFile });
    expect(result.report.rows[0]?.status).toBe('succeeded');
    const profiles = h.sandbox.state().mr.profiles;
    expect(profiles).toHaveLength(1);
    expect(result.report.rows[0]?.ids?.profileId).toBe(profiles[0]?.id);
    expect(outcomes(journalFile)).toEqual(['createProfile:unknown', 'createProfile:adopted']);
  });

  it('fails a PBX row on a plain 500 without creating anything, and says so', async () => {
    h = await harness({ faults: { error500: 1, only: [CREATE_PBX] } });
    const file = await writeWorkbook(h.dir, { pbx: [pbxRow(44, 'err-a')] });
    const result = await runWorkbook({ file }, { clients: h.clients, journalFile: join(h.dir, 'j.jsonl') });
    expect(result.report.rows[0]?.status).toBe('failed');
    expect(result.report.rows[0]?.messages.some((m) => m.level === 'error')).toBe(true);
    expect(h.sandbox.stats().created.pbxs).toBe(0);
  });
});
