/**
 * The documented example requests of shared/seeds 000–004, adapted only in ids to the fixtures,
 * get the documented response shapes.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MR_ACCOUNT_ID, MR_CUSTOMERS } from '../../src/sandbox/fixtures.ts';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.ts';
import { call, createBody, UA, ycmClient, ycmTokens } from './helpers.ts';

let sb: Sandbox;
let ycm: ReturnType<typeof ycmClient>;
beforeAll(async () => {
  sb = await startSandbox({ port: 0 });
  ycm = ycmClient(sb, (await ycmTokens(sb)).access_token);
});
afterAll(async () => {
  await sb.close();
});

describe('documented examples (seeds)', () => {
  it('000 Create a Cloud PBX answers {data:{cloudPbxId}, requestId, status, time}', async () => {
    // Adapted: region 1, domain 11, firmware 701, customers 50001/50002, subDomain "cloud".
    const r = await ycm(
      'POST',
      '/v1/cloud_pbx/instances',
      createBody({ subDomain: 'cloud', customerIds: [50001, 50002] }),
    );
    expect(Object.keys(r.body).sort()).toEqual(['data', 'requestId', 'status', 'time']);
    expect(r.body).toMatchObject({
      status: 'Success',
      data: { cloudPbxId: expect.any(Number) },
      time: expect.any(Number),
    });
  });

  it('001 Query All the Cloud PBXs (pageSize=2, pageNumber=1, sort=cloudPbxId) answers a page of PBX_Info', async () => {
    const r = await ycm('GET', '/v2/cloud_pbx/instances?pageSize=2&pageNumber=1&sort=cloudPbxId');
    const data = r.body['data'] as {
      pageSize: number;
      pageNumber: number;
      total: number;
      list: Record<string, unknown>[];
    };
    expect(data).toMatchObject({ pageSize: 2, pageNumber: 1, total: 3 });
    expect(data.list.map((p) => p['cloudPbxId'])).toEqual([42100, 42101]);
    for (const key of [
      'pbxStatus',
      'activationStatus',
      'name',
      'sn',
      'plan',
      'extensionCapacity',
      'recordingCapacity',
      'region',
      'url',
      'type',
      'version',
      'creator',
      'createTime',
    ]) {
      expect(data.list[0]).toHaveProperty(key);
    }
  });

  it('002 Create PBX (Kazoo) answers 201 with Location and the profile', async () => {
    const r = await call(
      `${sb.myreportsBaseUrl}/v1.0/accounts/${MR_ACCOUNT_ID}/customers/${MR_CUSTOMERS.acme.id}/pbxs`,
      {
        method: 'POST',
        token: sb.credentials.myreports.token,
        headers: { 'accept-charges': 'true' },
        body: {
          name: 'Customers Kazoo Pbx',
          hostRest: 'https://rest.example.com',
          hostWebsocket: 'wss://ws.example.com',
          accountId: '12345',
          apiKey: 'ABCDEF',
          _type: 'KazooPbxConnectionProfile',
        },
      },
    );
    expect(r.status).toBe(201);
    expect(r.headers.get('location')).toMatch(/\/pbxs\/[0-9a-f-]{36}$/);
    expect(r.body).toMatchObject({
      status: 'success',
      data: {
        _type: 'KazooPbxConnectionProfile',
        hostRest: 'https://rest.example.com',
        accountId: '12345',
        enabled: false,
      },
    });
  });

  it('003 Create an Order (purchase_service, 1000 recording minutes) succeeds for a PBX billed that way', async () => {
    // Adapted: PBX 42101 (annual billing) and billing contact 1001; ids sent as JSON numbers, as documented.
    const t = await fetch(`${sb.ppBaseUrl}/auth/openapi/v1/oauth/token`, {
      method: 'POST',
      headers: { ...UA, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'pp_credentials',
        client_id: sb.credentials.pp.clientId,
        client_secret: sb.credentials.pp.clientSecret,
      }),
    }).then((res) => res.json() as Promise<{ result: { token: string } }>);
    const body = `{"operationType":"purchase_service","productId":13,"productNo":"3658B4311196A002","billingId":1001,"serviceList":[{"connectionPlanId":3048571730026938368,"serviceType":"service","serviceId":3048573759449317376,"quantity":1000,"purchaseType":"purchase","billingModel":"recurring","billingCycle":"annually","multiCycle":0}]}`;
    const r = await call(`${sb.ppBaseUrl}/order/openapi/order/v1/save`, {
      method: 'POST',
      token: t.result.token,
      body,
    });
    expect(r.body).toMatchObject({
      code: 'success',
      detailMessage: '',
      status: 200,
      requestId: expect.any(String),
    });
    expect(sb.state().ycm.pbxs.find((p) => p.sn === '3658B4311196A002')?.recordingCapacity).toBe(1000);
  });

  it('004 Update the DID Bindings (example 1 then example 2) answers requestId/status/time', async () => {
    const r1 = await ycm('PUT', '/v1/cloud_pbx/instances/42100/did', {
      trunkDidRelations: [{ didIds: [1036, 1044], trunkId: 6681 }],
    });
    expect(Object.keys(r1.body).sort()).toEqual(['requestId', 'status', 'time']);
    expect((await ycm('GET', '/v1/did_management/42100/did')).body['data']).toEqual({ didIds: [1036, 1044] });
    const r2 = await ycm('PUT', '/v1/cloud_pbx/instances/42100/did', { trunkDidRelations: [] });
    expect(r2.body['status']).toBe('Success');
    expect((await ycm('GET', '/v1/shared_trunk/pbx/used?cloudPbxId=42100')).body['data']).toEqual({
      sharedTrunkIds: [],
    });
  });

  it('000: the seed\'s autoActivated "true" (a string) is taken even without scalar coercion', async () => {
    const strict = await startSandbox({ port: 0, assumptions: { coerceScalarStrings: false } });
    try {
      const call = ycmClient(strict, (await ycmTokens(strict)).access_token);
      const r = await call('POST', '/v1/cloud_pbx/instances', createBody({ subDomain: 'auto-string' }));
      expect(r.body['status']).toBe('Success');
      const id = (r.body['data'] as { cloudPbxId: number }).cloudPbxId;
      expect(strict.state().ycm.pbxs.find((p) => p.cloudPbxId === id)?.activationStatus).toBe('Activated');
    } finally {
      await strict.close();
    }
  });

  it("001: every list item has only seed 001's PBX_Info fields, with the seed's JSON types", async () => {
    const seedText = readFileSync(
      new URL('../contract/fixtures/seed-001-list-response.json', import.meta.url),
      'utf8',
    ).replace('"84.8.0.25",,', '"84.8.0.25",');
    const seedItems = (JSON.parse(seedText) as { data: { list: Record<string, unknown>[] } }).data.list;
    const seedTypes = new Map<string, string>();
    for (const item of seedItems) for (const [k, v] of Object.entries(item)) seedTypes.set(k, typeof v);
    const r = await ycm('GET', '/v2/cloud_pbx/instances?pageSize=50&pageNumber=1&sort=cloudPbxId');
    const list = (r.body['data'] as { list: Record<string, unknown>[] }).list;
    expect(list.length).toBeGreaterThan(0);
    for (const item of list) {
      const types = Object.fromEntries(Object.entries(item).map(([k, v]) => [k, typeof v]));
      const expected = Object.fromEntries(Object.keys(item).map((k) => [k, seedTypes.get(k)]));
      expect(types).toEqual(expected);
    }
  });
});
