/**
 * Step rules (PRODUCT.md, Run): rows on one PBX do not race on its bindings, a lost reply on an
 * absolute PUT is safe to repeat, profiles are adopted by instance, an interrupted order is found
 * on resume, recording minutes never decrease, and the failed-percent threshold.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createClients, sandboxTargets } from '../../../src/api/index.ts';
import { planWorkbook, runWorkbook } from '../../../src/core/engine/index.ts';
import type { JournalEntry } from '../../../src/core/run/journal.ts';
import { PREBOUND_DID_IDS } from '../../../src/sandbox/fixtures.ts';
import {
  boundDids,
  harness,
  kazooRow,
  pbxRow,
  pbxsWithSub,
  writeWorkbook,
  type Harness,
} from './engine-helpers.ts';

const US_TRUNK = 'US_Register_A1B2C3';
/** An order of 5 extensions for the sandbox's existing PBX. */
const order = { 'pbx.subDomain': 'existingco', method: 'order', addExtensions: '5', billingCycle: 'monthly' };

describe('step rules', () => {
  let h: Harness;
  afterEach(async () => h.close());

  it('a DID row asking a new PBX for a DID its own row already binds runs, and changes nothing', async () => {
    h = await harness();
    const file = await writeWorkbook(h.dir, {
      pbx: [pbxRow(5, 'samedid-1')],
      did: [{ 'pbx.subDomain': 'samedid-1', trunk: US_TRUNK, dids: '+12025550105' }],
    });
    const result = await runWorkbook({ file }, { clients: h.clients, journalFile: join(h.dir, 'j.jsonl') });
    expect(result.report.rows.map((r) => r.status)).toEqual(['succeeded', 'succeeded']);
    const id = pbxsWithSub(h.sandbox, 'samedid-1')[0]?.cloudPbxId ?? 0;
    expect(boundDids(h.sandbox, id)).toHaveLength(1);
  });

  it('a PBX URL is matched as pasted from a browser: scheme, trailing path and case do not matter', async () => {
    h = await harness();
    const file = await writeWorkbook(h.dir, {
      did: [
        { 'pbx.url': 'https://ExistingCo.yeastarcloud.com/', trunk: US_TRUNK, dids: '+12025550173' },
        { 'pbx.url': 'existingco.yeastarcloud.com/login?next=1', trunk: US_TRUNK, dids: '+12025550174' },
      ],
    });
    const plan = await planWorkbook({ file }, { clients: h.clients });
    expect(plan.report.rows.map((r) => [r.status, r.messages.map((m) => m.message)])).toEqual([
      ['valid', []],
      ['valid', []],
    ]);
    expect(plan.rows.every((r) => r.action?.type === 'did')).toBe(true);
  });

  it('two DID rows for the same existing PBX both land (bindings are read-modify-write, in order)', async () => {
    h = await harness();
    const file = await writeWorkbook(h.dir, {
      did: [
        { 'pbx.subDomain': 'existingco', trunk: US_TRUNK, dids: '+12025550170' },
        { 'pbx.cloudPbxId': '42100', trunk: US_TRUNK, dids: '+12025550171' },
        { 'pbx.name': 'Existing Co', trunk: US_TRUNK, dids: '+12025550172' },
      ],
    });
    const result = await runWorkbook({ file }, { clients: h.clients, journalFile: join(h.dir, 'j.jsonl') });
    expect(result.report.rows.map((r) => r.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    expect(boundDids(h.sandbox, 42100)).toEqual([1070, 1071, 1072, ...PREBOUND_DID_IDS]);
  });

  it('a binding whose reply is lost is sent again safely: the PBX keeps its old DIDs and gets the new one', async () => {
    h = await harness({ faults: { resetAfterCommit: 0.5, seed: 7, only: ['/instances/42100/did'] } });
    const file = await writeWorkbook(h.dir, {
      did: [{ 'pbx.subDomain': 'existingco', trunk: US_TRUNK, dids: '+12025550173' }],
    });
    const result = await runWorkbook({ file }, { clients: h.clients, journalFile: join(h.dir, 'j.jsonl') });
    expect(result.report.rows[0]?.status).toBe('succeeded');
    expect(h.sandbox.stats().faults.resetAfterCommit).toBeGreaterThan(0);
    expect(boundDids(h.sandbox, 42100)).toEqual([1073, ...PREBOUND_DID_IDS]);
  });

  it('creates a MyReports profile and enables collection when the row asks', async () => {
    h = await harness();
    const file = await writeWorkbook(h.dir, {
      myreports: [kazooRow('e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0', { enable: 'TRUE' })],
    });
    const result = await runWorkbook({ file }, { clients: h.clients, journalFile: join(h.dir, 'j.jsonl') });
    expect(result.report.rows[0]?.status).toBe('succeeded');
    const profiles = h.sandbox.state().mr.profiles;
    expect(profiles).toHaveLength(1);
    expect(profiles[0]).toMatchObject({ id: result.report.rows[0]?.ids?.profileId, enabled: true });
  });

  it('adopts an existing profile for the same PBX instance instead of creating a second one', async () => {
    h = await harness();
    const first = await writeWorkbook(
      h.dir,
      { myreports: [kazooRow('a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0')] },
      'a.xlsx',
    );
    const r1 = await runWorkbook(
      { file: first },
      { clients: h.clients, journalFile: join(h.dir, 'a.jsonl') },
    );
    const second = await writeWorkbook(
      h.dir,
      { myreports: [kazooRow('a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0', { name: 'Renamed profile' })] },
      'b.xlsx',
    );
    const plan = await planWorkbook({ file: second }, { clients: h.clients });
    expect(plan.rows[0]?.report.messages.map((m) => m.message).join(' ')).toMatch(/will be adopted/);
    const r2 = await runWorkbook(
      { file: second },
      { clients: h.clients, journalFile: join(h.dir, 'b.jsonl') },
    );
    expect(r2.report.rows[0]?.status).toBe('succeeded');
    expect(r2.report.rows[0]?.ids?.profileId).toBe(r1.report.rows[0]?.ids?.profileId);
    expect(h.sandbox.state().mr.profiles).toHaveLength(1);
  });

  it('resumes an order interrupted after it was placed: found in the order list, not placed again', async () => {
    h = await harness();
    const file = await writeWorkbook(h.dir, {
      expansion: [
        { 'pbx.subDomain': 'existingco', method: 'order', addExtensions: '3', billingCycle: 'monthly' },
      ],
    });
    const journalFile = join(h.dir, 'j.jsonl');
    await runWorkbook({ file }, { clients: h.clients, journalFile });
    // The crash: the order's 'end' never reached the disk.
    const kept = readFileSync(journalFile, 'utf8')
      .trim()
      .split('\n')
      .filter((l) => (JSON.parse(l) as JournalEntry).t !== 'end');
    writeFileSync(journalFile, `${kept.join('\n')}\n`);
    const resumed = await runWorkbook({ file }, { clients: h.clients, journalFile });
    expect(resumed.report.rows[0]?.status).toBe('succeeded');
    expect(h.sandbox.state().pp.orders).toHaveLength(1);
    expect(resumed.report.rows[0]?.ids?.orderNo).toBe(h.sandbox.state().pp.orders[0]?.orderNo);
    expect(pbxsWithSub(h.sandbox, 'existingco')[0]?.extensionCapacity).toBe(23);
  });

  it('an order already placed is not placed again when its row moves (a row inserted above, the sheet sorted)', async () => {
    h = await harness();
    const resize = { 'pbx.subDomain': 'existingco', method: 'resize', newExtensions: '30' };
    const journalFile = join(h.dir, 'j.jsonl');
    const first = await writeWorkbook(h.dir, { expansion: [order] }, 'first.xlsx');
    await runWorkbook({ file: first }, { clients: h.clients, journalFile });
    expect(h.sandbox.state().pp.orders).toHaveLength(1);
    // The same sheet with a line inserted above the order: the order is row 3 now.
    const moved = await writeWorkbook(h.dir, { expansion: [resize, order] }, 'first.xlsx');
    const again = await runWorkbook({ file: moved }, { clients: h.clients, journalFile });
    expect(again.report.rows.map((r) => r.status)).toEqual(['succeeded', 'succeeded']);
    expect(again.report.rows[1]?.messages.map((m) => m.message)).toContain(
      'Done in an earlier run (journal); not run again.',
    );
    expect(h.sandbox.state().pp.orders).toHaveLength(1);
  });

  it('a journal written with the older row keys (sheet!row!hash) still counts its orders as done', async () => {
    h = await harness();
    const journalFile = join(h.dir, 'j.jsonl');
    const file = await writeWorkbook(h.dir, { expansion: [order] });
    await runWorkbook({ file }, { clients: h.clients, journalFile });
    const older = readFileSync(journalFile, 'utf8').replace(
      /"Expansions!([0-9a-f]{12})#0"/g,
      '"Expansions!2!$1"',
    );
    expect(older).toContain('"Expansions!2!');
    writeFileSync(journalFile, older);
    const again = await runWorkbook({ file }, { clients: h.clients, journalFile });
    expect(again.report.rows[0]?.status).toBe('succeeded');
    expect(h.sandbox.state().pp.orders).toHaveLength(1);
  });

  it('two identical order rows are two orders, and a third run places none', async () => {
    h = await harness();
    const journalFile = join(h.dir, 'j.jsonl');
    const file = await writeWorkbook(h.dir, { expansion: [order, order] });
    await runWorkbook({ file }, { clients: h.clients, journalFile });
    await runWorkbook({ file }, { clients: h.clients, journalFile });
    expect(h.sandbox.state().pp.orders).toHaveLength(2);
  });

  it('places the order that fits an existing PBX and refuses the next before anything is billed', async () => {
    h = await harness();
    const row = {
      'pbx.subDomain': 'existingco',
      method: 'order',
      addExtensions: '300',
      billingCycle: 'monthly',
    };
    const file = await writeWorkbook(h.dir, { expansion: [row, row] });
    const result = await runWorkbook({ file }, { clients: h.clients, journalFile: join(h.dir, 'j.jsonl') });
    expect(result.plan.orders).toBe(1);
    expect(result.report.rows.map((r) => r.status)).toEqual(['succeeded', 'invalid']);
    expect(result.report.rows[1]?.messages.map((m) => m.message).join(' ')).toMatch(
      /320 after sheet 'Expansions' row 2; adding 300 makes 620, past the limit of 500/,
    );
    expect(h.sandbox.state().pp.orders).toHaveLength(1);
    expect(pbxsWithSub(h.sandbox, 'existingco')[0]?.extensionCapacity).toBe(320);
  });

  it('resumes an interrupted order that filled the PBX to 500: adopted, not refused as over the limit', async () => {
    h = await harness();
    const file = await writeWorkbook(h.dir, {
      expansion: [
        { 'pbx.subDomain': 'existingco', method: 'order', addExtensions: '480', billingCycle: 'monthly' },
      ],
    });
    const journalFile = join(h.dir, 'j.jsonl');
    await runWorkbook({ file }, { clients: h.clients, journalFile });
    expect(pbxsWithSub(h.sandbox, 'existingco')[0]?.extensionCapacity).toBe(500);
    // The crash: the order's 'end' never reached the disk; YCM already shows the 500 extensions.
    const kept = readFileSync(journalFile, 'utf8')
      .trim()
      .split('\n')
      .filter((l) => (JSON.parse(l) as JournalEntry).t !== 'end');
    writeFileSync(journalFile, `${kept.join('\n')}\n`);
    const resumed = await runWorkbook({ file }, { clients: h.clients, journalFile });
    expect(resumed.report.rows[0]?.status, JSON.stringify(resumed.report.rows[0]?.messages)).toBe(
      'succeeded',
    );
    expect(h.sandbox.state().pp.orders).toHaveLength(1);
    expect(pbxsWithSub(h.sandbox, 'existingco')[0]?.extensionCapacity).toBe(500);
  });

  it('refuses a resize that would lower the recording minutes of an existing PBX', async () => {
    h = await harness();
    const file = await writeWorkbook(h.dir, {
      expansion: [{ 'pbx.subDomain': 'existingco', method: 'resize', recordingCapacity: '50' }],
    });
    const plan = await planWorkbook({ file }, { clients: h.clients });
    expect(plan.rows[0]?.report.status).toBe('invalid');
    expect(plan.rows[0]?.report.messages.map((m) => m.message).join(' ')).toMatch(/cannot decrease.*100/);
  });

  it('stops when more than the given percentage of rows failed (after 10 rows)', async () => {
    h = await harness({ faults: { error500: 1, only: ['/v1/cloud_pbx/instances'] } });
    const rows = Array.from({ length: 12 }, (_, i) => pbxRow(i + 1, `pct-${i + 1}`, { dids: '', trunk: '' }));
    const file = await writeWorkbook(h.dir, { pbx: rows });
    const result = await runWorkbook(
      { file },
      { clients: h.clients, journalFile: join(h.dir, 'j.jsonl'), concurrency: 1, stopFailedPercent: 50 },
    );
    expect(result.stopped).toBe('threshold');
    expect(result.stopMessage).toMatch(/10 of 10 rows failed/);
    const counts = result.report.summary.byStatus;
    expect(counts).toEqual({ failed: 10, skipped: 2 });
  });

  it('never orders or binds for a PBX whose create failed in this run: those rows are skipped', async () => {
    h = await harness({ faults: { error500: 1, only: ['/v1/cloud_pbx/instances'] } });
    const file = await writeWorkbook(h.dir, {
      pbx: [pbxRow(1, 'dead-pbx')],
      did: [{ 'pbx.subDomain': 'dead-pbx', trunk: US_TRUNK, dids: '+12025550174' }],
      expansion: [
        { 'pbx.subDomain': 'dead-pbx', method: 'order', addExtensions: '5', billingCycle: 'monthly' },
      ],
    });
    const result = await runWorkbook({ file }, { clients: h.clients, journalFile: join(h.dir, 'j.jsonl') });
    expect(result.report.rows.map((r) => r.status)).toEqual(['failed', 'skipped', 'skipped']);
    expect(h.sandbox.state().pp.orders).toHaveLength(0);
    expect(h.sandbox.stats().created).toEqual({ pbxs: 0, orders: 0, profiles: 0 });
  });

  it('a row that failed is tried again by the next run with the same journal', async () => {
    h = await harness({ faults: { error500: 1, only: ['/v1/cloud_pbx/instances'] } });
    const file = await writeWorkbook(h.dir, { pbx: [pbxRow(2, 'retry-later')] });
    const journalFile = join(h.dir, 'j.jsonl');
    const first = await runWorkbook({ file }, { clients: h.clients, journalFile });
    expect(first.report.rows[0]?.status).toBe('failed');
    h.sandbox.setFaults({});
    const second = await runWorkbook({ file }, { clients: h.clients, journalFile });
    expect(second.report.rows[0]?.status).toBe('succeeded');
    expect(pbxsWithSub(h.sandbox, 'retry-later')).toHaveLength(1);
  });

  it('resumes a same-workbook chain after a crash before its order: one PBX, one order', async () => {
    h = await harness();
    const file = await writeWorkbook(h.dir, {
      pbx: [pbxRow(3, 'chain-resume', { extensionCapacity: '20' })],
      expansion: [
        { 'pbx.subDomain': 'chain-resume', method: 'order', addExtensions: '4', billingCycle: 'monthly' },
      ],
    });
    const journalFile = join(h.dir, 'j.jsonl');
    const first = await runWorkbook(
      { file },
      // The canary stops the run after the PBX: the state a crash before the order leaves.
      { clients: h.clients, journalFile, canary: 1, onCanary: () => Promise.resolve(false) },
    );
    expect(first.stopped).toBe('canary');
    expect(first.report.rows.map((r) => r.status)).toEqual(['succeeded', 'skipped']);
    const resumed = await runWorkbook({ file }, { clients: h.clients, journalFile });
    expect(resumed.report.rows.map((r) => r.status)).toEqual(['succeeded', 'succeeded']);
    expect(h.sandbox.stats().created).toMatchObject({ pbxs: 1, orders: 1 });
    expect(pbxsWithSub(h.sandbox, 'chain-resume')[0]?.extensionCapacity).toBe(24);
  });

  it('credentials the target refuses stop planning with one error before anything is sent; no row is called invalid', async () => {
    h = await harness();
    const targets = sandboxTargets(h.sandbox);
    if (!targets.ycm) throw new Error('the sandbox has no YCM');
    const clients = createClients({
      ...targets,
      ycm: { ...targets.ycm, clientSecret: 'wrong-secret-value' },
    });
    const file = await writeWorkbook(h.dir, { pbx: [pbxRow(1, 'authfail-1'), pbxRow(2, 'authfail-2')] });
    await expect(runWorkbook({ file }, { clients, journalFile: join(h.dir, 'j.jsonl') })).rejects.toThrow(
      /^Planning stopped before anything was sent: /,
    );
    expect(pbxsWithSub(h.sandbox, 'authfail-1')).toHaveLength(0);
  });
});
