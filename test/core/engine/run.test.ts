/**
 * Run (PRODUCT.md, Run) against the loopback sandbox: the shipped sample end to end, DID binding
 * modes on an existing PBX, orders raising capacity once, re-runs that write nothing again.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runWorkbook, type RunResult } from '../../../src/core/engine/index.ts';
import { PREBOUND_DID_IDS } from '../../../src/sandbox/fixtures.ts';
import {
  boundDids,
  harness,
  pbxRow,
  pbxsWithSub,
  writeWorkbook,
  writes,
  type Harness,
} from './engine-helpers.ts';

const SAMPLE = join(import.meta.dirname, '../../../templates/sample.xlsx');

function reportRow(result: RunResult, sheet: string, row: number) {
  const found = result.report.rows.find((r) => r.sheet === sheet && r.row === row);
  if (!found) throw new Error(`no row ${sheet}!${row}`);
  return found;
}

function statuses(result: RunResult): Record<string, string> {
  return Object.fromEntries(result.report.rows.map((r) => [`${r.sheet}!${r.row}`, r.status]));
}

describe('run against the sandbox', () => {
  let h: Harness;
  let n = 0;
  const journal = (): string => join(h.dir, `journal-${++n}.jsonl`);
  beforeEach(async () => {
    h = await harness();
  });
  afterEach(async () => h.close());

  it('runs the shipped sample end to end with ids in the report', async () => {
    const result = await runWorkbook({ file: SAMPLE }, { clients: h.clients, journalFile: journal() });
    expect(result.stopped).toBeUndefined();
    expect(result.report.summary.byStatus).toEqual({ invalid: 2, succeeded: 8 });
    for (const row of [2, 3, 6]) {
      const ids = reportRow(result, 'PBX', row).ids;
      expect(ids?.cloudPbxId).toMatch(/^\d+$/);
      expect(ids?.sn).toMatch(/^[0-9A-F]{16}$/);
      expect(ids?.url).toMatch(/\.yeastarcloud\.com$/);
      expect(ids?.requestIds?.length).toBeGreaterThan(0);
      expect(reportRow(result, 'PBX', row).startedAt).toBeDefined();
    }
    expect(reportRow(result, 'Expansions', 2).ids?.orderNo).toMatch(/\S/);
    expect(reportRow(result, 'MyReports', 2).ids?.profileId).toMatch(/\S/);
    expect(h.sandbox.stats().created).toEqual({ pbxs: 3, orders: 1, profiles: 1 });
    const state = h.sandbox.state();
    const acme = pbxsWithSub(h.sandbox, 'acme')[0];
    // Created with +12025550101 inline, then +…111 and +…112 added by the DID row: the union.
    expect(boundDids(h.sandbox, acme?.cloudPbxId ?? 0)).toEqual([1001, 1011, 1012]);
    expect(acme).toMatchObject({ recordingStatus: 'Enabled', recordingCapacity: 300 });
    // The order for hooli adds 10 extensions to 50, once.
    expect(pbxsWithSub(h.sandbox, 'hooli')[0]?.extensionCapacity).toBe(60);
    expect(state.pp.orders).toHaveLength(1);
    expect(state.mr.profiles).toHaveLength(1);
    expect(pbxsWithSub(h.sandbox, 'initech')).toHaveLength(0);
  });

  it('adds DIDs to an existing PBX by sending the union of its current and new bindings', async () => {
    const file = await writeWorkbook(h.dir, {
      did: [
        { 'pbx.subDomain': 'existingco', trunk: 'US_Register_A1B2C3', dids: '+12025550160; +12025550161' },
      ],
    });
    const result = await runWorkbook({ file }, { clients: h.clients, journalFile: journal() });
    expect(statuses(result)).toEqual({ 'DID Bindings!2': 'succeeded' });
    expect(boundDids(h.sandbox, 42100)).toEqual([...PREBOUND_DID_IDS, 1060, 1061].sort((a, b) => a - b));
  });

  it('replaces all bindings when the row says replace, and removes only the named DIDs on remove', async () => {
    const replace = await writeWorkbook(
      h.dir,
      {
        did: [
          {
            'pbx.subDomain': 'existingco',
            trunk: 'US_Register_A1B2C3',
            dids: '+12025550190; +12025550162',
            mode: 'replace',
          },
        ],
      },
      'replace.xlsx',
    );
    const r1 = await runWorkbook({ file: replace }, { clients: h.clients, journalFile: journal() });
    expect(statuses(r1)).toEqual({ 'DID Bindings!2': 'succeeded' });
    expect(boundDids(h.sandbox, 42100)).toEqual([1062, 1090]);
    const remove = await writeWorkbook(
      h.dir,
      {
        did: [
          {
            'pbx.subDomain': 'existingco',
            trunk: 'US_Register_A1B2C3',
            dids: '+12025550190',
            mode: 'remove',
          },
        ],
      },
      'remove.xlsx',
    );
    const r2 = await runWorkbook({ file: remove }, { clients: h.clients, journalFile: journal() });
    expect(statuses(r2)).toEqual({ 'DID Bindings!2': 'succeeded' });
    expect(boundDids(h.sandbox, 42100)).toEqual([1062]);
    // remove-all: no trunk, no DIDs; every binding goes (an empty trunkDidRelations, FACTS 1.8.O).
    const removeAll = await writeWorkbook(
      h.dir,
      { did: [{ 'pbx.subDomain': 'existingco', trunk: '', dids: '', mode: 'remove-all' }] },
      'remove-all.xlsx',
    );
    const r3 = await runWorkbook({ file: removeAll }, { clients: h.clients, journalFile: journal() });
    expect(statuses(r3)).toEqual({ 'DID Bindings!2': 'succeeded' });
    expect(boundDids(h.sandbox, 42100)).toEqual([]);
  });

  it('binds DIDs and orders capacity on a PBX created earlier in the same workbook', async () => {
    const file = await writeWorkbook(h.dir, {
      pbx: [pbxRow(30, 'chain-a', { extensionCapacity: '20' })],
      did: [{ 'pbx.subDomain': 'chain-a', trunk: 'US_Register_A1B2C3', dids: '+12025550163' }],
      expansion: [
        { 'pbx.subDomain': 'chain-a', method: 'order', addExtensions: '15', billingCycle: 'monthly' },
      ],
    });
    const result = await runWorkbook({ file }, { clients: h.clients, journalFile: journal() });
    expect(Object.values(statuses(result))).toEqual(['succeeded', 'succeeded', 'succeeded']);
    const pbx = pbxsWithSub(h.sandbox, 'chain-a')[0];
    expect(boundDids(h.sandbox, pbx?.cloudPbxId ?? 0)).toEqual([1030, 1063]);
    expect(pbx?.extensionCapacity).toBe(35);
    expect(reportRow(result, 'Expansions', 2).ids?.sn).toBe(pbx?.sn);
  });

  it('skips a DID row whose PBX row is invalid, and still runs the rest', async () => {
    const file = await writeWorkbook(h.dir, {
      pbx: [pbxRow(31, 'dep-ok'), pbxRow(32, 'dep-bad', { firmware: '84.18.0.10' })],
      did: [
        { 'pbx.subDomain': 'dep-bad', trunk: 'US_Register_A1B2C3', dids: '+12025550164' },
        { 'pbx.subDomain': 'dep-ok', trunk: 'US_Register_A1B2C3', dids: '+12025550165' },
      ],
    });
    const result = await runWorkbook({ file }, { clients: h.clients, journalFile: journal() });
    expect(statuses(result)).toEqual({
      'PBX!2': 'succeeded',
      'PBX!3': 'invalid',
      'DID Bindings!2': 'skipped',
      'DID Bindings!3': 'succeeded',
    });
    expect(h.sandbox.state().ycm.pbxs.some((p) => boundDids(h.sandbox, p.cloudPbxId).includes(1064))).toBe(
      false,
    );
  });

  it('re-running with the same journal writes nothing new and reports the rows as done', async () => {
    const file = await writeWorkbook(h.dir, {
      pbx: [pbxRow(33, 'again-a'), pbxRow(34, 'again-b')],
      did: [{ 'pbx.subDomain': 'existingco', trunk: 'US_Register_A1B2C3', dids: '+12025550166' }],
      expansion: [
        { 'pbx.subDomain': 'again-a', method: 'order', addExtensions: '5', billingCycle: 'monthly' },
      ],
      myreports: [
        {
          customer: 'Acme Ltd',
          _type: 'KazooPbxConnectionProfile',
          name: 'Again Kazoo',
          hostRest: 'https://rest.kazoo.example',
          hostWebsocket: 'wss://ws.kazoo.example',
          accountId: 'aaaabbbbccccddddeeeeffff00001111',
          apiKey: 'again-api-key',
          countryCode: 'US',
        },
      ],
    });
    const j = journal();
    const first = await runWorkbook({ file }, { clients: h.clients, journalFile: j });
    expect(first.report.summary.byStatus).toEqual({ succeeded: 5 });
    const before = writes(h.sandbox);
    const second = await runWorkbook({ file }, { clients: h.clients, journalFile: j });
    expect(writes(h.sandbox)).toEqual(before);
    expect(second.report.summary.byStatus).toEqual({ succeeded: 5 });
    expect(second.report.rows.map((r) => r.ids)).toEqual(first.report.rows.map((r) => r.ids));
    expect(h.sandbox.stats().created).toEqual({ pbxs: 2, orders: 1, profiles: 1 });
  });

  it('without a journal, marks PBX rows whose PBX already exists as skipped and creates nothing', async () => {
    const file = await writeWorkbook(h.dir, { pbx: [pbxRow(35, 'nojournal-a'), pbxRow(36, 'nojournal-b')] });
    const first = await runWorkbook({ file }, { clients: h.clients, journalFile: journal() });
    const second = await runWorkbook({ file }, { clients: h.clients, journalFile: journal() });
    expect(second.report.rows.map((r) => r.status)).toEqual(['skipped', 'skipped']);
    expect(second.report.rows.map((r) => r.ids?.cloudPbxId)).toEqual(
      first.report.rows.map((r) => r.ids?.cloudPbxId),
    );
    expect(h.sandbox.stats().created.pbxs).toBe(2);
    expect(pbxsWithSub(h.sandbox, 'nojournal-a')).toHaveLength(1);
  });

  it('without a journal, does not place again the order of a PBX row whose PBX already exists', async () => {
    const file = await writeWorkbook(h.dir, {
      pbx: [pbxRow(37, 'nojournal-order')],
      expansion: [
        { 'pbx.subDomain': 'nojournal-order', method: 'order', addExtensions: '5', billingCycle: 'monthly' },
      ],
    });
    const first = await runWorkbook({ file }, { clients: h.clients, journalFile: journal() });
    expect(first.report.summary.byStatus).toEqual({ succeeded: 2 });
    const orders = h.sandbox.stats().created.orders;
    // The same sheet from another folder, machine or app: a fresh journal.
    const second = await runWorkbook({ file }, { clients: h.clients, journalFile: journal() });
    expect(h.sandbox.stats().created.orders).toBe(orders);
    expect(statuses(second)).toEqual({ 'PBX!2': 'skipped', 'Expansions!2': 'invalid' });
    expect(reportRow(second, 'Expansions', 2).messages[0]?.message).toMatch(
      /already exists, most likely created by an earlier run of this sheet.*not placed again/,
    );
  });

  it('with its journal, an order that failed is placed on the next run even when its PBX row was edited since', async () => {
    const pbx = pbxRow(38, 'journal-order');
    const order = {
      'pbx.subDomain': 'journal-order',
      method: 'order',
      addExtensions: '5',
      billingCycle: 'monthly',
    };
    const file = await writeWorkbook(h.dir, { pbx: [pbx], expansion: [order] });
    const j = journal();
    h.sandbox.setFaults({ error500: 1, only: ['/order/v1/save'] });
    const first = await runWorkbook({ file }, { clients: h.clients, journalFile: j });
    h.sandbox.setFaults({});
    expect(statuses(first)).toEqual({ 'PBX!2': 'succeeded', 'Expansions!2': 'failed' });
    const orders = h.sandbox.stats().created.orders;
    // An edited cell makes the PBX row new to the journal: plan finds its PBX in YCM instead.
    await writeWorkbook(h.dir, {
      pbx: [{ ...pbx, extensionCapacity: '30' }],
      expansion: [order],
    });
    const second = await runWorkbook({ file }, { clients: h.clients, journalFile: j });
    expect(reportRow(second, 'Expansions', 2).status).toBe('succeeded');
    expect(h.sandbox.stats().created.orders).toBe(orders + 1);
  });
});
