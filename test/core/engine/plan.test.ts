/**
 * Plan (online dry run, PRODUCT.md Plan) against the loopback sandbox: names become ids, conflicts
 * with the live account make rows invalid, nothing is written, and the call plan is counted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planWorkbook } from '../../../src/core/engine/index.ts';
import type { PbxAction } from '../../../src/core/engine/planned.ts';
import { EXISTING_SNS, PP_PLAN_IDS, PP_SERVICE_IDS } from '../../../src/sandbox/fixtures.ts';
import { ADMIN_PASSWORD, harness, pbxRow, writeWorkbook, writes, type Harness } from './engine-helpers.ts';
import { errorsOf, rowOf } from './plan-helpers.ts';

describe('plan against the sandbox', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness();
  });
  afterAll(async () => h.close());

  it('resolves region, domain, firmware, customer emails, template, trunk and DIDs to their ids', async () => {
    const file = await writeWorkbook(h.dir, {
      pbx: [
        pbxRow(1, 'resolve-a', {
          customerEmails: 'alice@acme.example; BOB@globex.example',
          provisioningViaTemplate: 'Enabled',
          provisionTemplate: 'Default Template',
          dids: '+12025550101; +12025550102',
        }),
      ],
    });
    const plan = await planWorkbook({ file }, { clients: h.clients });
    const row = rowOf(plan, 'PBX', 2);
    expect(row.report.status, errorsOf(plan, 'PBX', 2)).toBe('valid');
    const action = row.action as PbxAction;
    expect(action.type).toBe('pbx');
    expect(action.body).toMatchObject({
      regionId: 1,
      domainId: 11,
      versionId: 701,
      customerIds: [50001, 50002],
      provisionTemplateId: 306,
      trunkDidRelations: [{ trunkId: 6681, didIds: [1001, 1002] }],
      subDomain: 'resolve-a',
    });
    // The sheet's names are replaced by ids: the vendor would reject unknown fields.
    for (const name of [
      'region',
      'domain',
      'firmware',
      'customerEmails',
      'provisionTemplate',
      'trunk',
      'dids',
    ])
      expect(action.body).not.toHaveProperty(name);
  });

  it('a reference given by ID and by name must name one thing; customers by ID and by email are all given', async () => {
    const file = await writeWorkbook(h.dir, {
      pbx: [
        pbxRow(31, 'both-agree', {
          regionId: '1',
          customerIds: '50002',
          customerEmails: 'alice@acme.example',
        }),
        pbxRow(32, 'both-differ', { regionId: '2' }),
        pbxRow(33, 'trunk-differ', { trunkId: '6681', trunk: 'Another trunk' }),
      ],
    });
    const plan = await planWorkbook({ file }, { clients: h.clients });
    const agree = rowOf(plan, 'PBX', 2);
    expect(agree.report.status, errorsOf(plan, 'PBX', 2)).toBe('valid');
    expect((agree.action as PbxAction).body).toMatchObject({ regionId: 1, customerIds: [50002, 50001] });
    expect(rowOf(plan, 'PBX', 3).report.status).toBe('invalid');
    expect(errorsOf(plan, 'PBX', 3)).toMatch(
      /^'regionId' 2 is 'Europe \(Frankfurt\)', but 'region' says '.+': correct the one that is wrong, or clear one of them\.$/,
    );
    expect(errorsOf(plan, 'PBX', 4)).toMatch(
      /^'trunkId' 6681 is 'US_Register_A1B2C3', but 'trunk' says 'Another trunk'/,
    );
  });

  it('domain, firmware and template named both ways must agree too; a customer in both columns is given once; a quoted password is masked', async () => {
    const file = await writeWorkbook(h.dir, {
      pbx: [
        pbxRow(34, 'domain-differ', { region: '', regionId: '2', domainId: '21' }),
        pbxRow(35, 'fw-differ', { versionId: '702' }),
        pbxRow(36, 'tpl-differ', {
          provisioningViaTemplate: 'Enabled',
          provisionTemplateId: '306',
          provisionTemplate: 'Another template',
        }),
        pbxRow(37, 'customers-twice', { customerIds: '50001', customerEmails: 'alice@acme.example' }),
        pbxRow(38, 'secret-trunk', { trunkId: '6681', trunk: ADMIN_PASSWORD }),
      ],
    });
    const plan = await planWorkbook({ file }, { clients: h.clients });
    expect(errorsOf(plan, 'PBX', 2)).toMatch(
      /^'domainId' 21 is 'eu.yeastarcloud.com', but 'domain' says 'yeastarcloud.com'/,
    );
    expect(errorsOf(plan, 'PBX', 3)).toMatch(/^'versionId' 702 is '.+', but 'firmware' says/);
    expect(errorsOf(plan, 'PBX', 4)).toMatch(
      /^'provisionTemplateId' 306 is '.+', but 'provisionTemplate' says 'Another template'/,
    );
    expect((rowOf(plan, 'PBX', 5).action as PbxAction).body['customerIds']).toEqual([50001]);
    expect(errorsOf(plan, 'PBX', 6)).toMatch(/but 'trunk' says '••••••'/);
    expect(JSON.stringify(plan.report)).not.toContain(ADMIN_PASSWORD);
  });

  it("warns when a PBX has fewer extensions than the subscription's minimum per PBX", async () => {
    const file = await writeWorkbook(h.dir, {
      pbx: [pbxRow(41, 'small-pbx', { extensionCapacity: '3' }), pbxRow(42, 'big-pbx')],
    });
    const plan = await planWorkbook({ file }, { clients: h.clients });
    const small = rowOf(plan, 'PBX', 2).report.messages.filter((m) => m.level === 'warning');
    expect(small.map((m) => m.message)).toContainEqual(
      "This account's subscription sets a minimum of 5 extensions per PBX (minimumExtPerPbx); 3 may be refused, or billed as 5.",
    );
    expect(rowOf(plan, 'PBX', 2).report.status).toBe('valid');
    expect(
      rowOf(plan, 'PBX', 3)
        .report.messages.map((m) => m.message)
        .join(' '),
    ).not.toMatch(/minimumExtPerPbx/);
  });

  it('targets an existing PBX by subdomain and a PBX of the same workbook for later sheets', async () => {
    const file = await writeWorkbook(h.dir, {
      pbx: [pbxRow(3, 'target-new')],
      did: [
        { 'pbx.subDomain': 'existingco', trunk: 'US_Register_A1B2C3', dids: '+12025550150', mode: 'add' },
        { 'pbx.subDomain': 'target-new', trunk: 'US_Register_A1B2C3', dids: '+12025550151', mode: 'add' },
      ],
    });
    const plan = await planWorkbook({ file }, { clients: h.clients });
    const toExisting = rowOf(plan, 'DID Bindings', 2).action;
    const toNew = rowOf(plan, 'DID Bindings', 3).action;
    expect(toExisting).toMatchObject({ type: 'did', trunkId: 6681, didIds: [1050], mode: 'add' });
    expect(
      toExisting?.type === 'did' && 'existing' in toExisting.target && toExisting.target.existing.cloudPbxId,
    ).toBe(42100);
    expect(toNew).toMatchObject({
      type: 'did',
      didIds: [1051],
      target: { workbook: rowOf(plan, 'PBX', 2).key },
    });
  });

  it('flags a subdomain taken by another PBX as invalid, naming the owner', async () => {
    const file = await writeWorkbook(h.dir, { pbx: [pbxRow(4, 'existingco', { name: 'Someone Else' })] });
    const plan = await planWorkbook({ file }, { clients: h.clients });
    expect(rowOf(plan, 'PBX', 2).report.status).toBe('invalid');
    expect(errorsOf(plan, 'PBX', 2)).toMatch(/subdomain 'existingco' is taken by PBX 'Existing Co'/);
    expect(rowOf(plan, 'PBX', 2).action).toBeUndefined();
  });

  it('flags DIDs bound to another PBX and DIDs the trunk does not carry', async () => {
    const file = await writeWorkbook(h.dir, {
      pbx: [pbxRow(5, 'did-bound', { dids: '+12025550190' }), pbxRow(6, 'did-eu', { dids: '+4930555001' })],
    });
    const plan = await planWorkbook({ file }, { clients: h.clients });
    expect(rowOf(plan, 'PBX', 2).report.status).toBe('invalid');
    expect(errorsOf(plan, 'PBX', 2)).toMatch(/\+12025550190 is already bound to PBX 42100/);
    expect(rowOf(plan, 'PBX', 3).report.status).toBe('invalid');
    expect(errorsOf(plan, 'PBX', 3)).toMatch(/\+4930555001 is not carried by trunk US_Register_A1B2C3/);
  });

  it('refuses DIDs at creation on firmware 84.18.0.10 (binding needs 84.19.0.22)', async () => {
    const file = await writeWorkbook(h.dir, {
      pbx: [pbxRow(7, 'old-fw', { firmware: '84.18.0.10' }), pbxRow(8, 'new-fw', { firmware: '84.19.0.22' })],
    });
    const plan = await planWorkbook({ file }, { clients: h.clients });
    expect(rowOf(plan, 'PBX', 2).report.status).toBe('invalid');
    expect(errorsOf(plan, 'PBX', 2)).toMatch(/84\.19\.0\.22/);
    expect(rowOf(plan, 'PBX', 3).report.status, errorsOf(plan, 'PBX', 3)).toBe('valid');
  });

  it('says exactly what each order will send: SN, plan and service ids, quantity, cycle and billing contact', async () => {
    const file = await writeWorkbook(h.dir, {
      expansion: [
        {
          'pbx.subDomain': 'legacyco',
          method: 'order',
          addExtensions: '5',
          addRecordingMinutes: '100',
          billingCycle: 'annually',
        },
      ],
    });
    const plan = await planWorkbook({ file }, { clients: h.clients });
    const row = rowOf(plan, 'Expansions', 2);
    expect(row.report.status, errorsOf(plan, 'Expansions', 2)).toBe('valid');
    const said = row.report.messages.map((m) => m.message).join(' ');
    expect(said).toContain(`productNo ${EXISTING_SNS.legacy}`);
    expect(said).toContain(`connectionPlanId ${PP_PLAN_IDS.enterprise} (Enterprise Plan)`);
    expect(said).toContain(`serviceId ${PP_SERVICE_IDS.extensions} (Extension Expansion) × 5 extensions`);
    expect(said).toContain(`serviceId ${PP_SERVICE_IDS.recording} (Recording Minutes) × 100 minutes`);
    expect(said).toContain('billingCycle annually, billingId 1001');
    expect(row.action).toMatchObject({
      order: {
        connectionPlanId: PP_PLAN_IDS.enterprise,
        extensionServiceId: PP_SERVICE_IDS.extensions,
        recordingServiceId: PP_SERVICE_IDS.recording,
        billingCycle: 'annually',
        billingId: '1001',
      },
    });
  });

  it('sheet ids win over the lists, but one the portal lists as something else is refused on its column', async () => {
    const base = {
      'pbx.subDomain': 'existingco',
      method: 'order',
      addExtensions: '5',
      billingCycle: 'monthly',
    };
    const file = await writeWorkbook(h.dir, {
      expansion: [
        { ...base, connectionPlanId: PP_PLAN_IDS.enterprise, extensionServiceId: PP_SERVICE_IDS.extensions },
        { ...base, extensionServiceId: PP_SERVICE_IDS.recording },
        { ...base, connectionPlanId: PP_PLAN_IDS.ultimate },
        { ...base, extensionServiceId: '123' },
      ],
    });
    const plan = await planWorkbook({ file }, { clients: h.clients });
    expect(rowOf(plan, 'Expansions', 2).report.status, errorsOf(plan, 'Expansions', 2)).toBe('valid');
    const refused = (n: number) =>
      rowOf(plan, 'Expansions', n).report.messages.find((m) => m.level === 'error');
    expect(refused(3)).toMatchObject({
      column: 'extensionServiceId',
      message: expect.stringMatching(
        /is the Partner Portal's 'Recording Minutes', not the extension expansion service/,
      ),
    });
    expect(refused(4)).toMatchObject({
      column: 'connectionPlanId',
      message: expect.stringMatching(/'Ultimate Plan', not the plan 'Enterprise Plan' of this PBX/),
    });
    expect(refused(5)?.message).toMatch(/123 is not among the ids the Partner Portal lists/);
  });

  it('marks a DID row skipped when the PBX row it depends on is invalid', async () => {
    const file = await writeWorkbook(h.dir, {
      pbx: [pbxRow(9, 'dep-bad', { firmware: '84.18.0.10' })],
      did: [{ 'pbx.subDomain': 'dep-bad', trunk: 'US_Register_A1B2C3', dids: '+12025550152', mode: 'add' }],
    });
    const plan = await planWorkbook({ file }, { clients: h.clients });
    const did = rowOf(plan, 'DID Bindings', 2);
    expect(did.report.status).toBe('skipped');
    expect(did.action).toBeUndefined();
    expect(did.report.messages.map((m) => m.message).join(' ')).toMatch(/row 2\) is invalid/);
  });

  it('writes nothing to any system and counts the calls a run would make', async () => {
    const before = writes(h.sandbox);
    const file = await writeWorkbook(h.dir, {
      pbx: [pbxRow(10, 'count-a'), pbxRow(11, 'count-b'), pbxRow(12, 'legacyco', { name: 'Taken' })],
      did: [
        { 'pbx.subDomain': 'existingco', trunk: 'US_Register_A1B2C3', dids: '+12025550153', mode: 'add' },
      ],
      expansion: [
        { 'pbx.subDomain': 'count-a', method: 'order', addExtensions: '10', billingCycle: 'monthly' },
      ],
    });
    const plan = await planWorkbook(
      { file },
      { clients: h.clients, bucket: { burst: 2, rate: 1, intervalSeconds: 10 } },
    );
    expect(writes(h.sandbox)).toEqual(before);
    expect(h.sandbox.stats().created).toEqual({ pbxs: 0, orders: 0, profiles: 0 });
    const count = (endpoint: string): number =>
      plan.calls.find((c) => c.endpoint.startsWith(endpoint))?.count ?? 0;
    expect(count('YCM POST /cloud_pbx/instances')).toBe(2);
    expect(count('YCM PUT /cloud_pbx/instances/{id}/did')).toBe(1);
    expect(count('PP POST /order/v1/save')).toBe(1);
    expect(plan.creates).toMatchObject({ pbx: 2, did: 1, expansion: 1 });
    expect(plan.orders).toBe(1);
    // The order's PBX is created by this workbook: one status read at least (readiness.ts).
    expect(count('YCM GET /cloud_pbx/instances/{id}/status')).toBe(1);
    // 2 creates + 2 detail reads + 1 binding read + 1 binding write + 1 status read = 7 YCM calls;
    // burst 2, 1 per 10 s.
    expect(plan.estimateSeconds).toBe(50);
  });
});
