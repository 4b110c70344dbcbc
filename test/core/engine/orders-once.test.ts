/**
 * Billed orders exactly once (issue 15), against the sandbox over loopback: an order the journal
 * does not account for (a cut or lost journal, a run elsewhere) blocks a second one, whatever this
 * machine's clock says. The portal's outcomes are in orders.test.ts.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runWorkbook } from '../../../src/core/engine/index.ts';
import { AmbiguousWriteError, ServerError, type PpClient } from '../../../src/api/index.ts';
import { AccountLockedError, lockAccount } from '../../../src/core/run/lock.ts';
import type { PpOrder } from '../../../src/sandbox/state.ts';
import { harness, writeWorkbook, type Harness } from './engine-helpers.ts';
import { FAST_SETTLE, ORDER, RECORDING, outcomes } from './order-helpers.ts';

const ppOf = (h: Harness): PpClient => h.clients.pp as PpClient;
const messagesOf = (r: { report: { rows: { messages: { message: string }[] }[] } }): string =>
  r.report.rows[0]?.messages.map((m) => m.message).join(' | ') ?? '';

/** `n` orders for another PBX, `ageDays` old: an account with history. */
function oldOrders(sn: string, n: number, ageDays: number): PpOrder[] {
  const t = Math.floor(Date.now() / 1000) - ageDays * 86400;
  return Array.from({ length: n }, (_, i) => ({
    id: String(2000000000000000000n + BigInt(i)),
    orderNo: `EKOLD${i}`,
    transactionNo: `EROLD${i}`,
    instanceId: '1',
    productId: 13,
    productNo: sn,
    operationType: 'purchase_service',
    billingId: '1001',
    createTime: t + i,
    settlesAtMs: 0,
    finalStatus: 'succeed',
    currencyCode: 'USD',
    serviceList: [],
  }));
}

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
      /Partner Portal has order EK\d+ .*--allow-repeat-order/,
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

  it('an account with 60 older orders, the list read in either order: a repeat is still found', async () => {
    for (const sort of ['id', '-id']) {
      h = await harness({ state: (st) => void st.pp.orders.push(...oldOrders('OTHER-SN', 60, 30)) });
      const pp = ppOf(h);
      const list = pp.listOrders.bind(pp);
      pp.listOrders = (page = {}, signal) => list({ ...page, sort }, signal);
      const file = await writeWorkbook(h.dir, { expansion: [ORDER] });
      await runWorkbook({ file }, { clients: h.clients, journalFile: join(h.dir, 'a.jsonl') });
      const again = await runWorkbook({ file }, { clients: h.clients, journalFile: join(h.dir, 'b.jsonl') });
      expect(again.report.rows[0]?.status, sort).toBe('failed');
      expect(h.sandbox.state().pp.orders, sort).toHaveLength(61);
      await h.close();
    }
    h = await harness();
  });

  it('a lost reply the order list does not show yet is not re-sent on an immediate resume', async () => {
    h = await harness({ faults: { resetAfterCommit: 1, only: ['/order/v1/save'] } });
    const pp = ppOf(h);
    const list = pp.listOrders.bind(pp);
    // The list lags 30 s behind the orders placed.
    pp.listOrders = async (page = {}, signal) => {
      const p = await list(page, signal);
      const now = p.serverTimeMs ?? 0;
      return { ...p, results: p.results.filter((o) => Number(o.createTime) * 1000 < now - 30_000) };
    };
    const file = await writeWorkbook(h.dir, { expansion: [ORDER] });
    const journalFile = join(h.dir, 'j.jsonl');
    const first = await runWorkbook({ file }, { clients: h.clients, journalFile });
    h.sandbox.setFaults({});
    const second = await runWorkbook({ file }, { clients: h.clients, journalFile });
    expect([first.report.rows[0]?.status, second.report.rows[0]?.status]).toEqual(['unknown', 'unknown']);
    expect(messagesOf(second)).toMatch(/not sent again before .* UTC \(portal time\)/);
    expect(h.sandbox.state().pp.orders).toHaveLength(1);
  });

  it("an interrupted row does not adopt a colleague's order when two orders appeared since; one is adopted with a warning to check it", async () => {
    h = await harness();
    const pp = ppOf(h);
    const save = pp.saveOrder.bind(pp);
    pp.saveOrder = () =>
      Promise.reject(
        new AmbiguousWriteError({
          system: 'pp',
          method: 'POST',
          path: '/order/openapi/order/v1/save',
          detail: 'reset',
        }),
      );
    const fileA = await writeWorkbook(h.dir, { expansion: [ORDER] }, 'a.xlsx');
    const journalA = join(h.dir, 'a.jsonl');
    expect(
      (await runWorkbook({ file: fileA }, { clients: h.clients, journalFile: journalA })).report.rows[0]
        ?.status,
    ).toBe('unknown');
    pp.saveOrder = save;
    // A colleague orders twice for the same PBX from another journal.
    for (const name of ['b', 'c'])
      await runWorkbook(
        { file: await writeWorkbook(h.dir, { expansion: [RECORDING] }, `${name}.xlsx`) },
        { clients: h.clients, journalFile: join(h.dir, `${name}.jsonl`), orders: { allowRepeat: true } },
      );
    const resumed = await runWorkbook({ file: fileA }, { clients: h.clients, journalFile: journalA });
    expect(resumed.report.rows[0]?.status).toBe('unknown');
    expect(messagesOf(resumed)).toMatch(
      /2 order\(s\) since then .* for 1 unclear attempt\(s\).* cannot be told/,
    );
  });

  it('an adopted order still being checked when the run dies is checked again, not taken for done', async () => {
    let now = Date.now();
    h = await harness({
      clock: () => now,
      faults: { resetAfterCommit: 1, only: ['/order/v1/save'] },
      assumptions: { ppOrderPendingMs: 600_000, ppOrderFinalStatus: 'failed' },
    });
    const file = await writeWorkbook(h.dir, { expansion: [ORDER] });
    const journalFile = join(h.dir, 'j.jsonl');
    const first = await runWorkbook({ file }, { clients: h.clients, journalFile, orders: FAST_SETTLE });
    expect(first.report.rows[0]?.status).toBe('pending');
    expect(outcomes(journalFile)).toEqual(['order:unknown', 'order:pending', 'order:pending']);
    h.sandbox.setFaults({});
    // The run died after adopting it, before its last check was written.
    const lines = readFileSync(journalFile, 'utf8').trim().split('\n');
    writeFileSync(journalFile, `${lines.slice(0, -1).join('\n')}\n`);
    now += 700_000;
    const resumed = await runWorkbook({ file }, { clients: h.clients, journalFile, orders: FAST_SETTLE });
    expect(resumed.report.rows[0]?.status).toBe('failed');
    expect(resumed.report.rows[0]?.ids?.orderStatus).toBe('failed');
  });

  it('a row edited after its order (same journal) is refused as a repeat, naming the edit', async () => {
    h = await harness({ assumptions: { ppOrderPendingMs: 3_600_000 } });
    const journalFile = join(h.dir, 'j.jsonl');
    const file = await writeWorkbook(h.dir, { expansion: [{ ...ORDER, poNumber: 'PO-1' }] });
    await runWorkbook({ file }, { clients: h.clients, journalFile, orders: FAST_SETTLE });
    const edited = await writeWorkbook(
      h.dir,
      { expansion: [{ ...ORDER, poNumber: 'PO-01' }] },
      'edited.xlsx',
    );
    const second = await runWorkbook(
      { file: edited },
      { clients: h.clients, journalFile, orders: FAST_SETTLE },
    );
    expect(second.report.rows[0]?.status).toBe('failed');
    expect(messagesOf(second)).toMatch(/row that is no longer in the sheet as it was \(edited since\?\)/);
    expect(h.sandbox.state().pp.orders).toHaveLength(1);
  });

  it('another kind of order on the PBX a day before is refused with the rule said; --allow-repeat-order places it', async () => {
    let now = Date.now();
    h = await harness({ clock: () => now });
    await runWorkbook(
      { file: await writeWorkbook(h.dir, { expansion: [ORDER] }, 'mon.xlsx') },
      { clients: h.clients, journalFile: join(h.dir, 'mon.jsonl') },
    );
    now += 86_400_000;
    const tuesday = await writeWorkbook(h.dir, { expansion: [RECORDING] }, 'tue.xlsx');
    const refused = await runWorkbook(
      { file: tuesday },
      { clients: h.clients, journalFile: join(h.dir, 'tue.jsonl') },
    );
    expect(refused.report.rows[0]?.status).toBe('failed');
    expect(messagesOf(refused)).toMatch(/matched by PBX within 7 days.*order of another kind/);
    const placed = await runWorkbook(
      { file: tuesday },
      { clients: h.clients, journalFile: join(h.dir, 'tue2.jsonl'), orders: { allowRepeat: true } },
    );
    expect(placed.report.rows[0]?.status).toBe('succeeded');
  });

  it("a gateway's 5xx without the portal's envelope is an unclear answer: the order is looked for, not re-sent", async () => {
    h = await harness();
    const pp = ppOf(h);
    const save = pp.saveOrder.bind(pp);
    pp.saveOrder = async (body, signal) => {
      await save(body, signal); // the portal placed it; the gateway lost the answer
      throw new ServerError({
        system: 'pp',
        method: 'POST',
        path: '/order/openapi/order/v1/save',
        status: 502,
      });
    };
    const r = await runWorkbook(
      { file: await writeWorkbook(h.dir, { expansion: [ORDER] }) },
      { clients: h.clients, journalFile: join(h.dir, 'j.jsonl') },
    );
    expect(r.report.rows[0]?.status).toBe('succeeded');
    expect(r.report.rows[0]?.ids?.orderNo).toBe(h.sandbox.state().pp.orders[0]?.orderNo);
    expect(messagesOf(r)).toMatch(/Order EK\d+ found in the order list .* adopted as this row's/);
    expect(h.sandbox.state().pp.orders).toHaveLength(1);
  });

  it("without the portal's Date header nothing is ordered: which orders are recent cannot be told", async () => {
    h = await harness();
    const pp = ppOf(h);
    const list = pp.listOrders.bind(pp);
    pp.listOrders = async (page = {}, signal) => {
      const { serverTimeMs: _dropped, ...rest } = await list(page, signal);
      return rest;
    };
    const r = await runWorkbook(
      { file: await writeWorkbook(h.dir, { expansion: [ORDER] }) },
      { clients: h.clients, journalFile: join(h.dir, 'j.jsonl') },
    );
    expect(r.report.rows[0]?.status).toBe('failed');
    expect(messagesOf(r)).toMatch(/Not ordered: .*no Date header/);
    expect(h.sandbox.state().pp.orders).toHaveLength(0);
  });
});
