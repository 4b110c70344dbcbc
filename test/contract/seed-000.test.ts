/**
 * Seed 000 is the contract (issue 15): a PBX sheet row carrying the seed's values, planned by our
 * engine and sent by our YCM client, arrives as the seed's request body (field names, nesting,
 * JSON types, `autoActivated` as the string "true" as the seed sends it), and the seed's literal
 * reply is read as its `cloudPbxId`. The lookups the plan makes (regions, domains, firmware,
 * customers, templates, PBX list) are answered with FACTS 1.8.R–V shapes holding the seed's ids.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AmbiguousWriteError, YcmClient, createClients, parseVendorJson } from '../../src/api/index.ts';
import { planWorkbook } from '../../src/core/engine/index.ts';
import type { PbxAction } from '../../src/core/engine/planned.ts';
import { writeWorkbook } from '../core/engine/engine-helpers.ts';
import { fakeYcm, fixture, type FakeYcm } from './ycm-server.ts';

const SEED_REQUEST = fixture('seed-000-create-request.json');
const SEED_RESPONSE = fixture('seed-000-create-response.json');
const ok = (data: string): string =>
  `{"data":${data},"requestId":"5ed01d8b","status":"Success","time":1664450755}`;

const ADMIN = 'cloudPbxInitialConfigRequest.administratorSettings';
const DATE = 'cloudPbxInitialConfigRequest.dateAndTimeSettings';
const LOCAL = 'cloudPbxInitialConfigRequest.localization';

/** The seed's values as a user would type them in the PBX sheet (headers are the API paths). */
const SEED_ROW: Record<string, string> = {
  name: 'Yeastar P-Series Cloud PBX',
  plan: 'Enterprise Plan',
  extensionCapacity: '20',
  concurrentCallCapacity: '10',
  recordingStatus: 'Enabled',
  recordingCapacity: '500',
  transcriptionCapacity: '0',
  regionId: '4',
  subDomain: 'cloud',
  domainId: '4',
  type: 'Commercial',
  expirationDate: '1667059200',
  allowRunAfterExpirationDate: 'FALSE',
  versionId: '764',
  customerIds: '50086182,50429564',
  upgradeInPbx: 'Enabled',
  im: 'Enabled',
  pbxApi: 'Enabled',
  passwordlessLogin: 'Enabled',
  allowSuperiorPasswordlessLogin: 'Enabled',
  provisioningViaTemplate: 'Enabled',
  provisionTemplateId: '306',
  autoActivated: 'TRUE',
  [`${ADMIN}.username`]: 'PBXadmin1',
  [`${ADMIN}.newPassword`]: 'Yeastar202',
  [`${ADMIN}.confirmPassword`]: 'Yeastar202',
  [`${ADMIN}.emailAddress`]: 'evelynhong@yeastar.com',
  [`${ADMIN}.prefix`]: '123',
  [`${ADMIN}.mobileNumber`]: '123456789',
  [`${ADMIN}.enableEventNotify`]: 'Enabled',
  [`${ADMIN}.contactName`]: 'Evelynhong',
  [`${ADMIN}.notificationLevel`]: 'warn info error',
  [`${ADMIN}.enableEmailNotify`]: 'Enabled',
  [`${ADMIN}.enableMobileNotify`]: 'Enabled',
  [`${DATE}.timeZone`]: 'UTC+8 Asia/Shanghai',
  [`${DATE}.enableDst`]: 'Enabled',
  [`${DATE}.dateFormat`]: 'yyyy/mm/dd',
  [`${DATE}.timeFormat`]: '24-hour',
  [`${LOCAL}.systemPromptLanguage`]: 'sound-en',
  [`${LOCAL}.emailLanguage`]: 'en',
  [`${LOCAL}.deviceName`]: 'API Test',
  [`${LOCAL}.nameDisplayFormat`]: 'first_last',
  [`${LOCAL}.toneRegion`]: 'us',
  [`${LOCAL}.enbCountryCode`]: 'Enabled',
  [`${LOCAL}.dialCode`]: '123',
};

let ycm: FakeYcm;
beforeAll(async () => {
  const P = 'GET /dm/open_api';
  ycm = await fakeYcm({
    // Seed 000: region 4 "Asia Pacific(Singapore)", domain 4 "test4.yeastarcloud.com", firmware 764.
    [`${P}/v1/cluster/regions`]: ok('[{"regionId":4,"region":"Asia Pacific(Singapore)"}]'),
    [`${P}/v1/cluster/domains`]: ok('[{"regionId":4,"domainId":4,"domain":"test4.yeastarcloud.com"}]'),
    // The seed's firmware 764 is 84.8.0.25. Our plan refuses `im` and `autoActivated` below
    // 84.12.0.32 / 84.21.0.66 (FACTS 1.8.A: they take effect only from there), so this lookup names
    // id 764 a current firmware; the body carries only the id, which stays the seed's.
    [`${P}/v1/firmware`]: ok('[{"versionId":764,"version":"84.22.0.134","regionIds":[4]}]'),
    [`${P}/v1/provision_template`]: ok(
      '[{"provisioningTemplateId":306,"provisioningTemplateName":"Auto-Provision Template1","provisioningTemplateCreateTime":1683193984,"provisioningTemplateModifyTime":1683351669}]',
    ),
    [`${P}/v1/customers`]: ok(
      '{"pageSize":50,"pageNumber":1,"total":2,"list":[{"customerId":50086182,"firstName":"Leo","company":"A","email":"leo@example.com"},{"customerId":50429564,"firstName":"Jane","company":"B","email":"jane@example.com"}]}',
    ),
    [`${P}/v2/cloud_pbx/instances`]: ok('{"pageSize":50,"pageNumber":1,"total":0,"list":[]}'),
    'POST /dm/open_api/v1/cloud_pbx/instances': SEED_RESPONSE,
  });
});
afterAll(() => ycm.close());

describe('seed 000: create a Cloud PBX', () => {
  it("sends the seed's request from a sheet row with the seed's values, and reads the seed's reply", async () => {
    const clients = createClients(
      { kind: 'live', ycm: { baseUrl: ycm.baseUrl, clientId: 'id', clientSecret: 'secret' } },
      { ycm: { backoff: { baseMs: 1, capMs: 5, maxAttempts: 2 } } },
    );
    const dir = mkdtempSync(join(tmpdir(), 'seed-000-'));
    const file = await writeWorkbook(dir, { pbx: [SEED_ROW] });
    const plan = await planWorkbook({ file }, { clients });
    const row = plan.rows[0];
    expect(row?.report.messages.filter((m) => m.level === 'error')).toEqual([]);
    const action = row?.action as PbxAction;
    expect(action.type).toBe('pbx');

    const reply = await clients.ycm?.createCloudPbx(action.body);
    const sent = ycm.captured.find(
      (c) => c.method === 'POST' && c.url === '/dm/open_api/v1/cloud_pbx/instances',
    );
    // Same names, nesting and JSON types as the seed: numbers as numbers, "Enabled" strings,
    // allowRunAfterExpirationDate the boolean false, autoActivated the string "true".
    expect(parseVendorJson(sent?.body ?? '')).toEqual(parseVendorJson(SEED_REQUEST));
    expect(sent?.body).toContain('"autoActivated":"true"');
    expect(sent?.body).toContain('"allowRunAfterExpirationDate":false');
    expect(sent?.body).toContain('"customerIds":[50086182,50429564]');
    // The seed's headers (FACTS 1.1): bearer token, JSON, a User-Agent.
    expect(sent?.headers['authorization']).toBe('Bearer t0k');
    expect(sent?.headers['content-type']).toBe('application/json');
    expect(sent?.headers['user-agent']).toBeTruthy();

    expect(reply).toEqual({ cloudPbxId: 42100, requestId: '44151421047434e0ef817a10fc5331a5' });
  });

  it('a success reply without the cloudPbxId is an unclear write naming the requestId, never NaN', async () => {
    const bare = await fakeYcm({
      'POST /dm/open_api/v1/cloud_pbx/instances':
        '{"requestId":"44151421047434e0ef817a10fc5331a5","status":"Success","time":1664450755}',
    });
    try {
      const client = new YcmClient({ baseUrl: bare.baseUrl, clientId: 'id', clientSecret: 'secret' });
      const error = await client
        .createCloudPbx(parseVendorJson(SEED_REQUEST) as Record<string, unknown>)
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      expect(error).toBeInstanceOf(AmbiguousWriteError);
      expect(String(error)).toContain('cloudPbxId');
      expect(String(error)).toContain('44151421047434e0ef817a10fc5331a5');
    } finally {
      await bare.close();
    }
  });
});
