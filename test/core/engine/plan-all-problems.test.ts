/**
 * The dry run says every online problem of a PBX row at once (issue 17, Plan), not one per dry
 * run: a wrong region does not hide an unknown customer or template, a wrong domain does not hide
 * a wrong firmware, and every unknown customer email is named.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planWorkbook, type PlanResult } from '../../../src/core/engine/index.ts';
import { harness, pbxRow, writeWorkbook, type Harness } from './engine-helpers.ts';

function errors(plan: PlanResult, row: number): string[] {
  const found = plan.rows.find((r) => r.sheet === 'PBX' && r.row === row);
  return (found?.report.messages ?? [])
    .filter((m) => m.level === 'error')
    .map((m) => `${m.column}: ${m.message}`);
}

describe('plan: every online problem of a row', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness();
  });
  afterAll(async () => h.close());

  it('checks customers, template and DIDs even when the region is unknown, and names every unknown email', async () => {
    const file = await writeWorkbook(h.dir, {
      pbx: [
        pbxRow(1, 'all-a', {
          region: 'Atlantis',
          customerEmails: 'nobody@acme.example; alice@acme.example; ghost@globex.example',
          provisioningViaTemplate: 'Enabled',
          provisionTemplate: 'No Such Template',
        }),
      ],
    });
    const plan = await planWorkbook({ file }, { clients: h.clients });
    const found = errors(plan, 2);
    expect(found).toEqual([
      expect.stringMatching(/^region: Unknown region\./),
      expect.stringMatching(/nobody@acme\.example/),
      expect.stringMatching(/ghost@globex\.example/),
      expect.stringMatching(/Unknown provisioning template/),
    ]);
    expect(plan.rows[0]?.action).toBeUndefined();
  });

  it('says a wrong domain and a wrong firmware of one row together', async () => {
    const file = await writeWorkbook(
      h.dir,
      { pbx: [pbxRow(2, 'all-b', { domain: 'nowhere.example', firmware: '1.0.0' })] },
      'b.xlsx',
    );
    const plan = await planWorkbook({ file }, { clients: h.clients });
    expect(errors(plan, 2)).toEqual([
      expect.stringMatching(/^domain: This domain is not available in/),
      expect.stringMatching(/^firmware: This firmware is not available in/),
    ]);
  });
});

describe('plan: every online problem of a DID row', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness();
  });
  afterAll(async () => h.close());

  it('checks the trunk and DIDs even when the PBX named is not found', async () => {
    const file = await writeWorkbook(h.dir, {
      did: [{ 'pbx.cloudPbxId': '999999', trunk: 'No Such Trunk', dids: '+12025550150', mode: 'add' }],
    });
    const plan = await planWorkbook({ file }, { clients: h.clients });
    const messages = plan.report.rows[0]?.messages.filter((m) => m.level === 'error').map((m) => m.message);
    expect(messages).toEqual([expect.stringMatching(/PBX/), expect.stringMatching(/trunk/i)]);
  });
});
