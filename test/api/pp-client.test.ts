import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AmbiguousWriteError,
  AuthError,
  NotFoundError,
  PpClient,
  ValidationError,
} from '../../src/api/index.ts';
import type { Sandbox } from '../../src/sandbox/server.ts';
import { FAST_PACING, hits, ppClient, sandbox } from './sandbox-fixture.ts';

const PP_TOKEN = 'POST /auth/openapi/v1/oauth/token';
const SAVE = 'POST /order/openapi/order/v1/save';
const EXISTING_SN = '3658B4311196A001';

let sb: Sandbox;
beforeAll(async () => {
  sb = await sandbox();
});
afterAll(async () => {
  await sb.close();
});

/** An extension expansion order for the existing PBX, built from what the portal reports. */
/** Seed 003's body for the fixture PBX 'Existing Co' (Enterprise Plan, billed monthly). */
async function expansionOrder(pp: PpClient, quantity: number): Promise<Record<string, unknown>> {
  const info = await pp.purchaseProductInfo(13);
  const services = info['serviceList'] as { serviceId: bigint; name: string }[];
  const plans = info['planList'] as { planId: bigint; name: string }[];
  const extension = services.find((s) => /extension/i.test(s.name));
  const plan = plans.find((p) => p.name === 'Enterprise Plan');
  const instance = (await pp.allInstanceProducts(13)).find((p) => p['productNo'] === EXISTING_SN);
  if (!extension || !plan || !instance) throw new Error('sandbox fixture changed');
  return {
    operationType: 'purchase_service',
    productId: 13,
    productNo: EXISTING_SN,
    billingId: 1001,
    serviceList: [
      {
        serviceType: 'service',
        serviceId: extension.serviceId,
        connectionPlanId: plan.planId,
        quantity,
        purchaseType: 'purchase',
        billingModel: 'recurring',
        billingCycle: 'monthly',
        multiCycle: 1,
      },
    ],
  };
}

describe('Partner Portal client against the sandbox', () => {
  it('lists products, plans and services of product 13, and billing contacts', async () => {
    const pp = ppClient(sb);
    expect((await pp.productList()).map((p) => p.productId)).toContain(13);
    const info = await pp.purchaseProductInfo(13);
    expect(Array.isArray(info['serviceList'])).toBe(true);
    expect((await pp.billingContacts()).map((c) => c.billingContactId)).toContain('1001');
  });

  it('reads purchased instances page by page', async () => {
    const pp = ppClient(sb);
    const page = await pp.instanceProducts(13, { pageNo: 1, pageSize: 1 });
    expect(page.results).toHaveLength(1);
    const all = await pp.allInstanceProducts(13);
    expect(all.length).toBe(page.total);
    expect(all.map((p) => p['productNo'])).toContain(EXISTING_SN);
  });

  it('saves an order, reads seed 003 reply (orderNo, orderStatus, transactionNo), finds it in the list and by number', async () => {
    const pp = ppClient(sb);
    const saved = await pp.saveOrder(await expansionOrder(pp, 5));
    expect(saved.requestId).toBeTruthy();
    expect(saved.orderStatus).toBe('succeed');
    expect(saved.orderNo).toMatch(/^EK\d+$/);
    expect(saved.transactionNo).toMatch(/^ER\d+$/);
    const orderNo = saved.orderNo;
    const list = await pp.listOrders({ pageSize: 10 });
    expect(list.results[0]?.orderNo).toBe(orderNo);
    const details = await pp.orderDetails(orderNo);
    expect(details).toMatchObject({ productNo: EXISTING_SN, orderNo, orderStatus: 'succeed' });
    // The list is the portal's Order_Info (FACTS 2.4.10): its documented fields, with the portal's time.
    expect(list.serverTimeMs).toEqual(expect.any(Number));
  });

  it('uses one token for many calls', async () => {
    const pp = ppClient(sb);
    const before = hits(sb, PP_TOKEN);
    await Promise.all(Array.from({ length: 8 }, () => pp.billingContacts()));
    expect(hits(sb, PP_TOKEN) - before).toBe(1);
  });
});

describe('Partner Portal failures', () => {
  it('a rejected order field is a ValidationError naming the field, with requestId', async () => {
    const pp = ppClient(sb);
    const order = { ...(await expansionOrder(pp, 5)), billingId: 999 };
    const error = await pp.saveOrder(order).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    const v = error as ValidationError;
    expect(v.status).toBe(400);
    expect(v.code).toBe('parameter_validation_failed');
    expect(v.message).toContain('Partner Portal POST /order/openapi/order/v1/save failed');
    expect(v.message).toContain('billingId');
    expect(v.requestId).toBeTruthy();
  });

  it('an unknown order is a NotFoundError', async () => {
    await expect(ppClient(sb).getOrder('SO9999999999')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('wrong credentials are an AuthError without the secret', async () => {
    const secret = 'pp-wrong-secret-42';
    const pp = new PpClient({
      baseUrl: sb.ppBaseUrl,
      clientId: 'sandbox-pp-client',
      clientSecret: secret,
      pacing: FAST_PACING,
    });
    const error = await pp.productList().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).message).not.toContain(secret);
  });

  it('an order whose connection is reset after commit is an AmbiguousWriteError, sent once and applied once', async () => {
    const own = await sandbox();
    try {
      const pp = ppClient(own);
      const order = await expansionOrder(pp, 7);
      const ordersBefore = own.state().pp.orders.length;
      own.setFaults({ resetAfterCommit: 1, only: ['/order/v1/save'] });
      await expect(pp.saveOrder(order)).rejects.toBeInstanceOf(AmbiguousWriteError);
      expect(hits(own, SAVE)).toBe(1);
      expect(own.state().pp.orders.length).toBe(ordersBefore + 1);
    } finally {
      await own.close();
    }
  });
});

describe('Partner Portal token lifetime', () => {
  it('refreshes before expiry and re-authenticates once when the portal says the token expired', async () => {
    let serverNow = Date.now();
    let clientNow = serverNow;
    const own = await sandbox({ clock: () => serverNow, assumptions: { ppAccessTokenSeconds: 100 } });
    try {
      const pp = ppClient(own, { now: () => clientNow });
      await pp.productList();
      serverNow += 85_000;
      clientNow += 85_000;
      await pp.productList();
      expect(pp.tokenStats).toEqual({ authenticated: 1, refreshed: 1 });
      serverNow += 500_000; // the client does not notice: the portal rejects the token
      expect((await pp.productList()).length).toBeGreaterThan(0);
      expect(pp.tokenStats).toEqual({ authenticated: 2, refreshed: 1 });
    } finally {
      await own.close();
    }
  });
});
