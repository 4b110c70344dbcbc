/**
 * The Plan screen's per-row preview and grouped messages (issue 17, Plan), through the session the
 * app uses, against the in-process sandbox: what each row will send, read from its planned request.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUiRuntime, type UiRuntime } from '../../src/app/create-session.ts';
import type { PlanView } from '../../src/shared/bridge.ts';
import { tempHomeEnv } from '../helpers/temp-home.ts';

const SAMPLE = join(import.meta.dirname, '../../templates/sample.xlsx');
let runtime: UiRuntime;
let plan: PlanView;

beforeAll(async () => {
  runtime = await createUiRuntime({ env: tempHomeEnv() });
  const { session } = runtime;
  const ref = await session.uploadFile({ name: 'sample.xlsx', data: new Uint8Array(await readFile(SAMPLE)) });
  await session.openSheet({ file: ref });
  plan = await session.run.plan();
});
afterAll(() => runtime.close());

describe('Plan screen: per-row preview', () => {
  it('says for a PBX row the URL to be created and the region, domain, firmware, trunk and DIDs resolved', async () => {
    const page = await runtime.session.run.planRows({ start: 0, count: 100 });
    expect(page.total).toBe(10);
    expect(page.rows.find((r) => r.sheet === 'PBX' && r.row === 2)).toEqual({
      sheet: 'PBX',
      row: 2,
      kind: 'pbx',
      status: 'valid',
      does: 'Create PBX',
      pbx: 'acme.yeastarcloud.com',
      region: 'US East (Virginia) (1)',
      domain: 'yeastarcloud.com (11)',
      firmware: '84.21.0.70 (701)',
      trunkId: '6681',
      didIds: '1001',
      problems: [],
    });
  });

  it('names the PBX a DID or order row acts on by the URL this run creates, with the DID ids', async () => {
    const { rows } = await runtime.session.run.planRows({ start: 0, count: 100 });
    expect(rows.find((r) => r.sheet === 'DID Bindings' && r.row === 2)).toMatchObject({
      does: 'Bind DIDs (add)',
      pbx: 'acme.yeastarcloud.com (created by this run)',
      trunkId: '6681',
      didIds: '1011, 1012',
    });
  });

  it('shows an order by its quantities and never invents a price (the portal has it, FACTS: not found)', async () => {
    const { rows } = await runtime.session.run.planRows({ start: 0, count: 100 });
    const order = rows.find((r) => r.does === 'Place a Partner Portal order');
    expect(order?.order).toMatch(
      /^\+10 extension\(s\); cycle monthly; price: the Partner Portal’s \(not known/,
    );
    expect(order?.order).not.toMatch(/[$€£]|USD|EUR|\d+\.\d\d/);
    expect(plan.orders).toBe(1);
  });

  it('lists every error of a row that will not be sent, and pages the preview', async () => {
    const page = await runtime.session.run.planRows({ start: 2, count: 2 });
    expect(page).toMatchObject({ total: 10, start: 2 });
    expect(page.rows.map((r) => [r.row, r.status, r.does])).toEqual([
      [4, 'invalid', 'Not sent: has errors'],
      [5, 'invalid', 'Not sent: has errors'],
    ]);
    expect(page.rows[0]?.problems).toEqual([
      'Admin password: The admin password must not contain 4 consecutive digits (like 1234 or 4321).',
    ]);
  });

  it('groups the messages by cause with a count, and gives the time at YCM’s documented limit', () => {
    expect(plan.groups).toEqual([
      expect.objectContaining({
        level: 'error',
        sheet: 'PBX',
        column: 'Admin password',
        count: 1,
        rows: [4],
      }),
      expect.objectContaining({ level: 'error', sheet: 'PBX', column: 'Plan', count: 1, rows: [5] }),
    ]);
    expect(plan.documented.requestsPerSecond).toBeCloseTo(300 / 180);
    expect(plan.documented.seconds).toBe(0); // a few dozen calls fit in the burst of 600
  });
});
