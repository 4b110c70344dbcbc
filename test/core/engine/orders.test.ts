/**
 * Billed orders exactly right (issue 15), against the sandbox over loopback: the portal's status
 * decides the outcome, and a pending order is checked and never placed again. That an order is
 * placed exactly once, whatever the journal or the clock, is in orders-once.test.ts.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runWorkbook } from '../../../src/core/engine/index.ts';
import { PP_PLAN_IDS, PP_SERVICE_IDS } from '../../../src/sandbox/fixtures.ts';
import { harness, pbxsWithSub, writeWorkbook, type Harness } from './engine-helpers.ts';
import { FAST_SETTLE, ORDER, outcomes } from './order-helpers.ts';

describe('orders: the portal decides the outcome', () => {
  let h: Harness;
  afterEach(async () => h.close());

  it('sends seed 003 exactly: ids as numbers from the plan, the sheet cycle; reports orderNo, status and transactionNo', async () => {
    h = await harness();
    const file = await writeWorkbook(h.dir, { expansion: [ORDER] });
    const r = await runWorkbook({ file }, { clients: h.clients, journalFile: join(h.dir, 'j.jsonl') });
    const row = r.report.rows[0];
    expect(row?.status).toBe('succeeded');
    const order = h.sandbox.state().pp.orders[0];
    expect(order?.serviceList[0]).toMatchObject({
      connectionPlanId: PP_PLAN_IDS.enterprise,
      serviceId: PP_SERVICE_IDS.extensions,
      billingCycle: 'monthly',
      quantity: 7,
    });
    expect(row?.ids).toMatchObject({
      orderNo: order?.orderNo,
      orderStatus: 'succeed',
      transactionNo: order?.transactionNo,
    });
    expect(row?.ids?.orderId).toBeUndefined(); // seed 003's instanceId is no order id
  });

  it('a pending order that settles within the check window succeeds, checked by Get Order Details', async () => {
    h = await harness({ assumptions: { ppOrderPendingMs: 100 } });
    const file = await writeWorkbook(h.dir, { expansion: [ORDER] });
    const journalFile = join(h.dir, 'j.jsonl');
    const r = await runWorkbook({ file }, { clients: h.clients, journalFile, orders: FAST_SETTLE });
    expect(r.report.rows[0]?.status).toBe('succeeded');
    expect(r.report.rows[0]?.ids?.orderStatus).toBe('succeed');
    expect(h.sandbox.stats().byEndpoint['GET /order/openapi/order/v1/get/:id']).toBeGreaterThan(0);
    expect(outcomes(journalFile)).toEqual(['order:succeeded']);
  });

  it('a still-pending order ends the row pending; the next run checks it and never orders again', async () => {
    let now = Date.now();
    h = await harness({ clock: () => now, assumptions: { ppOrderPendingMs: 3_600_000 } });
    const file = await writeWorkbook(h.dir, { expansion: [ORDER] });
    const journalFile = join(h.dir, 'j.jsonl');
    const first = await runWorkbook({ file }, { clients: h.clients, journalFile, orders: FAST_SETTLE });
    const row = first.report.rows[0];
    expect(row?.status).toBe('pending');
    expect(row?.ids?.orderNo).toBe(h.sandbox.state().pp.orders[0]?.orderNo);
    expect(row?.messages.map((m) => m.message).join(' ')).toMatch(/placed.*not placed again/);
    expect(first.report.summary.byStatus.pending).toBe(1);
    expect(outcomes(journalFile)).toEqual(['order:pending']);

    // Still pending an hour less a minute later: still pending, nothing new ordered.
    now += 3_540_000;
    const second = await runWorkbook({ file }, { clients: h.clients, journalFile, orders: FAST_SETTLE });
    expect(second.plan.orders).toBe(0);
    expect(second.report.rows[0]?.status).toBe('pending');
    now += 120_000;
    const third = await runWorkbook({ file }, { clients: h.clients, journalFile, orders: FAST_SETTLE });
    expect(third.report.rows[0]?.status).toBe('succeeded');
    expect(h.sandbox.state().pp.orders).toHaveLength(1);
    expect(h.sandbox.stats().created.orders).toBe(1);
  });

  it("an order the portal ends as failed fails the row with the portal's status; nothing is added", async () => {
    h = await harness({ assumptions: { ppOrderFinalStatus: 'failed' } });
    const file = await writeWorkbook(h.dir, { expansion: [ORDER] });
    const r = await runWorkbook({ file }, { clients: h.clients, journalFile: join(h.dir, 'j.jsonl') });
    expect(r.report.rows[0]?.status).toBe('failed');
    expect(r.report.rows[0]?.ids?.orderStatus).toBe('failed');
    expect(r.report.rows[0]?.messages.map((m) => m.message).join(' ')).toMatch(
      /ended order EK\d+ as 'failed'/,
    );
    expect(pbxsWithSub(h.sandbox, 'existingco')[0]?.extensionCapacity).toBe(20);
  });

  it('a cycle the PBX is not billed in is refused by the portal at run time: nothing billed, the reason said', async () => {
    h = await harness();
    const file = await writeWorkbook(h.dir, { expansion: [{ ...ORDER, billingCycle: 'annually' }] });
    const r = await runWorkbook({ file }, { clients: h.clients, journalFile: join(h.dir, 'j.jsonl') });
    expect(r.report.rows[0]?.status).toBe('failed');
    expect(r.report.rows[0]?.messages.map((m) => m.message).join(' ')).toMatch(
      /billingCycle must stay monthly/,
    );
    expect(h.sandbox.state().pp.orders).toHaveLength(0);
  });
});
