import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PP_PLAN_IDS, PP_SERVICE_IDS } from '../../src/sandbox/fixtures.ts';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.ts';
import { call, createBody, UA, ycmClient, ycmTokens } from './helpers.ts';

let sb: Sandbox;
let token: string;

async function ppToken(s: Sandbox): Promise<Record<string, unknown>> {
  const res = await fetch(`${s.ppBaseUrl}/auth/openapi/v1/oauth/token`, {
    method: 'POST',
    headers: { ...UA, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'pp_credentials',
      client_id: s.credentials.pp.clientId,
      client_secret: s.credentials.pp.clientSecret,
    }),
  });
  return (await res.json()) as Record<string, unknown>;
}
const pp = (path: string, body?: unknown) =>
  call(`${sb.ppBaseUrl}${path}`, body === undefined ? { token } : { method: 'POST', token, body });

/** seeds/003: expand a PCE instance (raw JSON so the 19-digit ids travel exactly as documented). */
function orderJson(
  sn: string,
  serviceId: string,
  quantity: number,
  cycle: string,
  planId: string = PP_PLAN_IDS.enterprise,
): string {
  return `{"operationType":"purchase_service","productId":13,"productNo":"${sn}","billingId":1001,"serviceList":[{"connectionPlanId":${planId},"serviceType":"service","serviceId":${serviceId},"quantity":${quantity},"purchaseType":"purchase","billingModel":"recurring","billingCycle":"${cycle}","multiCycle":0}]}`;
}

beforeEach(async () => {
  sb = await startSandbox({ port: 0 });
  const t = await ppToken(sb);
  token = String((t['result'] as Record<string, unknown>)['token']);
});
afterEach(async () => {
  await sb.close();
});

describe('Partner Portal', () => {
  it('returns the token inside the PP envelope', async () => {
    const t = await ppToken(sb);
    expect(t).toMatchObject({
      code: 'success',
      status: 200,
      result: { tokenHead: 'Bearer ', expiresIn: '1800', refreshToken: expect.any(String) },
    });
  });

  it('rejects calls without User-Agent (400) and without a token (401)', async () => {
    const noUa = await call(`${sb.ppBaseUrl}/user/openapi/user/v1/client/billing_contact_list`, {
      token,
      headers: { 'User-Agent': '' },
    });
    expect(noUa.status).toBe(400);
    expect(noUa.body).toMatchObject({ code: 'parameter_validation_failed', status: 400 });
    const noToken = await call(`${sb.ppBaseUrl}/user/openapi/user/v1/client/billing_contact_list`);
    expect(noToken.status).toBe(401);
    expect(noToken.body['status']).toBe(401);
  });

  it('lists plans and services with the fixture ids, and every PBX as a product instance', async () => {
    const info = (await pp('/pricing/openapi/purchase/v1/purchase_product_info?productId=13')).body[
      'result'
    ] as Record<string, { planId?: bigint; serviceId?: bigint }[]>;
    // An assumption (FACTS 2.4.2 NOT FOUND): ids as JSON numbers above 2^53, as seed 003 sends them.
    expect(info['planList']?.map((p) => typeof p.planId)).toEqual(['bigint', 'bigint']);
    expect(info['planList']?.map((p) => String(p.planId))).toEqual([
      PP_PLAN_IDS.enterprise,
      PP_PLAN_IDS.ultimate,
    ]);
    expect(info['serviceList']?.map((p) => String(p.serviceId))).toEqual([
      PP_SERVICE_IDS.extensions,
      PP_SERVICE_IDS.recording,
    ]);
    const ycm = ycmClient(sb, (await ycmTokens(sb)).access_token);
    const id = (
      (await ycm('POST', '/v1/cloud_pbx/instances', createBody())).body['data'] as { cloudPbxId: number }
    ).cloudPbxId;
    const sn = ((await ycm('GET', `/v1/cloud_pbx/instances/${id}`)).body['data'] as { sn: string }).sn;
    const list = (await pp('/product/openapi/instance_product/v1/client/instance_product_list?productId=13'))
      .body['result'] as { total: number; results: { productNo: string }[] };
    expect(list.total).toBe(3);
    expect(list.results.map((r) => r.productNo)).toContain(sn);
    expect((await pp('/user/openapi/user/v1/client/billing_contact_list')).body['result']).toMatchObject([
      { billingContactId: '1001' },
    ]);
  });

  it('an order for extensions increases the capacity and shows in the order list and details', async () => {
    const saved = await pp(
      '/order/openapi/order/v1/save',
      orderJson('3658B4311196A001', PP_SERVICE_IDS.extensions, 5, 'monthly'),
    );
    // Seed 003's reply, and nothing else in its result.
    expect(saved.body).toMatchObject({ code: 'success', detailMessage: '', status: 200 });
    const result = saved.body['result'] as Record<string, unknown>;
    expect(Object.keys(result).sort()).toEqual([
      'instanceId',
      'orderNo',
      'orderStatus',
      'productNo',
      'transactionNo',
    ]);
    expect(result).toMatchObject({
      instanceId: expect.any(String),
      orderNo: expect.stringMatching(/^EK\d+$/),
      orderStatus: 'succeed',
      productNo: '3658B4311196A001',
      transactionNo: expect.stringMatching(/^ER\d+$/),
    });
    const ycm = ycmClient(sb, (await ycmTokens(sb)).access_token);
    expect((await ycm('GET', '/v1/cloud_pbx/instances/42100')).body['data']).toMatchObject({
      extensionCapacity: 25,
    });
    const orders = (await pp('/order/openapi/order/v1/page')).body['result'] as {
      total: number;
      results: Record<string, unknown>[];
    };
    expect(orders.total).toBe(1);
    // Order_Info's documented fields only (FACTS 2.4.10): the SN is in the details, not here.
    expect(Object.keys(orders.results[0] ?? {}).sort()).toEqual([
      'createTime',
      'currencyCode',
      'customReferenceNo',
      'id',
      'invoiceNo',
      'orderNo',
      'orderStatus',
    ]);
    expect(orders.results[0]).toMatchObject({ orderStatus: 'succeed', createTime: expect.any(Number) });
    const orderNo = String(orders.results[0]?.['orderNo']);
    expect((await pp(`/order/openapi/order/v1/get/${orderNo}`)).body['result']).toMatchObject({
      basicInformation: { productId: '13', productNo: '3658B4311196A001' },
    });
    expect(sb.stats().created.orders).toBe(1);
  });

  it('an order for recording minutes increases the recording capacity', async () => {
    await pp(
      '/order/openapi/order/v1/save',
      orderJson('3658B4311196A001', PP_SERVICE_IDS.recording, 1000, 'monthly'),
    );
    expect(sb.state().ycm.pbxs.find((p) => p.cloudPbxId === 42100)?.recordingCapacity).toBe(1100);
  });

  it('rejects an order whose billing cycle differs from the PBX, a wrong plan, too many extensions or an unknown SN', async () => {
    for (const body of [
      orderJson('3658B4311196A002', PP_SERVICE_IDS.extensions, 5, 'monthly'),
      orderJson('3658B4311196A001', PP_SERVICE_IDS.extensions, 5, 'monthly', PP_PLAN_IDS.ultimate),
      orderJson('3658B4311196A001', PP_SERVICE_IDS.extensions, 481, 'monthly'),
      orderJson('NOPE', PP_SERVICE_IDS.extensions, 5, 'monthly'),
    ]) {
      const r = await pp('/order/openapi/order/v1/save', body);
      expect(r.status).toBe(400);
      expect(r.body).toMatchObject({ code: 'parameter_validation_failed', status: 400 });
    }
    expect(sb.state().pp.orders).toHaveLength(0);
  });

  it('rejects a plan id that lost precision in a JavaScript number', async () => {
    const rounded = orderJson(
      '3658B4311196A001',
      PP_SERVICE_IDS.extensions,
      5,
      'monthly',
      String(Number(PP_PLAN_IDS.enterprise)),
    );
    expect((await pp('/order/openapi/order/v1/save', rounded)).status).toBe(400);
  });

  it('refuses ids sent as strings: seed 003 sends billingId, connectionPlanId and serviceId as numbers', async () => {
    const quoted = [
      orderJson('3658B4311196A001', PP_SERVICE_IDS.extensions, 5, 'monthly').replace(
        '"billingId":1001',
        '"billingId":"1001"',
      ),
      orderJson('3658B4311196A001', PP_SERVICE_IDS.extensions, 5, 'monthly').replace(
        `"serviceId":${PP_SERVICE_IDS.extensions}`,
        `"serviceId":"${PP_SERVICE_IDS.extensions}"`,
      ),
    ];
    for (const body of quoted) {
      const r = await pp('/order/openapi/order/v1/save', body);
      expect(r.status).toBe(400);
      expect(r.body['detailMessage']).toMatch(/must be a JSON integer/);
    }
    expect(sb.state().pp.orders).toHaveLength(0);
  });
});

describe('Partner Portal orders that settle later, and the portal clock', () => {
  it('a pending order settles after ppOrderPendingMs; the list and details say so; Date is the sandbox clock', async () => {
    let now = Date.parse('2027-01-10T12:00:00Z');
    await sb.close();
    sb = await startSandbox({ port: 0, clock: () => now, assumptions: { ppOrderPendingMs: 60_000 } });
    token = String(((await ppToken(sb))['result'] as Record<string, unknown>)['token']);
    const saved = await pp(
      '/order/openapi/order/v1/save',
      orderJson('3658B4311196A001', PP_SERVICE_IDS.extensions, 5, 'monthly'),
    );
    expect(saved.body['result']).toMatchObject({ orderStatus: 'pending' });
    expect(Date.parse(saved.headers.get('date') ?? '')).toBe(now);
    const orderNo = String((saved.body['result'] as Record<string, unknown>)['orderNo']);
    const details = async () =>
      ((await pp(`/order/openapi/order/v1/get/${orderNo}`)).body['result'] as Record<string, unknown>)[
        'orderInformation'
      ];
    expect(await details()).toMatchObject({ orderStatus: 'pending' });
    now += 61_000;
    expect(await details()).toMatchObject({ orderStatus: 'succeed' });
  });
});
