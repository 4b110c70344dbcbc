/**
 * Rows that act on a PBX this run creates wait until it is Running (seeds/001 pbxStatus; FACTS
 * 1.8.E status endpoint), within a bounded time, with one status call per PBX when it already is.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runWorkbook } from '../../../src/core/engine/index.ts';
import { harness, kazooRow, pbxRow, pbxsWithSub, writeWorkbook, type Harness } from './engine-helpers.ts';

const STATUS = 'GET /dm/open_api/v1/cloud_pbx/instances/:id/status';
const FAST_POLL = { firstIntervalMs: 100, maxIntervalMs: 200 };

function dependents(sub: string) {
  return {
    pbx: [pbxRow(61, sub)],
    did: [{ 'pbx.subDomain': sub, trunk: 'US_Register_A1B2C3', dids: '+12025550162' }],
    expansion: [{ 'pbx.subDomain': sub, method: 'resize', extensionCapacity: '30' }],
    myreports: [kazooRow('77665544332211007766554433221100', { 'pbx.subDomain': sub })],
  };
}

describe('readiness of a PBX created in the same run', () => {
  let h: Harness;
  afterEach(async () => h.close());

  it('its DID, resize and profile rows wait until it is Running, then run once each', async () => {
    h = await harness({ assumptions: { newPbxStartingMs: 1500 } });
    const file = await writeWorkbook(h.dir, dependents('wait-co'));
    const result = await runWorkbook(
      { file },
      { clients: h.clients, journalFile: join(h.dir, 'j.jsonl'), readiness: FAST_POLL },
    );
    expect(result.report.rows.map((r) => [r.sheet, r.status])).toEqual([
      ['PBX', 'succeeded'],
      ['DID Bindings', 'succeeded'],
      ['Expansions', 'succeeded'],
      ['MyReports', 'succeeded'],
    ]);
    const stats = h.sandbox.stats();
    expect(stats.byEndpoint['PUT /dm/open_api/v1/cloud_pbx/instances/:id/did']).toBe(1);
    expect(stats.byEndpoint['PUT /dm/open_api/v1/cloud_pbx/instances/:id/capacity']).toBe(1);
    // Polled while Starting, within the bound: one shared wait for the three rows.
    expect(stats.byEndpoint[STATUS]).toBeGreaterThan(1);
    expect(stats.byEndpoint[STATUS]).toBeLessThan(15);
    expect(pbxsWithSub(h.sandbox, 'wait-co')[0]?.extensionCapacity).toBe(30);
  });

  it('costs one status call for all its rows when it is already Running', async () => {
    h = await harness({ assumptions: { newPbxStartingMs: 0 } });
    const file = await writeWorkbook(h.dir, dependents('ready-co'));
    const result = await runWorkbook({ file }, { clients: h.clients, journalFile: join(h.dir, 'j.jsonl') });
    expect(result.report.rows.every((r) => r.status === 'succeeded')).toBe(true);
    expect(h.sandbox.stats().byEndpoint[STATUS]).toBe(1);
  });

  it('rows of an existing PBX do not wait (no status call)', async () => {
    h = await harness();
    const file = await writeWorkbook(h.dir, {
      did: [{ 'pbx.subDomain': 'existingco', trunk: 'US_Register_A1B2C3', dids: '+12025550163' }],
    });
    const result = await runWorkbook({ file }, { clients: h.clients, journalFile: join(h.dir, 'j.jsonl') });
    expect(result.report.rows[0]?.status).toBe('succeeded');
    expect(h.sandbox.stats().byEndpoint[STATUS]).toBeUndefined();
  });

  it('gives up after the time limit: the rows fail with the status seen, nothing is sent for them, a later run finishes', async () => {
    h = await harness({ assumptions: { newPbxStartingMs: 2500 } });
    const file = await writeWorkbook(h.dir, dependents('slow-co'));
    const journalFile = join(h.dir, 'j.jsonl');
    const first = await runWorkbook(
      { file },
      { clients: h.clients, journalFile, readiness: { ...FAST_POLL, timeoutMs: 300 } },
    );
    expect(first.report.rows.map((r) => r.status)).toEqual(['succeeded', 'failed', 'failed', 'failed']);
    for (const row of first.report.rows.slice(1))
      expect(row.messages.at(-1)?.message).toMatch(
        /^PBX 'slow-co' \(\d+\) is still Starting, not Running, after \d+ s; nothing was sent for this row\./,
      );
    const writes = Object.keys(h.sandbox.stats().byEndpoint).filter(
      (e) => /^(PUT|POST|PATCH) /.test(e) && !e.includes('token'),
    );
    expect(writes).toEqual(['POST /dm/open_api/v1/cloud_pbx/instances']);
    expect(h.sandbox.stats().byEndpoint[STATUS]).toBeLessThanOrEqual(5);
    await new Promise((resolve) => setTimeout(resolve, 2600));
    const second = await runWorkbook({ file }, { clients: h.clients, journalFile, readiness: FAST_POLL });
    expect(second.report.rows.map((r) => r.status)).toEqual([
      'succeeded',
      'succeeded',
      'succeeded',
      'succeeded',
    ]);
    expect(h.sandbox.stats().created.pbxs).toBe(1);
  });
});
