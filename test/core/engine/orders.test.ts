/**
 * Billed orders exactly right and exactly once (issue 15), against the sandbox over loopback:
 * the portal's status decides the outcome, a pending order is checked and never placed again,
 * and an order the journal does not account for (a cut or lost journal, a run elsewhere) blocks a
 * second one, whatever this machine's clock says.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runWorkbook } from '../../../src/core/engine/index.ts';
import { AccountLockedError, lockAccount } from '../../../src/core/run/lock.ts';
import { PP_PLAN_IDS, PP_SERVICE_IDS } from '../../../src/sandbox/fixtures.ts';
import { harness, pbxsWithSub, writeWorkbook, type Harness, type Row } from './engine-helpers.ts';

const ORDER: Row = {
  'pbx.subDomain': 'existingco',
  method: 'order',
  addExtensions: '7',
  billingCycle: 'monthly',
};
const FAST_SETTLE = { settleMs: 300, settleIntervalMs: 50 };

function outcomes(journalFile: string): string[] {
  return readFileSync(journalFile, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { t: string; step?: string; outcome?: string })
    .flatMap((e) => (e.t === 'end' ? [`${e.step ?? ''}:${e.outcome ?? ''}`] : []));
}

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

describe('orders: exactly once, whatever the journal or the clock', () => {
  let h: Harness;
  afterEach(async () => h.close());

  it('a second run with a new journal (cut, lost or another folder) refuses the repeat; --allow-repeat-order orders', async () => {
    h = await harness();
    const file = await writeWorkbook(h.dir, { expansion: [ORDER] });
    await runWorkbook({ file }, { clients: h.clients, journalFile: join(h.dir, 'a.jsonl') });
    expect(h.sandbox.state().pp.orders).toHaveLength(1);
    const again = await runWorkbook({ file }, { clients: h.clients, journalFile: join(h.dir, 'b.jsonl') });
    expect(again.report.rows[0]?.status).toBe('failed');
    expect(again.report.rows[0]?.messages.map((m) => m.message).join(' ')).toMatch(
      /already has order EK\d+ .*--allow-repeat-order/,
    );
    expect(h.sandbox.state().pp.orders).toHaveLength(1);
    const forced = await runWorkbook(
      { file },
      { clients: h.clients, journalFile: join(h.dir, 'c.jsonl'), orders: { allowRepeat: true } },
    );
    expect(forced.report.rows[0]?.status).toBe('succeeded');
    expect(h.sandbox.state().pp.orders).toHaveLength(2);
  });

  it('a journal cut back to before its order (the begin kept, the end lost) adopts the order, never places it again', async () => {
    h = await harness();
    const file = await writeWorkbook(h.dir, { expansion: [ORDER] });
    const journalFile = join(h.dir, 'j.jsonl');
    await runWorkbook({ file }, { clients: h.clients, journalFile });
    const lines = readFileSync(journalFile, 'utf8').trim().split('\n');
    writeFileSync(journalFile, `${lines.filter((l) => !l.includes('"t":"end"')).join('\n')}\n`);
    const resumed = await runWorkbook({ file }, { clients: h.clients, journalFile });
    expect(resumed.report.rows[0]?.status).toBe('succeeded');
    expect(h.sandbox.state().pp.orders).toHaveLength(1);
  });

  for (const [label, offsetMs] of [
    ['10 minutes fast', -600_000],
    ['10 minutes slow', 600_000],
  ] as const) {
    it(`a lost order reply is adopted, not re-placed, with this machine's clock ${label}`, async () => {
      // The portal's clock is set apart from the workstation's: the engine must use only the portal's.
      h = await harness({
        clock: () => Date.now() + offsetMs,
        faults: { resetAfterCommit: 1, only: ['/order/v1/save'] },
      });
      const file = await writeWorkbook(h.dir, {
        expansion: [ORDER, { ...ORDER, 'pbx.subDomain': 'legacyco', billingCycle: 'annually' }],
      });
      const journalFile = join(h.dir, 'j.jsonl');
      const first = await runWorkbook({ file }, { clients: h.clients, journalFile });
      expect(first.report.rows.map((r) => r.status)).toEqual(['succeeded', 'succeeded']);
      // And a run of the same sheet with another journal orders nothing more.
      h.sandbox.setFaults({});
      await runWorkbook({ file }, { clients: h.clients, journalFile: join(h.dir, 'other.jsonl') });
      expect(h.sandbox.state().pp.orders).toHaveLength(2);
    });
  }

  it('a second run against the same account on this machine is refused while the first holds the account', async () => {
    h = await harness();
    const home = mkdtempSync(join(tmpdir(), 'pbx-home-'));
    const file = await writeWorkbook(h.dir, { expansion: [ORDER] });
    const held = lockAccount(home, 'SANDBOX test account');
    try {
      await expect(
        runWorkbook(
          { file },
          {
            clients: h.clients,
            journalFile: join(h.dir, 'second.jsonl'),
            target: 'SANDBOX test account',
            accountLockDir: home,
          },
        ),
      ).rejects.toBeInstanceOf(AccountLockedError);
    } finally {
      held.release();
    }
    expect(h.sandbox.state().pp.orders).toHaveLength(0);
    const after = await runWorkbook(
      { file },
      {
        clients: h.clients,
        journalFile: join(h.dir, 'third.jsonl'),
        target: 'SANDBOX test account',
        accountLockDir: home,
      },
    );
    expect(after.report.rows[0]?.status).toBe('succeeded');
  });
});
