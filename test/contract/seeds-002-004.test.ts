/**
 * Contract with the seeds (issue 15 item 1): the clients send seed 002's and seed 004's requests
 * literally (header names, field names, nesting, JSON types) when given the seeds' values, as the
 * sandbox receives them over loopback HTTP, and read the seeds' literal replies correctly.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MyReportsClient, YcmClient } from '../../src/api/index.ts';
import { runWorkbook } from '../../src/core/engine/index.ts';
import { DEMO_CREDENTIALS, MR_CUSTOMERS } from '../../src/sandbox/fixtures.ts';
import type { ReceivedRequest } from '../../src/sandbox/server.ts';
import type { SandboxState } from '../../src/sandbox/state.ts';
import { FAST_PACING, myreportsClient, ycmClient } from '../api/sandbox-fixture.ts';
import { harness, writeWorkbook, type Harness } from '../core/engine/engine-helpers.ts';
import { literalServer, type LiteralServer } from './literal-server.ts';
import {
  MR_ACCOUNT,
  MR_CUSTOMER,
  MR_PBX_ID,
  SEED_000_RESPONSE,
  SEED_002_3CX_REQUEST,
  SEED_002_3CX_RESPONSE,
  SEED_002_KAZOO_REQUEST,
  SEED_002_KAZOO_RESPONSE,
  SEED_002_LOCATION,
  SEED_004_PBX,
  SEED_004_REQUEST_1,
  SEED_004_REQUEST_2,
  SEED_004_RESPONSE,
} from './seed-examples.ts';

const parse = (text: string): unknown => JSON.parse(text) as unknown;

/** Seed 004's PBX 4808 and DIDs 50036/50044 on trunk 6681, added to the sandbox's world. */
function seed004World(s: SandboxState, versionId = 701): void {
  const model = s.ycm.pbxs[0];
  if (!model) throw new Error('no PBX to copy');
  s.ycm.pbxs.push({
    ...model,
    cloudPbxId: SEED_004_PBX,
    sn: '3658B4311196S004',
    name: 'Seed 004',
    subDomain: 'seed004',
    versionId,
    trunkDidRelations: [],
  });
  for (const id of [50036, 50044])
    s.ycm.dids.push({ id, did: `+1202555${id}`, didName: `Seed ${id}`, creator: 'Seed', trunkIds: [6681] });
}

describe('seed 002: MyReports Create PBX', () => {
  let h: Harness;
  let literal: LiteralServer | undefined;
  afterEach(async () => {
    await h?.close();
    await literal?.close();
    literal = undefined;
  });

  it('the client sends the Kazoo example as printed: accept-charges: true, JSON body field for field', async () => {
    const seen: ReceivedRequest[] = [];
    h = await harness({ onRequest: (r) => seen.push(r) });
    const created = await myreportsClient(h.sandbox).createProfile(
      MR_CUSTOMERS.acme.id,
      parse(SEED_002_KAZOO_REQUEST) as never,
    );
    const post = seen.find((r) => r.method === 'POST' && r.url.endsWith('/pbxs'));
    expect(post?.url).toBe(`/api/v1.0/accounts/${MR_ACCOUNT}/customers/${MR_CUSTOMERS.acme.id}/pbxs`);
    expect(post?.headers['accept-charges']).toBe('true');
    expect(post?.headers['content-type']).toBe('application/json');
    expect(post?.headers['authorization']).toBe(`Bearer ${DEMO_CREDENTIALS.myreports.token}`);
    expect(parse(post?.body ?? '')).toStrictEqual(parse(SEED_002_KAZOO_REQUEST));
    expect(created.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('a 3CX row of the sheet goes out as the 3CX example: archive switch and frequency as strings', async () => {
    const seen: ReceivedRequest[] = [];
    h = await harness({ onRequest: (r) => seen.push(r) });
    const seed = parse(SEED_002_3CX_REQUEST) as Record<string, string>;
    const file = await writeWorkbook(h.dir, {
      myreports: [
        {
          customer: 'Acme Ltd',
          _type: 'ThreeCxConnectionProfile',
          name: seed['name'] ?? '',
          licenseKey: seed['licenseKey'] ?? '',
          username: seed['username'] ?? '',
          password: seed['password'] ?? '',
          enableRecordingArchive: 'TRUE',
          recordingArchiveFrequency: '00:20:00',
        },
      ],
    });
    const result = await runWorkbook({ file }, { clients: h.clients, journalFile: join(h.dir, 'j.jsonl') });
    expect(result.report.rows[0]?.status).toBe('succeeded');
    const post = seen.find((r) => r.method === 'POST' && r.url.endsWith('/pbxs'));
    expect(post?.headers['accept-charges']).toBe('true');
    expect(parse(post?.body ?? '')).toStrictEqual(seed);
  });

  it("reads the Kazoo example's literal 201 reply: data.id, no secret kept", async () => {
    h = await harness();
    literal = await literalServer({
      status: 201,
      headers: { Location: `<${SEED_002_LOCATION}>` },
      body: SEED_002_KAZOO_RESPONSE,
    });
    const mr = new MyReportsClient({
      baseUrl: `${literal.url}/api`,
      token: 'seed-token',
      accountId: MR_ACCOUNT,
      pacing: FAST_PACING,
    });
    const created = await mr.createProfile(MR_CUSTOMER, parse(SEED_002_KAZOO_REQUEST) as never);
    expect(created.id).toBe(MR_PBX_ID);
    expect(created.profile).toMatchObject({
      _type: 'KazooPbxConnectionProfile',
      enabled: false,
      countryCode: 'US',
    });
    expect(created.profile).not.toHaveProperty('apiKey');
    expect(literal.requests[0]?.headers['accept-charges']).toBe('true');
  });

  it("reads the 3CX example's literal reply, which has no id: the id is the Location's last segment", async () => {
    h = await harness();
    literal = await literalServer({
      status: 201,
      headers: { Location: ` <${SEED_002_LOCATION}>` },
      body: SEED_002_3CX_RESPONSE,
    });
    const mr = new MyReportsClient({
      baseUrl: `${literal.url}/api`,
      token: 'seed-token',
      accountId: MR_ACCOUNT,
      pacing: FAST_PACING,
    });
    const created = await mr.createProfile(MR_CUSTOMER, parse(SEED_002_3CX_REQUEST) as never);
    expect(created.id).toBe(MR_PBX_ID);
    expect(created.profile).toMatchObject({
      enableRecordingArchive: 'true',
      recordingArchiveFrequency: '00:20:00',
    });
    for (const secret of ['password', 'licenseKey']) expect(created.profile).not.toHaveProperty(secret);
  });
});

describe('seed 004: Update the DID Bindings of a Cloud PBX', () => {
  let h: Harness;
  let literal: LiteralServer | undefined;
  afterEach(async () => {
    await h?.close();
    await literal?.close();
    literal = undefined;
  });

  it('the client sends request example 1 as printed, and reads the reply', async () => {
    const seen: ReceivedRequest[] = [];
    h = await harness({ state: (s) => seed004World(s), onRequest: (r) => seen.push(r) });
    const written = await ycmClient(h.sandbox).updateDidBindings(
      SEED_004_PBX,
      (parse(SEED_004_REQUEST_1) as { trunkDidRelations: never }).trunkDidRelations,
    );
    const put = seen.find((r) => r.method === 'PUT');
    expect(put?.url).toBe(`/dm/open_api/v1/cloud_pbx/instances/${SEED_004_PBX}/did`);
    expect(put?.headers['authorization']).toMatch(/^Bearer \S+$/);
    expect(put?.headers['content-type']).toBe('application/json');
    expect(parse(put?.body ?? '')).toStrictEqual(parse(SEED_004_REQUEST_1));
    expect(written.requestId).toMatch(/^[0-9a-f-]{32,36}$/);
    expect(h.sandbox.state().ycm.pbxs.find((p) => p.cloudPbxId === SEED_004_PBX)?.trunkDidRelations).toEqual([
      { trunkId: 6681, didIds: [50036, 50044] },
    ]);
  });

  it("a 'remove-all' row sends request example 2 exactly (no custom SIP header field)", async () => {
    const seen: ReceivedRequest[] = [];
    h = await harness({
      state: (s) => {
        seed004World(s);
        const pbx = s.ycm.pbxs.find((p) => p.cloudPbxId === SEED_004_PBX);
        if (pbx) pbx.trunkDidRelations = [{ trunkId: 6681, didIds: [50036, 50044] }];
      },
      onRequest: (r) => seen.push(r),
    });
    const file = await writeWorkbook(h.dir, {
      did: [{ 'pbx.cloudPbxId': String(SEED_004_PBX), mode: 'remove-all' }],
    });
    const result = await runWorkbook({ file }, { clients: h.clients, journalFile: join(h.dir, 'j.jsonl') });
    expect(result.report.rows[0]?.status).toBe('succeeded');
    const put = seen.find((r) => r.method === 'PUT');
    expect(parse(put?.body ?? '')).toStrictEqual(parse(SEED_004_REQUEST_2));
  });

  it('custom SIP headers go out as Custom_SIP_Header objects: trunkId and headerId integers, value a string', async () => {
    const seen: ReceivedRequest[] = [];
    h = await harness({ state: (s) => seed004World(s, 704), onRequest: (r) => seen.push(r) });
    const file = await writeWorkbook(h.dir, {
      did: [
        {
          'pbx.cloudPbxId': String(SEED_004_PBX),
          trunkId: '6681',
          didIds: '50036, 50044',
          mode: 'replace',
          'Custom SIP headers': '6681:7=12345',
        },
      ],
    });
    const result = await runWorkbook({ file }, { clients: h.clients, journalFile: join(h.dir, 'j.jsonl') });
    expect(result.report.rows[0]?.status).toBe('succeeded');
    const put = seen.find((r) => r.method === 'PUT');
    expect(parse(put?.body ?? '')).toStrictEqual({
      trunkDidRelations: [{ trunkId: 6681, didIds: [50036, 50044] }],
      customSipHeadersBindings: [{ trunkId: 6681, headerId: 7, value: '12345' }],
    });
  });

  it("reads the seed's literal reply, and sends example 1 to it byte for byte in meaning", async () => {
    h = await harness();
    literal = await literalServer({ status: 200, body: SEED_004_RESPONSE });
    const ycm = new YcmClient({
      baseUrl: literal.url,
      clientId: 'c',
      clientSecret: 's',
      pacing: FAST_PACING,
    });
    const written = await ycm.updateDidBindings(
      SEED_004_PBX,
      (parse(SEED_004_REQUEST_1) as { trunkDidRelations: never }).trunkDidRelations,
    );
    expect(written.requestId).toBe('d42cdd6453bc1378ac74877a480f22c5');
    expect(parse(literal.requests[0]?.body ?? '')).toStrictEqual(parse(SEED_004_REQUEST_1));
  });
});

describe('seed 000: Create a Cloud PBX reply', () => {
  it('reads data.cloudPbxId and the requestId from the literal reply', async () => {
    const literal = await literalServer({ status: 200, body: SEED_000_RESPONSE });
    try {
      const ycm = new YcmClient({
        baseUrl: literal.url,
        clientId: 'c',
        clientSecret: 's',
        pacing: FAST_PACING,
      });
      expect(await ycm.createCloudPbx({ name: 'Yeastar P-Series Cloud PBX' })).toEqual({
        cloudPbxId: 42100,
        requestId: '44151421047434e0ef817a10fc5331a5',
      });
    } finally {
      await literal.close();
    }
  });
});
