/**
 * DID Bindings as seeds/004 and FACTS 1.8.O–Q describe them (issue 15 item 6): a DID the PBX keeps
 * is re-sent under the trunk it is on, never another one that also carries it; custom SIP headers
 * (firmware 84.22.0.134+, replaced wholesale by every PUT, unreadable) are sent only as the row
 * gives them, and a row that would silently wipe them is refused in the dry run.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { planWorkbook, runWorkbook } from '../../../src/core/engine/index.ts';
import type { SandboxState } from '../../../src/sandbox/state.ts';
import { harness, writeWorkbook, writes, type Harness } from './engine-helpers.ts';

const US_REGISTER = 'US_Register_A1B2C3'; // 6681
const US_PORT = 'US_Port_G7H8I9'; // 6683
const EXISTING = 42100; // bound to DIDs 1090–1099 on 6681
const FW_SIP_HEADERS = 704; // 84.22.0.134

function pbxOf(state: SandboxState, id = EXISTING): SandboxState['ycm']['pbxs'][number] {
  const pbx = state.ycm.pbxs.find((p) => p.cloudPbxId === id);
  if (!pbx) throw new Error(`no PBX ${id}`);
  return pbx;
}
function didOf(state: SandboxState, id: number): SandboxState['ycm']['dids'][number] {
  const did = state.ycm.dids.find((d) => d.id === id);
  if (!did) throw new Error(`no DID ${id}`);
  return did;
}
const relations = (h: Harness) =>
  Object.fromEntries(
    pbxOf(h.sandbox.state()).trunkDidRelations.map((r) => [r.trunkId, [...r.didIds].sort()]),
  );

describe('DID bindings keep what the row does not change', () => {
  let h: Harness;
  afterEach(async () => h.close());

  it("a kept DID carried by two trunks stays on the one the PBX is assigned, not the row's trunk", async () => {
    h = await harness({
      state: (s) => {
        didOf(s, 1090).trunkIds = [6681, 6683]; // bound on 6681, also carried by 6683
        didOf(s, 1050).trunkIds = [6683];
      },
    });
    const file = await writeWorkbook(h.dir, {
      did: [{ 'pbx.cloudPbxId': String(EXISTING), trunk: US_PORT, dids: '+12025550150', mode: 'add' }],
    });
    const result = await runWorkbook({ file }, { clients: h.clients, journalFile: join(h.dir, 'j.jsonl') });
    expect(result.report.rows[0]?.status).toBe('succeeded');
    expect(relations(h)).toEqual({
      6681: [1090, 1091, 1092, 1093, 1094, 1095, 1096, 1097, 1098, 1099],
      6683: [1050],
    });
    // The PBX's trunks (FACTS 1.8.Q) are read only because one DID has several carriers: once by
    // the dry run, once by the run (fresh: earlier rows may have changed them).
    expect(h.sandbox.stats().byEndpoint['GET /dm/open_api/v1/shared_trunk/pbx/used']).toBe(2);
  });

  it('the dry run refuses a row when a kept DID sits on two trunks both assigned to the PBX; nothing is sent', async () => {
    h = await harness({
      state: (s) => {
        didOf(s, 1090).trunkIds = [6681, 6683];
        didOf(s, 1051).trunkIds = [6683];
        pbxOf(s).trunkDidRelations.push({ trunkId: 6683, didIds: [1051] });
      },
    });
    const before = relations(h);
    const file = await writeWorkbook(h.dir, {
      did: [{ 'pbx.cloudPbxId': String(EXISTING), trunk: US_REGISTER, dids: '+12025550152', mode: 'add' }],
    });
    const plan = await planWorkbook({ file }, { clients: h.clients });
    expect(plan.report.rows[0]?.status).toBe('invalid');
    expect(plan.report.rows[0]?.messages.map((m) => m.message).join('\n')).toMatch(
      /DID \+12025550190 \(ID 1090\) is bound to this PBX and carried by trunks 6681 and 6683, all assigned to it/,
    );
    const result = await runWorkbook({ file }, { clients: h.clients, journalFile: join(h.dir, 'j.jsonl') });
    expect(result.report.rows[0]?.status).toBe('invalid');
    expect(writes(h.sandbox)).toEqual({});
    expect(relations(h)).toEqual(before);
  });

  it('the run refuses, sending nothing for it, a row whose kept DID became ambiguous earlier in the run', async () => {
    // Row 1 binds DID 1050 (carried by 6681 and 6683) on 6683: the PBX then has both trunks, and
    // row 2, planned before row 1 ran, can no longer tell where 1050 is.
    h = await harness({ state: (s) => void (didOf(s, 1050).trunkIds = [6681, 6683]) });
    const file = await writeWorkbook(h.dir, {
      did: [
        { 'pbx.cloudPbxId': String(EXISTING), trunk: US_PORT, dids: '+12025550150', mode: 'add' },
        { 'pbx.cloudPbxId': String(EXISTING), trunk: US_REGISTER, dids: '+12025550151', mode: 'add' },
      ],
    });
    const result = await runWorkbook({ file }, { clients: h.clients, journalFile: join(h.dir, 'j.jsonl') });
    expect(result.report.rows.map((r) => r.status)).toEqual(['succeeded', 'failed']);
    expect(result.report.rows[1]?.messages.at(-1)?.message).toMatch(
      /^DID \+12025550150 \(ID 1050\) is bound to this PBX and carried by trunks 6681 and 6683, all assigned to it;.*Nothing was sent\.$/,
    );
    expect(writes(h.sandbox)['PUT /dm/open_api/v1/cloud_pbx/instances/:id/did']).toBe(1);
    expect(relations(h)).toEqual({
      6681: [1090, 1091, 1092, 1093, 1094, 1095, 1096, 1097, 1098, 1099],
      6683: [1050],
    });
  });
});

describe('custom SIP headers (seeds/004)', () => {
  let h: Harness;
  afterEach(async () => h.close());
  const onNewFirmware = (s: SandboxState): void => {
    const pbx = pbxOf(s);
    pbx.versionId = FW_SIP_HEADERS;
    pbx.customSipHeadersBindings = [{ trunkId: 6681, headerId: 5, value: 'keep-me' }];
  };
  const row = (extra: Record<string, string> = {}) => ({
    'pbx.cloudPbxId': String(EXISTING),
    trunk: US_REGISTER,
    dids: '+12025550153',
    ...extra,
  });

  it('on 84.22.0.134+ a row without the column is refused in the dry run, naming it; nothing is sent', async () => {
    h = await harness({ state: onNewFirmware });
    const file = await writeWorkbook(h.dir, { did: [row()] });
    const plan = await planWorkbook({ file }, { clients: h.clients });
    const r = plan.report.rows[0];
    expect(r?.status).toBe('invalid');
    expect(r?.messages).toContainEqual(
      expect.objectContaining({
        column: 'Custom SIP headers',
        level: 'error',
        message: expect.stringMatching(
          /firmware 84\.22\.0\.134: .*replaces all its custom SIP headers.*Fill 'Custom SIP headers'.*'unchanged'.*'none'/,
        ),
      }),
    );
    const result = await runWorkbook({ file }, { clients: h.clients, journalFile: join(h.dir, 'j.jsonl') });
    expect(result.report.rows[0]?.status).toBe('invalid');
    expect(writes(h.sandbox)).toEqual({});
    expect(pbxOf(h.sandbox.state()).customSipHeadersBindings).toEqual([
      { trunkId: 6681, headerId: 5, value: 'keep-me' },
    ]);
  });

  it("'unchanged' leaves the field out of the request: the PBX keeps its headers", async () => {
    h = await harness({ state: onNewFirmware });
    const file = await writeWorkbook(h.dir, { did: [row({ customSipHeadersBindings: 'Unchanged' })] });
    const result = await runWorkbook({ file }, { clients: h.clients, journalFile: join(h.dir, 'j.jsonl') });
    expect(result.report.rows[0]?.status).toBe('succeeded');
    expect(pbxOf(h.sandbox.state()).customSipHeadersBindings).toEqual([
      { trunkId: 6681, headerId: 5, value: 'keep-me' },
    ]);
  });

  it('a list replaces them all, as seed 004 says; quoted values keep their semicolons', async () => {
    h = await harness({ state: onNewFirmware });
    const file = await writeWorkbook(h.dir, {
      did: [row({ 'Custom SIP headers': '6681:12=acme-east; 6681:13="tag;x=1"' })],
    });
    const result = await runWorkbook({ file }, { clients: h.clients, journalFile: join(h.dir, 'j.jsonl') });
    expect(result.report.rows[0]?.status).toBe('succeeded');
    expect(pbxOf(h.sandbox.state()).customSipHeadersBindings).toEqual([
      { trunkId: 6681, headerId: 12, value: 'acme-east' },
      { trunkId: 6681, headerId: 13, value: 'tag;x=1' },
    ]);
  });

  it("'none' removes every custom SIP header", async () => {
    h = await harness({ state: onNewFirmware });
    const file = await writeWorkbook(h.dir, { did: [row({ customSipHeadersBindings: 'none' })] });
    const result = await runWorkbook({ file }, { clients: h.clients, journalFile: join(h.dir, 'j.jsonl') });
    expect(result.report.rows[0]?.status).toBe('succeeded');
    expect(pbxOf(h.sandbox.state()).customSipHeadersBindings).toEqual([]);
  });

  it('a header on a trunk the binding leaves without DIDs is refused (YCM would ignore it), nothing sent', async () => {
    h = await harness({ state: onNewFirmware });
    const file = await writeWorkbook(h.dir, { did: [row({ customSipHeadersBindings: '6683:12=acme' })] });
    const result = await runWorkbook({ file }, { clients: h.clients, journalFile: join(h.dir, 'j.jsonl') });
    expect(result.report.rows[0]?.status).toBe('failed');
    expect(result.report.rows[0]?.messages[0]?.message).toMatch(/trunk 6683: .*YCM would ignore them/);
    expect(writes(h.sandbox)).toEqual({});
  });

  it('below 84.22.0.134 the column is optional, and a list in it is refused (it would have no effect)', async () => {
    h = await harness();
    const file = await writeWorkbook(h.dir, {
      did: [row(), row({ dids: '+12025550154', customSipHeadersBindings: '6681:12=acme' })],
    });
    const plan = await planWorkbook({ file }, { clients: h.clients });
    expect(plan.report.rows.map((r) => r.status)).toEqual(['valid', 'invalid']);
    expect(plan.report.rows[1]?.messages[0]).toMatchObject({
      column: 'customSipHeadersBindings',
      message: expect.stringMatching(/take effect on firmware 84\.22\.0\.134 or later.*runs 84\.21\.0\.70/),
    });
  });

  it('a cell that is not trunkId:headerId=value is a validation error naming the column', async () => {
    h = await harness({ state: onNewFirmware });
    const file = await writeWorkbook(h.dir, { did: [row({ 'Custom SIP headers': '6681-12 acme' })] });
    const plan = await planWorkbook({ file }, { clients: h.clients });
    expect(plan.report.rows[0]?.status).toBe('invalid');
    expect(plan.report.rows[0]?.messages).toEqual([
      expect.objectContaining({
        column: 'Custom SIP headers',
        message: expect.stringMatching(/^'6681-12 acme' is not trunkId:headerId=value/),
      }),
    ]);
  });
});
