/**
 * Seed 001 is the contract (issue 15): our YCM client asks for Query All the Cloud PBXs v2 with the
 * seed's query (pageSize=2, pageNumber=1, sort=cloudPbxId) and reads the seed's literal reply: the
 * page and every PBX_Info field with its JSON type (numbers as numbers; activeCalls, usedExtensions
 * and usedRecording as the strings the seed sends). The engine's readers of the list (subdomain
 * check, adoption, SN fill) take `url`, `sn`, `name` and `cloudPbxId` from exactly these fields.
 *
 * The seed's text has one typo: `"version": "84.8.0.25",,` (two commas) in its second item, which
 * no JSON parser accepts. The fixture keeps it verbatim; the server answers the text with that one
 * comma removed, and a test checks that nothing else differs and that the verbatim text is refused
 * as an unreadable reply rather than misread.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerError, YcmClient } from '../../src/api/index.ts';
import { subDomainOf } from '../../src/core/engine/lookups.ts';
import { fakeYcm, fixture, type FakeYcm } from './ycm-server.ts';

const SEED_REQUEST = fixture('seed-001-list-request.txt');
const SEED_TEXT = fixture('seed-001-list-response.json');
const TYPO = '"version": "84.8.0.25",,';
const SEED_RESPONSE = SEED_TEXT.replace(TYPO, '"version": "84.8.0.25",');
const LIST = '/dm/open_api/v2/cloud_pbx/instances';

const FAST = { backoff: { baseMs: 1, capMs: 2, maxAttempts: 2 } };
let ycm: FakeYcm;
let broken: FakeYcm;
beforeAll(async () => {
  ycm = await fakeYcm({ [`GET ${LIST}`]: SEED_RESPONSE });
  broken = await fakeYcm({ [`GET ${LIST}`]: SEED_TEXT });
});
afterAll(async () => {
  await ycm.close();
  await broken.close();
});

describe('seed 001: query all the Cloud PBXs (v2)', () => {
  it("the fixture is the seed's text; the only change served is the doubled comma", () => {
    expect(SEED_TEXT.split(TYPO)).toHaveLength(2);
    expect(SEED_RESPONSE.length).toBe(SEED_TEXT.length - 1);
    expect(() => JSON.parse(SEED_TEXT) as unknown).toThrow();
    expect(() => JSON.parse(SEED_RESPONSE) as unknown).not.toThrow();
  });

  it("sends the seed's query and reads the page and every PBX_Info field of the seed's reply", async () => {
    const client = new YcmClient({
      baseUrl: ycm.baseUrl,
      clientId: 'id',
      clientSecret: 'secret',
      pacing: FAST,
    });
    const page = await client.listCloudPbxs({ pageSize: 2, pageNumber: 1, sort: 'cloudPbxId' });

    const sent = ycm.captured.find((c) => c.method === 'GET' && c.url.startsWith(LIST));
    const seedLine = SEED_REQUEST.split('\n')[0] ?? '';
    const seedQuery = new URLSearchParams(seedLine.split(' ')[1]?.split('?')[1] ?? '');
    const ourQuery = new URLSearchParams(sent?.url.split('?')[1] ?? '');
    expect(Object.fromEntries(ourQuery)).toEqual(Object.fromEntries(seedQuery));
    expect(sent?.headers['authorization']).toBe('Bearer t0k');
    expect(sent?.headers['user-agent']).toBeTruthy();
    expect(sent?.body).toBe('');

    expect({ pageSize: page.pageSize, pageNumber: page.pageNumber, total: page.total }).toEqual({
      pageSize: 2,
      pageNumber: 1,
      total: 30,
    });
    expect(page.list).toHaveLength(2);
    const [first, second] = page.list;
    expect(first).toEqual({
      cloudPbxId: 7715,
      pbxStatus: 'Stopped',
      activationStatus: 'Unactivated',
      name: 'Yeastar P-Series Cloud PBX1',
      sn: '3658B431119XXXXX',
      plan: 'Enterprise Plan',
      planExpirationDate: 1667035676,
      extensionCapacity: 10,
      concurrentCallCapacity: 5,
      recordingStatus: 'Enabled',
      recordingCapacity: 500,
      region: 'China(GuangDong)',
      url: 'cloud.example.yeastarcloud.com',
      type: 'Commercial',
      version: '84.8.0.25',
      group: 'commercial PCE',
      creator: { firstName: 'Wayne', lastName: 'William', email: 'wayne@example.com' },
      createTime: 1635737324,
      initialStartUpTime: 1671158324,
      upgradeInPbx: 'Enabled',
      im: 'Disabled',
      passwordlessLogin: 'Disabled',
      provisioningViaTemplate: 'Disabled',
      activeCalls: '2',
      usedExtensions: '5',
      usedRecording: '50',
      lastBackupTime: 1729786748,
    });
    expect(second).toMatchObject({
      cloudPbxId: 7738,
      pbxStatus: 'Running',
      activationStatus: 'Activated',
      plan: 'Ultimate Plan',
      url: 'cloud2.example.yeastarcloud.com',
      expirationDate: 1638427632,
      allowSuperiorPasswordlessLogin: 'no',
      lastUsedTemplate: 'PCE-Provision-Template',
      lastUsedTime: 1680138886,
      activeCalls: '10',
    });
    // What the engine takes from a list item: the subdomain is the URL's first label.
    expect(page.list.map((p) => subDomainOf(p))).toEqual(['cloud', 'cloud2']);
  });

  it("the seed's verbatim text (two commas) is refused as an unreadable reply, not misread", async () => {
    const client = new YcmClient({
      baseUrl: broken.baseUrl,
      clientId: 'id',
      clientSecret: 'secret',
      pacing: FAST,
    });
    const error = await client.listCloudPbxs({ pageSize: 2 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ServerError);
    expect(String(error)).toContain('unreadable reply');
  });
});
