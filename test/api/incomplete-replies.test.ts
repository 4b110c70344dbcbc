/**
 * Issue 15 item 7: a success reply without the id or list a step needs is a typed error naming the
 * endpoint and the requestId (never `NaN`, `''` or an empty list); for a create it is ambiguous.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { AmbiguousWriteError, IncompleteReplyError, IncompleteWriteReplyError } from '../../src/api/index.ts';
import type { Sandbox } from '../../src/sandbox/server.ts';
import { idOf } from '../../src/api/ycm-client.ts';
import { myreportsClient, pbxBody, sandbox, ycmClient } from './sandbox-fixture.ts';

const ACME = '7f8a1c2e-0b1d-4c3e-9f00-1a2b3c4d5e6f';

let sb: Sandbox;
afterEach(async () => sb.close());

describe('incomplete success replies', () => {
  it('a Cloud PBX create reply without data.cloudPbxId is an ambiguous IncompleteWriteReplyError', async () => {
    sb = await sandbox({ faults: { noData: 1, only: ['/v1/cloud_pbx/instances'] } });
    const error = await ycmClient(sb)
      .createCloudPbx(pbxBody('noid-co'))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IncompleteWriteReplyError);
    expect(error).toBeInstanceOf(AmbiguousWriteError);
    const e = error as IncompleteWriteReplyError;
    expect(e.field).toBe('data.cloudPbxId');
    expect(e.requestId).toMatch(/^[0-9a-f-]{32,36}$/);
    expect(e.message).toContain('YCM POST /dm/open_api/v1/cloud_pbx/instances failed');
    expect(e.message).toContain(`requestId ${e.requestId ?? ''}`);
    expect(sb.stats().created.pbxs).toBe(1);
  });

  it('list replies without their array are IncompleteReplyError, not an empty list', async () => {
    sb = await sandbox({ faults: { noData: 1, only: ['/v2/cloud_pbx', '/did_management/', '/firmware'] } });
    const ycm = ycmClient(sb);
    await expect(ycm.listCloudPbxs()).rejects.toThrow(IncompleteReplyError);
    await expect(ycm.firmwares()).rejects.toThrow(/the success reply has no data\[\]/);
    await expect(ycm.getAssignedDids(42100)).rejects.toMatchObject({ field: 'data.didIds' });
  });

  it('the status and assigned-trunk reads name the missing field', async () => {
    sb = await sandbox({ faults: { noData: 1, only: ['/status', '/shared_trunk/pbx/used'] } });
    const ycm = ycmClient(sb);
    await expect(ycm.getCloudPbxStatus(42100)).rejects.toMatchObject({ field: 'data.pbxStatus' });
    await expect(ycm.getAssignedTrunks(42100)).rejects.toMatchObject({ field: 'data.sharedTrunkIds' });
  });

  it('a MyReports create reply with neither data.id nor Location is ambiguous; lists need their data', async () => {
    sb = await sandbox({ faults: { noData: 1, only: ['/customers'] } });
    const mr = myreportsClient(sb);
    const error = await mr
      .createProfile(ACME, {
        _type: 'KazooPbxConnectionProfile',
        name: 'No id',
        hostRest: 'https://k.example',
        hostWebsocket: 'wss://k.example',
        accountId: 'feedfeedfeedfeed',
        apiKey: 'kazoo-key-secret',
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IncompleteWriteReplyError);
    expect(sb.state().mr.profiles).toHaveLength(1);
    await expect(mr.listCustomers()).rejects.toThrow(IncompleteReplyError);
  });
});

describe('idOf', () => {
  it('takes an id as a number, digit string, bigint or lossless number object; never NaN', () => {
    const lossless = { value: '42100', toString: () => '42100' };
    expect([42100, '42100', 42100n, lossless].map(idOf)).toEqual([42100, 42100, 42100, 42100]);
    for (const bad of [undefined, null, '', 'NaN', Number.NaN, 0, -5, 1.5, '12a', {}, 2n ** 60n])
      expect(idOf(bad)).toBeUndefined();
  });
});
