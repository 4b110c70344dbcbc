import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthError, ConflictError, NotFoundError, ValidationError, YcmClient } from '../../src/api/index.ts';
import type { Sandbox } from '../../src/sandbox/server.ts';
import {
  ADMIN_PASSWORD,
  FAST_PACING,
  TOKEN_ENDPOINT,
  hits,
  pbxBody,
  sandbox,
  ycmClient,
} from './sandbox-fixture.ts';

let sb: Sandbox;
beforeAll(async () => {
  // New PBXs Running at once: these tests are about the calls, not the wait (readiness tests).
  sb = await sandbox({ assumptions: { newPbxStartingMs: 0 } });
});
afterAll(async () => {
  await sb.close();
});

describe('YCM client against the sandbox', () => {
  it('reads the reference data a sheet refers to by name', async () => {
    const ycm = ycmClient(sb);
    expect((await ycm.regions()).map((r) => r.regionId)).toEqual(expect.arrayContaining([1, 2]));
    expect((await ycm.domains([1, 2])).map((d) => d.domainId)).toEqual(expect.arrayContaining([11, 21]));
    const firmwares = await ycm.firmwares([1]);
    expect(firmwares.find((f) => f.versionId === 702)?.version).toBe('84.19.0.22');
    expect((await ycm.provisionTemplates()).map((t) => t.provisioningTemplateId)).toContain(306);
    expect((await ycm.sharedTrunks()).map((t) => t.id)).toEqual(expect.arrayContaining([6681, 6682, 6683]));
  });

  it('creates a Cloud PBX, returns its id with the requestId, and finds it by id, URL and search', async () => {
    const ycm = ycmClient(sb);
    const created = await ycm.createCloudPbx(pbxBody('findme-co'));
    expect(created.cloudPbxId).toBeGreaterThan(0);
    expect(created.requestId).toMatch(/^[0-9a-f-]{32,36}$/);
    const byId = await ycm.getCloudPbx(created.cloudPbxId);
    expect(byId.name).toBe('PBX findme-co');
    const byUrl = await ycm.getCloudPbxByUrl('findme-co.yeastarcloud.com');
    expect(byUrl.cloudPbxId).toBe(created.cloudPbxId);
    const found = await ycm.findAllCloudPbxs({ search: 'findme-co' });
    expect(found.map((p) => p.cloudPbxId)).toEqual([created.cloudPbxId]);
  });

  it('binds DIDs to a PBX, reads them back and no longer offers them as usable', async () => {
    const ycm = ycmClient(sb);
    const { cloudPbxId } = await ycm.createCloudPbx(pbxBody('did-co'));
    const written = await ycm.updateDidBindings(cloudPbxId, [{ trunkId: 6681, didIds: [1001, 1002] }]);
    expect(written.requestId).toBeTruthy();
    expect((await ycm.getAssignedDids(cloudPbxId)).sort()).toEqual([1001, 1002]);
    const usable = (await ycm.usableDids(6681)).map((d) => d.id);
    expect(usable).not.toContain(1001);
    expect(usable).not.toContain(1095); // pre-bound to PBX 42100
    const listed = await ycm.listDids({ search: '+12025550101' });
    expect(listed.list.map((d) => d.id)).toContain(1001);
  });

  it('resizes a PBX with absolute capacities', async () => {
    const ycm = ycmClient(sb);
    const { cloudPbxId } = await ycm.createCloudPbx(pbxBody('resize-co'));
    await ycm.resize(cloudPbxId, {
      extensionCapacity: 40,
      concurrentCallCapacity: 8,
      recordingStatus: 'Enabled',
      recordingCapacity: 600,
    });
    const pbx = await ycm.getCloudPbx(cloudPbxId);
    expect(pbx.extensionCapacity).toBe(40);
    expect(pbx.recordingCapacity).toBe(600);
  });

  it('reads every customer in pages of at most 50', async () => {
    const ycm = ycmClient(sb);
    const before = hits(sb, 'GET /dm/open_api/v1/customers');
    const all = await ycm.allCustomers();
    expect(all.length).toBeGreaterThan(100);
    expect(new Set(all.map((c) => c.customerId)).size).toBe(all.length);
    expect(all.find((c) => c.customerId === 50001)?.email).toBe('alice@acme.example');
    expect(hits(sb, 'GET /dm/open_api/v1/customers') - before).toBe(Math.ceil(all.length / 50));
    const clamped = await ycm.listCustomers({ pageSize: 500 });
    expect(clamped.list).toHaveLength(50);
  });

  it('reads the subscription quotas of the caller', async () => {
    const info = await ycmClient(sb).subscriptionInfo();
    expect(typeof info.totalExtensions).toBe('number');
  });

  it('uses one access token for many calls', async () => {
    const ycm = ycmClient(sb);
    const before = hits(sb, TOKEN_ENDPOINT);
    await Promise.all(Array.from({ length: 12 }, () => ycm.regions()));
    expect(hits(sb, TOKEN_ENDPOINT) - before).toBe(1);
    expect(ycm.tokenStats).toEqual({ authenticated: 1, refreshed: 0 });
  });
});

describe('YCM failures become typed errors', () => {
  it('a taken subDomain is a ConflictError that says what and where, with requestId and no secret', async () => {
    const ycm = ycmClient(sb);
    const error = await ycm.createCloudPbx(pbxBody('existingco')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    const conflict = error as ConflictError;
    expect(conflict.code).toBe(1000007);
    expect(conflict.requestId).toBeTruthy();
    expect(conflict.message).toContain(
      'YCM POST /dm/open_api/v1/cloud_pbx/instances failed: 1000007 DATA_ALREADY_EXISTS',
    );
    expect(conflict.message).toContain(`requestId ${conflict.requestId}`);
    expect(conflict.message).not.toContain(ADMIN_PASSWORD);
    expect(conflict.message).not.toContain(sb.credentials.ycm.clientSecret);
  });

  it('an invalid field is a ValidationError and an unknown id a NotFoundError', async () => {
    const ycm = ycmClient(sb);
    await expect(ycm.createCloudPbx(pbxBody('bad-plan-co', { plan: 'Gold Plan' }))).rejects.toBeInstanceOf(
      ValidationError,
    );
    const missing = await ycm.getCloudPbx(99_999_999).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(NotFoundError);
    expect((missing as NotFoundError).code).toBe(1000005);
  });

  it('wrong client credentials are an AuthError that never shows the secret', async () => {
    const secret = 'wrong-secret-value-123';
    const ycm = new YcmClient({
      baseUrl: sb.ycmBaseUrl,
      clientId: 'sandbox-ycm-client',
      clientSecret: secret,
      pacing: FAST_PACING,
    });
    const error = await ycm.regions().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).code).toBe(1000002);
    expect((error as AuthError).message).not.toContain(secret);
  });
});

describe('YCM token lifetime', () => {
  it('refreshes the access token with the refresh token before it expires', async () => {
    let now = Date.now();
    const clock = (): number => now;
    const short = await sandbox({ accessTokenSeconds: 100, clock });
    try {
      const ycm = ycmClient(short, { now: clock });
      await ycm.regions();
      now += 85_000; // past 80 % of the lifetime, still valid
      await ycm.regions();
      now += 85_000;
      await ycm.regions();
      expect(ycm.tokenStats).toEqual({ authenticated: 1, refreshed: 2 });
      expect(hits(short, TOKEN_ENDPOINT)).toBe(3);
    } finally {
      await short.close();
    }
  });

  it('re-authenticates once when the vendor says the token expired, and the call succeeds', async () => {
    let serverNow = Date.now();
    const short = await sandbox({ accessTokenSeconds: 100, clock: () => serverNow });
    try {
      const ycm = ycmClient(short); // client clock stays behind: it believes the token is fresh
      await ycm.regions();
      serverNow += 200_000;
      expect((await ycm.regions()).length).toBeGreaterThan(0);
      expect(ycm.tokenStats).toEqual({ authenticated: 2, refreshed: 0 });
      expect(hits(short, 'GET /dm/open_api/v1/cluster/regions')).toBe(3);
    } finally {
      await short.close();
    }
  });
});
