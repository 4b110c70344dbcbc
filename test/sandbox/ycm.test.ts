import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.ts';
import { call, UA, ycmClient, ycmTokens } from './helpers.ts';

let sb: Sandbox;
let now = 1_800_000_000_000;
beforeEach(async () => {
  now = 1_800_000_000_000;
  sb = await startSandbox({ port: 0, clock: () => now });
});
afterEach(async () => {
  await sb.close();
});

describe('YCM tokens', () => {
  it('issues a flat token response with a 30-minute access token', async () => {
    const t = await ycmTokens(sb);
    expect(t).toMatchObject({ token_type: 'bearer', expires_in: 1800 });
    expect(t.access_token.split('.')).toHaveLength(3);
    expect(t).not.toHaveProperty('status');
  });

  it('rotates the refresh token: the new one works, the old one stops working', async () => {
    const t = await ycmTokens(sb);
    const refresh = (rt: string) =>
      fetch(`${sb.url}/dm/open_api/oauth/token`, {
        method: 'POST',
        headers: { ...UA, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: rt }),
      }).then((r) => r.json() as Promise<Record<string, unknown>>);
    const first = await refresh(t.refresh_token);
    expect(first['refresh_token']).toEqual(expect.any(String));
    expect(first['refresh_token']).not.toBe(t.refresh_token);
    const again = await refresh(t.refresh_token);
    expect(again).toMatchObject({ status: 'Failed', errorCode: 1000036, errorMsg: 'INVALID_TOKEN' });
    const ok = await ycmClient(sb, String(first['access_token']))('GET', '/v1/cluster/regions');
    expect(ok.body['status']).toBe('Success');
  });

  it('rejects an expired access token with TOKEN_EXPIRED and a missing one with INVALID_TOKEN', async () => {
    const t = await ycmTokens(sb);
    now += 1801_000;
    const expired = await ycmClient(sb, t.access_token)('GET', '/v1/cluster/regions');
    expect(expired.status).toBe(200);
    expect(expired.body).toMatchObject({ status: 'Failed', errorCode: 1000035, errorMsg: 'TOKEN_EXPIRED' });
    const none = await call(`${sb.url}/dm/open_api/v1/cluster/regions`);
    expect(none.body).toMatchObject({ status: 'Failed', errorCode: 1000036 });
  });

  it('rejects wrong credentials with AUTHENTICATION_FAILED', async () => {
    const res = await fetch(`${sb.url}/dm/open_api/oauth/token`, {
      method: 'POST',
      headers: { ...UA, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: sb.credentials.ycm.clientId,
        client_secret: 'S3cr3t-typo',
      }),
    });
    const body = await res.text();
    expect(JSON.parse(body)).toMatchObject({ status: 'Failed', errorCode: 1000002 });
    expect(body).not.toContain('S3cr3t-typo');
  });

  it('rejects a request without User-Agent, token calls included', async () => {
    const res = await fetch(`${sb.url}/dm/open_api/oauth/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'User-Agent': '' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: sb.credentials.ycm.clientId,
        client_secret: sb.credentials.ycm.clientSecret,
      }),
    });
    expect(await res.json()).toMatchObject({
      status: 'Failed',
      errorCode: 1000004,
      errorMsg: 'INVALID_PARAMETER',
    });
  });
});

describe('YCM reference data', () => {
  it('serves regions, domains per region, firmwares, templates, trunks and paged customers', async () => {
    const ycm = ycmClient(sb, (await ycmTokens(sb)).access_token);
    expect((await ycm('GET', '/v1/cluster/regions')).body['data']).toEqual([
      { regionId: 1, region: 'US East (Virginia)' },
      { regionId: 2, region: 'Europe (Frankfurt)' },
    ]);
    expect((await ycm('GET', '/v1/cluster/domains?regionIds=2')).body['data']).toEqual([
      { regionId: 2, domainId: 21, domain: 'eu.yeastarcloud.com' },
    ]);
    expect((await ycm('GET', '/v1/firmware?type=pbx')).body['data']).toHaveLength(4);
    expect((await ycm('GET', '/v1/provision_template')).body['data']).toMatchObject([
      { provisioningTemplateId: 306 },
    ]);
    expect((await ycm('GET', '/v1/shared_trunk/name/acl')).body['data']).toHaveLength(3);
    const customers = (await ycm('GET', '/v1/customers?pageSize=50&pageNumber=3')).body['data'] as {
      total: number;
      list: unknown[];
    };
    expect(customers.total).toBe(122);
    expect(customers.list).toHaveLength(22);
    expect((await ycm('GET', '/v1/customers?pageSize=51')).body).toMatchObject({
      status: 'Failed',
      errorCode: 1000004,
    });
  });

  it('lists usable DIDs of a trunk, leaving out those bound to another PBX', async () => {
    const ycm = ycmClient(sb, (await ycmTokens(sb)).access_token);
    const free = (await ycm('GET', '/v1/did_management/usable?trunkId=6681')).body['data'] as {
      id: number;
    }[];
    expect(free).toHaveLength(89);
    expect(free.some((d) => d.id === 1095)).toBe(false);
    const eu = (await ycm('GET', '/v1/did_management/usable?trunkId=6682&cloudPbxId=42100')).body['data'];
    expect(eu).toEqual([]);
    const search = (await ycm('GET', '/v1/did_management?search=4930555&pageSize=50')).body['data'] as {
      total: number;
    };
    expect(search.total).toBe(50);
    expect((await ycm('GET', '/v1/did_management/42100/did')).body['data']).toEqual({
      didIds: [1090, 1091, 1092, 1093, 1094, 1095, 1096, 1097, 1098, 1099],
    });
  });

  it('reports subscription totals and usage counted from the PBXs', async () => {
    const ycm = ycmClient(sb, (await ycmTokens(sb)).access_token);
    const info = (await ycm('GET', '/v1/users/7001/subscription_info')).body['data'];
    expect(info).toMatchObject({
      totalExtensions: 100000,
      usedExtensions: 30,
      totalRecordings: 1000000,
      usedRecordings: 100,
    });
  });
});
