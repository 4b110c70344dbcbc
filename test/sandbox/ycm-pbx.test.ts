import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.ts';
import { createBody, ycmClient, ycmTokens, type JsonReply } from './helpers.ts';

let sb: Sandbox;
let ycm: ReturnType<typeof ycmClient>;
beforeEach(async () => {
  sb = await startSandbox({ port: 0 });
  ycm = ycmClient(sb, (await ycmTokens(sb)).access_token);
});
afterEach(async () => {
  await sb.close();
});

function expectRejected(r: JsonReply, code = 1000004): void {
  expect(r.status).toBe(200);
  expect(r.body).toMatchObject({ status: 'Failed', errorCode: code });
}

describe('Create a Cloud PBX', () => {
  it('creates a PBX that then appears in the v2 list and in queries by id and by url', async () => {
    const created = await ycm('POST', '/v1/cloud_pbx/instances', createBody());
    expect(created.body).toMatchObject({ status: 'Success', data: { cloudPbxId: expect.any(Number) } });
    const id = (created.body['data'] as { cloudPbxId: number }).cloudPbxId;
    const list = (await ycm('GET', '/v2/cloud_pbx/instances?search=acme-hq')).body['data'] as {
      total: number;
      list: Record<string, unknown>[];
    };
    expect(list.total).toBe(1);
    expect(list.list[0]).toMatchObject({
      cloudPbxId: id,
      url: 'acme-hq.yeastarcloud.com',
      plan: 'Enterprise Plan',
      version: '84.21.0.70',
    });
    expect((await ycm('GET', `/v1/cloud_pbx/instances/${id}`)).body['data']).toMatchObject({
      name: 'Acme HQ',
      extensionCapacity: 20,
    });
    expect(
      (await ycm('GET', '/v1/cloud_pbx/instances/get?url=acme-hq.yeastarcloud.com')).body['data'],
    ).toMatchObject({ cloudPbxId: id });
    expect(sb.stats().created.pbxs).toBe(1);
    expect(JSON.stringify(sb.state())).not.toContain('Yeastar202');
  });

  it('rejects a subDomain already used on the domain, whatever its case', async () => {
    expectRejected(
      await ycm('POST', '/v1/cloud_pbx/instances', createBody({ subDomain: 'ExistingCo' })),
      1000007,
    );
    expect(sb.stats().created.pbxs).toBe(0);
  });

  it('rejects malformed subDomains, wrong-case enums and unknown references', async () => {
    expectRejected(await ycm('POST', '/v1/cloud_pbx/instances', createBody({ subDomain: 'acme_hq' })));
    expectRejected(await ycm('POST', '/v1/cloud_pbx/instances', createBody({ plan: 'enterprise plan' })));
    expectRejected(await ycm('POST', '/v1/cloud_pbx/instances', createBody({ recordingStatus: 'enabled' })));
    expectRejected(await ycm('POST', '/v1/cloud_pbx/instances', createBody({ domainId: 21 })));
    expectRejected(await ycm('POST', '/v1/cloud_pbx/instances', createBody({ customerIds: [99] })), 1000005);
    expectRejected(await ycm('POST', '/v1/cloud_pbx/instances', createBody({ extensionCapacity: 501 })));
  });

  it('requires allowRunAfterExpirationDate when expirationDate is set', async () => {
    const body = createBody();
    delete body['allowRunAfterExpirationDate'];
    expectRejected(await ycm('POST', '/v1/cloud_pbx/instances', body));
  });

  it('rejects weak admin passwords and bad usernames', async () => {
    const withAdmin = (admin: Record<string, unknown>) => {
      const body = createBody();
      const init = body['cloudPbxInitialConfigRequest'] as Record<string, Record<string, unknown>>;
      Object.assign(init['administratorSettings'] as object, admin);
      return body;
    };
    for (const pw of ['Short1a', 'Abcdefgh1234', 'Abcdefg1111x', 'alllowercase99']) {
      expectRejected(
        await ycm('POST', '/v1/cloud_pbx/instances', withAdmin({ newPassword: pw, confirmPassword: pw })),
      );
    }
    expectRejected(
      await ycm('POST', '/v1/cloud_pbx/instances', withAdmin({ confirmPassword: 'Yeastar203' })),
    );
    expectRejected(await ycm('POST', '/v1/cloud_pbx/instances', withAdmin({ username: 'admin@x' })));
    expectRejected(await ycm('POST', '/v1/cloud_pbx/instances', withAdmin({ username: 'pbxadmin' })));
  });

  it('rejects DID binding on firmware older than 84.19.0.22 and DIDs bound elsewhere', async () => {
    const rel = [{ trunkId: 6681, didIds: [1001] }];
    expectRejected(
      await ycm('POST', '/v1/cloud_pbx/instances', createBody({ versionId: 703, trunkDidRelations: rel })),
    );
    expectRejected(
      await ycm(
        'POST',
        '/v1/cloud_pbx/instances',
        createBody({ trunkDidRelations: [{ trunkId: 6681, didIds: [1095] }] }),
      ),
    );
    const ok = await ycm(
      'POST',
      '/v1/cloud_pbx/instances',
      createBody({ versionId: 702, trunkDidRelations: rel }),
    );
    expect(ok.body['status']).toBe('Success');
  });

  it('rejects a create that would exceed the subscription quota', async () => {
    const sb2 = await startSandbox({ port: 0 });
    try {
      const c = ycmClient(sb2, (await ycmTokens(sb2)).access_token);
      expectRejected(
        await c('POST', '/v1/cloud_pbx/instances', createBody({ recordingCapacity: 999_999 })),
        1000043,
      );
    } finally {
      await sb2.close();
    }
  });
});

describe('DID bindings and resize', () => {
  it('replaces all bindings of a PBX with the ones sent', async () => {
    const put = await ycm('PUT', '/v1/cloud_pbx/instances/42100/did', {
      trunkDidRelations: [{ trunkId: 6681, didIds: [1001, 1002] }],
    });
    expect(put.body['status']).toBe('Success');
    expect((await ycm('GET', '/v1/did_management/42100/did')).body['data']).toEqual({ didIds: [1001, 1002] });
    const free = (await ycm('GET', '/v1/did_management/usable?trunkId=6681')).body['data'] as {
      id: number;
    }[];
    expect(free.some((d) => d.id === 1095)).toBe(true);
    await ycm('PUT', '/v1/cloud_pbx/instances/42100/did', { trunkDidRelations: [] });
    expect((await ycm('GET', '/v1/did_management/42100/did')).body['data']).toEqual({ didIds: [] });
  });

  it('refuses DID binding on a PBX with firmware below 84.19.0.22', async () => {
    expectRejected(
      await ycm('PUT', '/v1/cloud_pbx/instances/42101/did', {
        trunkDidRelations: [{ trunkId: 6681, didIds: [1001] }],
      }),
    );
  });

  it('does not let a resize lower the recording minutes', async () => {
    const body = {
      extensionCapacity: 30,
      concurrentCallCapacity: 10,
      recordingStatus: 'Enabled',
      recordingCapacity: 50,
    };
    expectRejected(await ycm('PUT', '/v1/cloud_pbx/instances/42100/capacity', body));
    const ok = await ycm('PUT', '/v1/cloud_pbx/instances/42100/capacity', {
      ...body,
      recordingCapacity: 600,
    });
    expect(ok.body).toMatchObject({ status: 'Success' });
    expect(ok.body).not.toHaveProperty('data');
    expect((await ycm('GET', '/v1/cloud_pbx/instances/42100')).body['data']).toMatchObject({
      extensionCapacity: 30,
      recordingCapacity: 600,
    });
  });

  it('answers DATA_NOT_FOUND for an unknown PBX id', async () => {
    expectRejected(await ycm('GET', '/v1/cloud_pbx/instances/999'), 1000005);
  });
});

describe('rate limiting', () => {
  it('answers 1000040 once the bucket of the client id is empty', async () => {
    sb.setRate({ burst: 3, rate: 1, intervalSeconds: 3600 });
    const codes: unknown[] = [];
    for (let i = 0; i < 5; i++) codes.push((await ycm('GET', '/v1/cluster/regions')).body['errorCode']);
    expect(codes).toEqual([undefined, undefined, undefined, 1000040, 1000040]);
    expect(sb.stats().rateLimited).toBe(2);
  });

  it('can answer rate limiting with HTTP 429 instead of 200', async () => {
    const sb2 = await startSandbox({
      port: 0,
      rate: { burst: 2, rate: 1, intervalSeconds: 3600 },
      assumptions: { rateLimitHttpStatus: 429 },
    });
    try {
      const c = ycmClient(sb2, (await ycmTokens(sb2)).access_token);
      await c('GET', '/v1/cluster/regions');
      const limited = await c('GET', '/v1/cluster/regions');
      expect(limited.status).toBe(429);
      expect(limited.body).toMatchObject({ errorCode: 1000040, errorMsg: 'RATE_LIMIT_EXCEEDED' });
    } finally {
      await sb2.close();
    }
  });
});

describe('a new PBX starts before it runs (assumptions newPbxStatus, newPbxStartingMs, pbxNotRunning)', () => {
  it('is Starting until its start time has passed on the sandbox clock, and refuses DID binding and resize until then', async () => {
    let now = 1_800_000_000_000;
    const own = await startSandbox({ port: 0, clock: () => now, assumptions: { newPbxStartingMs: 60_000 } });
    try {
      const call = ycmClient(own, (await ycmTokens(own)).access_token);
      const created = await call('POST', '/v1/cloud_pbx/instances', createBody({ subDomain: 'starting-co' }));
      const id = (created.body['data'] as { cloudPbxId: number }).cloudPbxId;
      const status = async () =>
        ((await call('GET', `/v1/cloud_pbx/instances/${id}/status`)).body['data'] as { pbxStatus: string })
          .pbxStatus;
      expect(await status()).toBe('Starting');
      const bind = await call('PUT', `/v1/cloud_pbx/instances/${id}/did`, {
        trunkDidRelations: [{ trunkId: 6681, didIds: [1060] }],
      });
      expect(bind.body).toMatchObject({ status: 'Failed', errorCode: 1000004 });
      now += 60_000;
      expect(await status()).toBe('Running');
      const again = await call('PUT', `/v1/cloud_pbx/instances/${id}/did`, {
        trunkDidRelations: [{ trunkId: 6681, didIds: [1060] }],
      });
      expect(again.body['status']).toBe('Success');
    } finally {
      await own.close();
    }
  });
});
